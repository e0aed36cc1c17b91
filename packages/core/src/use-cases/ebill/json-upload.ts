/**
 * The JSON upload of seed 002 (`/jsonApi/upload/invoices`, `/jsonApi/upload/customers`): an
 * array of records, each decoded alone; failing ones are reported as `{index, field, message}`
 * and the others applied. Each upload is an `eBill-Import` BatchProcess with input type `JSON`.
 *
 * The upload is bounded (BATCH_JSON_UPLOAD_MAX_RECORDS / _MAX_BYTES), so the process, its records
 * and its terminal status commit in ONE unit of work: a client never sees a half-applied upload
 * or a process stuck in Processing. The output CSV is written after the commit (a blob write is
 * no part of a transaction); should that write fail, the upload answers the error, the records
 * stay applied, and uploading again is safe (applying is idempotent).
 */
import { Effect, Either } from "effect";
import { BatchProcessUploadTooLarge, type BatchProcessJobIdTaken } from "../../batch-process/batch-process.errors";
import { batchProcessOutputKey } from "../../batch-process/batch-process.blob-keys";
import type { BatchProcessStatus, JsonImportSubOperation, BatchProcessStatusNumber } from "../../batch-process/batch-process.state";
import { batchProcessCountsOf, batchProcessStatusNumberOf } from "../../batch-process/batch-process.state";
import { fieldErrorsOf, type Actor, type FieldError, type OrganizationId } from "../../kernel";
import type { BlobStore, BlobStoreUnavailable } from "../../ports/blob-store";
import type { Clock, IdSource } from "../../ports/clock";
import { PayloadMalformed, type ResultFileWriter, type ResultRow } from "../../ports/codecs";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { ItemOutcome } from "../../records/item-applier";
import { makeSchemaDecoder } from "../../records/record-decoder";
import { decideAndSaveBatchProcess, ensureJobIdFree, jobIdOrNew, type BatchProcessSaveError } from "./batch-process-store";
import type { EbillStores } from "./ebill-stores";
import { rowErrorText, withRowApplier, type ReceivableRowApplier } from "./receivable-rows";

export interface JsonUploadLimits {
  /** BATCH_JSON_UPLOAD_MAX_RECORDS */
  readonly maxRecords: number;
  /** BATCH_JSON_UPLOAD_MAX_BYTES, counted in UTF-8. */
  readonly maxBytes: number;
}

export interface JsonUploadDeps {
  readonly uow: UnitOfWork<Pick<EbillStores, "batchProcesses" | "customers" | "receivableDocuments" | "lineItems">>;
  readonly blobs: BlobStore;
  readonly resultWriter: ResultFileWriter;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly limits: JsonUploadLimits;
}

export interface JsonUploadInput {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
  /** Chosen by the client; generated (a UUID) when absent. */
  readonly jobId?: string;
  /** The request body as text: a JSON array of records. */
  readonly body: string;
}

export interface JsonUploadRowError extends FieldError {
  /** 0-based position of the record in the array. */
  readonly index: number;
}

export interface JsonUploadResult {
  readonly batchProcessId: number;
  readonly jobId: string;
  readonly status: BatchProcessStatus;
  readonly statusNumber: BatchProcessStatusNumber;
  readonly successCount: number;
  readonly failCount: number;
  readonly errors: ReadonlyArray<JsonUploadRowError>;
}

export type JsonUploadError = BatchProcessUploadTooLarge | PayloadMalformed | BatchProcessJobIdTaken | BatchProcessSaveError | BlobStoreUnavailable;

/** UTF-8 length of a string, without an encoder (the core has no TextEncoder). */
export const utf8ByteLength = (text: string): number => {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
};

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null && !Array.isArray(u);

/** The body as an array within the limits, or why not. */
const readBody = (body: string, limits: JsonUploadLimits): Either.Either<ReadonlyArray<unknown>, BatchProcessUploadTooLarge | PayloadMalformed> => {
  const bytes = utf8ByteLength(body);
  if (bytes > limits.maxBytes) return Either.left(new BatchProcessUploadTooLarge({ limit: "bytes", max: limits.maxBytes, actual: bytes }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return Either.left(new PayloadMalformed({ message: `the body is not valid JSON: ${e instanceof Error ? e.message : String(e)}` }));
  }
  if (!Array.isArray(parsed)) return Either.left(new PayloadMalformed({ message: "the body must be a JSON array of records" }));
  if (parsed.length > limits.maxRecords) {
    return Either.left(new BatchProcessUploadTooLarge({ limit: "records", max: limits.maxRecords, actual: parsed.length }));
  }
  return Either.right(parsed);
};

type Decoded<A> = { readonly index: number; readonly raw: Readonly<Record<string, unknown>> } & (
  | { readonly _tag: "Valid"; readonly record: A }
  | { readonly _tag: "Invalid"; readonly errors: ReadonlyArray<FieldError> }
);

const decodeEach = <A>(applier: ReceivableRowApplier<A>, values: ReadonlyArray<unknown>): ReadonlyArray<Decoded<A>> => {
  const decode = makeSchemaDecoder(applier.schema);
  return values.map((value, index): Decoded<A> => {
    if (!isObject(value)) return { _tag: "Invalid", index, raw: {}, errors: [{ field: "", message: "must be a JSON object" }] };
    return Either.match(decode(value), {
      onLeft: (error) => ({ _tag: "Invalid", index, raw: value, errors: fieldErrorsOf(error) }),
      onRight: (record) => ({ _tag: "Valid", index, raw: value, record }),
    });
  });
};

/** Every key any record has, in first-seen order: the output file's columns. */
const columnsOf = (rows: ReadonlyArray<{ readonly raw: Readonly<Record<string, unknown>> }>): ReadonlyArray<string> =>
  [...new Set(rows.flatMap((row) => Object.keys(row.raw)))];

const upload = <A>(
  subOperation: JsonImportSubOperation,
  applier: ReceivableRowApplier<A>,
  deps: JsonUploadDeps,
  input: JsonUploadInput,
  values: ReadonlyArray<unknown>,
) =>
  Effect.gen(function* () {
    const decoded = decodeEach(applier, values);
    const at = yield* deps.clock.now;
    const jobId = yield* jobIdOrNew(input.jobId, deps.ids);

    const { process, outcomes, outputKey } = yield* deps.uow.run((stores) =>
      Effect.gen(function* () {
        yield* ensureJobIdFree(stores.batchProcesses, input.orgId, jobId);
        const id = yield* stores.batchProcesses.nextId(input.orgId);
        const outputKey = yield* Effect.orDie(batchProcessOutputKey(input.orgId, id));
        const valid = decoded.flatMap((row) => (row._tag === "Valid" ? [{ itemNumber: row.index + 1, record: row.record }] : []));
        const outcomes = valid.length === 0 ? [] : yield* applier.apply(stores, { orgId: input.orgId, at }, valid);
        const successCount = outcomes.filter((o) => o._tag === "Applied").length;
        const process = yield* decideAndSaveBatchProcess(
          stores.batchProcesses,
          undefined,
          { _tag: "StartJsonImport", orgId: input.orgId, id, jobId, subOperation, at, actor: input.actor },
          {
            _tag: "Complete",
            rowsRead: decoded.length,
            successCount,
            failCount: decoded.length - successCount,
            outputKey,
            at,
            actor: input.actor,
          },
        );
        return { process: process.state, outcomes, outputKey };
      }),
    );

    const byIndex = new Map<number, ItemOutcome>(outcomes.map((o) => [o.itemNumber - 1, o]));
    const rowErrors = (row: Decoded<A>): ReadonlyArray<FieldError> => {
      if (row._tag === "Invalid") return row.errors;
      const outcome = byIndex.get(row.index);
      return outcome?._tag === "Rejected" ? outcome.errors : [];
    };
    const resultRows = decoded.map((row): ResultRow => {
      const errors = rowErrors(row);
      return { raw: row.raw, status: errors.length === 0 ? "Success" : "Failed", errorMessage: rowErrorText(errors) };
    });
    yield* deps.blobs
      .put(outputKey, deps.resultWriter.write(columnsOf(decoded), resultRows), { contentType: "text/csv" })
      .pipe(Effect.catchAll((e) => (e._tag === "Blob.Unavailable" ? Effect.fail(e) : Effect.die(e))));

    const { successCount, failCount } = batchProcessCountsOf(process);
    return {
      batchProcessId: process.id,
      jobId,
      status: process._tag,
      statusNumber: batchProcessStatusNumberOf(process._tag),
      successCount,
      failCount,
      errors: decoded.flatMap((row) => rowErrors(row).map((e) => ({ index: row.index, field: e.field, message: e.message }))),
    } satisfies JsonUploadResult;
  });

/** The upload use case for one sub-operation; `makeUploadJsonInvoices` and `makeUploadJsonCustomers` name the two. */
export const makeJsonUpload =
  (subOperation: JsonImportSubOperation) =>
  (deps: JsonUploadDeps) =>
  (input: JsonUploadInput): Effect.Effect<JsonUploadResult, JsonUploadError> =>
    Either.match(readBody(input.body, deps.limits), {
      onLeft: (error) => Effect.fail(error),
      onRight: (values) => withRowApplier(subOperation, (applier) => upload(subOperation, applier, deps, input, values)),
    });
