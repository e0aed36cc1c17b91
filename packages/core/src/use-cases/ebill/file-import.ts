/**
 * Imports one CSV file of a BatchProcess: streams the input blob through the RecordDecoder,
 * applies valid rows in chunks (one unit of work each), and streams every row with its `status`
 * and `errorMessage` through the ResultFileWriter into the output blob, in bounded memory.
 *
 * A file that stops being readable part way (truncated, not CSV) ends the rows there: the rows
 * before it stay applied and are in the output file, and the process fails with the reason.
 * Applying is idempotent, so running a file again after a crash leaves the same books.
 */
import { Chunk, Effect, Either, Stream } from "effect";
import type { BatchProcessOutcome, ImportSubOperation } from "../../batch-process/batch-process.state";
import type { Instant, OrganizationId } from "../../kernel";
import { BlobStoreUnavailable, type BlobKey, type BlobStore } from "../../ports/blob-store";
import type { DecodedItem, PayloadMalformed, RecordDecoder, ResultFileWriter, ResultRow } from "../../ports/codecs";
import type { StoreUnavailable } from "../../ports/errors";
import type { ReceivableStores } from "../../ports/receivable-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { rowErrorText, withRowApplier, type ReceivableRowApplier, type ReceivableRowContext } from "./receivable-rows";

export interface FileImportDeps {
  readonly uow: UnitOfWork<ReceivableStores>;
  readonly blobs: BlobStore;
  readonly decoder: RecordDecoder;
  readonly resultWriter: ResultFileWriter;
  /** Rows applied per unit of work. */
  readonly chunkSize: number;
}

export interface FileImportJob {
  readonly orgId: OrganizationId;
  readonly at: Instant;
  readonly subOperation: ImportSubOperation;
  readonly inputKey: BlobKey;
  readonly outputKey: BlobKey;
}

export type FileImportOutcome = Required<Pick<BatchProcessOutcome, "rowsRead" | "successCount" | "failCount">> & Pick<BatchProcessOutcome, "failure">;

export type FileImportError = StoreUnavailable | BlobStoreUnavailable;

const isMalformed = (e: unknown): e is PayloadMalformed =>
  typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "Payload.Malformed";

/** What stopped the reading: the payload itself, or the storage under it. */
const readFailure = (e: unknown): PayloadMalformed | BlobStoreUnavailable =>
  isMalformed(e) ? e : new BlobStoreUnavailable({ message: `reading the input failed: ${e instanceof Error ? e.message : String(e)}`, cause: e });

const malformedText = (e: PayloadMalformed): string =>
  `the input file is unreadable${e.position === undefined ? "" : ` at ${e.position}`}: ${e.message}`;

/** Result rows for a chunk of decoded items: invalid ones fail with their field errors, valid ones as applied. */
const applyChunk = <A>(deps: FileImportDeps, applier: ReceivableRowApplier<A>, context: ReceivableRowContext, items: ReadonlyArray<DecodedItem<A>>) =>
  Effect.gen(function* () {
    const valid = items.flatMap((item) => (item._tag === "Valid" ? [{ itemNumber: item.itemNumber, record: item.record }] : []));
    const outcomes = valid.length === 0 ? [] : yield* deps.uow.run((stores) => applier.apply(stores, context, valid));
    const byItem = new Map(outcomes.map((outcome) => [outcome.itemNumber, outcome]));
    return items.map((item): ResultRow => {
      if (item._tag === "Invalid") return { raw: item.raw, status: "Failed", errorMessage: rowErrorText(item.errors) };
      const outcome = byItem.get(item.itemNumber);
      if (outcome?._tag === "Applied") return { raw: item.raw, status: "Success", errorMessage: "" };
      return { raw: item.raw, status: "Failed", errorMessage: outcome === undefined ? "not applied" : rowErrorText(outcome.errors) };
    });
  });

/** The first item (for the column names) and an iterable over all of them, first included. */
const peek = <A>(items: AsyncIterable<A>) =>
  Effect.gen(function* () {
    const iterator = items[Symbol.asyncIterator]();
    const first = yield* Effect.tryPromise({ try: () => iterator.next(), catch: readFailure }).pipe(Effect.either);
    const rest: AsyncIterable<A> = {
      async *[Symbol.asyncIterator]() {
        if (Either.isLeft(first) || first.right.done === true) return;
        yield first.right.value;
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
      },
    };
    return { first: Either.map(first, (r) => (r.done === true ? undefined : r.value)), all: rest };
  });

const importWith = <A>(deps: FileImportDeps, applier: ReceivableRowApplier<A>, job: FileImportJob) =>
  Effect.gen(function* () {
    // What the row stream met on its way, read after the blob store has consumed it.
    const seen: { streamError?: FileImportError; failure?: string } = {};
    const writeOutput = (columns: ReadonlyArray<string>, rows: AsyncIterable<ResultRow> | Iterable<ResultRow>) =>
      deps.blobs.put(job.outputKey, deps.resultWriter.write(columns, rows), { contentType: "text/csv" }).pipe(
        Effect.catchAll((e) =>
          seen.streamError !== undefined ? Effect.fail(seen.streamError) : e._tag === "Blob.Unavailable" ? Effect.fail(e) : Effect.die(e),
        ),
      );
    const failedBeforeFirstRow = (failure: string) =>
      Effect.as(writeOutput([], []), { rowsRead: 0, successCount: 0, failCount: 0, failure } satisfies FileImportOutcome);

    const bytes = yield* deps.blobs.get(job.inputKey).pipe(Effect.either);
    if (Either.isLeft(bytes)) {
      if (bytes.left._tag === "Blob.Unavailable") return yield* Effect.fail(bytes.left);
      return yield* failedBeforeFirstRow("the input file is no longer in the blob store");
    }
    const { first, all } = yield* peek(deps.decoder.decode({ format: "CSV", schema: applier.schema, bytes: bytes.right }));
    if (Either.isLeft(first)) {
      if (first.left._tag === "Blob.Unavailable") return yield* Effect.fail(first.left);
      return yield* failedBeforeFirstRow(malformedText(first.left));
    }

    const context: ReceivableRowContext = { orgId: job.orgId, at: job.at };
    const counts = { rowsRead: 0, successCount: 0, failCount: 0 };
    const rows = Stream.fromAsyncIterable(all, readFailure).pipe(
      Stream.catchTag("Payload.Malformed", (e) => {
        seen.failure = malformedText(e);
        return Stream.empty;
      }),
      Stream.grouped(deps.chunkSize),
      Stream.mapEffect((chunk) => applyChunk(deps, applier, context, Chunk.toReadonlyArray(chunk))),
      Stream.tap((chunk) =>
        Effect.sync(() => {
          for (const row of chunk) {
            counts.rowsRead += 1;
            if (row.status === "Success") counts.successCount += 1;
            else counts.failCount += 1;
          }
        }),
      ),
      Stream.flattenIterables,
      Stream.tapError((e) =>
        Effect.sync(() => {
          seen.streamError = e;
        }),
      ),
    );
    yield* writeOutput(first.right === undefined ? [] : Object.keys(first.right.raw), Stream.toAsyncIterable(rows));
    return { ...counts, ...(seen.failure === undefined ? {} : { failure: seen.failure }) } satisfies FileImportOutcome;
  });

/**
 * Imports the rows of `job.inputKey` and writes `job.outputKey`. An input that is unreadable or
 * gone is not an error here but the outcome's `failure`. Fails with StoreUnavailable (a chunk
 * could not commit; chunks before it stay applied) or BlobStoreUnavailable.
 */
export const importBatchProcessFile = (deps: FileImportDeps, job: FileImportJob): Effect.Effect<FileImportOutcome, FileImportError> =>
  withRowApplier(job.subOperation, (applier) => importWith(deps, applier, job));
