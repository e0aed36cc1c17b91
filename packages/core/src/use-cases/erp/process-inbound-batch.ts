/**
 * The worker's step for a queued inbound batch: QUEUED -> PROCESSING -> COMPLETE_SUCCESS,
 * COMPLETE_WITH_ERRORS or FAILED.
 *
 * FAILED leaves nothing applied, so everything that fails a batch is checked before the first
 * record is applied: an applier exists for the type, the stored blocks add up to
 * totalPayloadSize, and a first pass reads the whole payload (PayloadMalformed) and counts its
 * items (totalLineItemCount) without decoding them. Only then a second pass decodes and applies
 * the valid records in chunks, each chunk in its own unit of work together with its items'
 * results. The payload is read twice, never held whole: memory stays bounded by one chunk.
 *
 * Re-running (the job claimed again after a crash, the batch already PROCESSING) resumes after
 * the last item whose result was recorded: chunks commit in item order with their results, so
 * what was applied is exactly what was recorded, and nothing applied is applied again.
 */
import { Effect, Schema } from "effect";
import type { ErpBatchCommand, FailProcessing } from "../../erp-batch/erp-batch.commands";
import { ErpBatchNotQueued, type ErpBatchError } from "../../erp-batch/erp-batch.errors";
import { isTerminalErpBatch } from "../../erp-batch/erp-batch";
import { isInboundErpBatch, erpBatchStatusOf, type ExistingErpBatch, type InboundState } from "../../erp-batch/erp-batch.state";
import type { Actor, Instant, OrganizationId } from "../../kernel";
import { BlobStoreUnavailable, type BlobStore } from "../../ports/blob-store";
import type { Clock } from "../../ports/clock";
import type { DecodedItem, PayloadMalformed, RecordDecoder } from "../../ports/codecs";
import type { ErpBatchItemResult, ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreError } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { ItemApplier } from "../../records/item-applier";
import type { PayloadObjectType } from "../../records/payload-object-type";
import { payloadBytes, storedBlockSizes } from "./erp-batch-blobs";
import { decideAndSave, loadErpBatch, retryOnVersionConflict } from "./erp-batch-steps";

/** The applier of each payload object type the service can apply; a type without one fails its batches. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each applier has its own record type
export type ItemApplierRegistry<Stores> = Partial<Record<PayloadObjectType, ItemApplier<Stores, any, any>>>;

/**
 * Records applied per unit of work, unless the deps say otherwise. Each unit of work pays a commit
 * (an fsync on SQLite) and writes every index page it touched: new invoices land on random pages
 * of their id and key indexes, so a larger chunk writes each page once for more records (measured
 * with 120,000 invoices on SQLite: 24 µs per row in chunks of 2,000, 16 in chunks of 10,000). The
 * price is a longer hold on SQLite's write lock: about 150 ms for 5,000 invoices.
 */
export const DEFAULT_APPLY_CHUNK_SIZE = 5000;

export interface ProcessInboundBatchInput {
  readonly orgId: OrganizationId;
  readonly batchId: string;
  /** The worker, recorded as the actor of the batch's transitions and of the applied records. */
  readonly actor: Actor;
}

export type ProcessInboundBatchError = ErpBatchError | BlobStoreUnavailable | StoreError;

type Stores = Pick<ErpBatchStores, "erpBatches" | "erpBatchItems">;

const isTagged = (e: unknown, tag: string): boolean => typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === tag;

/** Errors thrown while reading the payload: the payload's fault, the blob store's, or a bug. */
const readFailure = (e: unknown): Effect.Effect<never, PayloadMalformed | BlobStoreUnavailable> => {
  if (isTagged(e, "Payload.Malformed")) return Effect.fail(e as PayloadMalformed);
  if (isTagged(e, "Blob.NotFound") || isTagged(e, "Blob.Unavailable")) {
    return Effect.fail(new BlobStoreUnavailable({ message: `reading the payload failed: ${(e as { message?: string }).message ?? String(e)}`, cause: e }));
  }
  return Effect.die(e);
};

/** Runs `onItem` on each element in order, inside Effect, closing the iterator however it ends. */
const forEachAsync = <A, E>(iterable: AsyncIterable<A>, onItem: (a: A) => Effect.Effect<void, E>) =>
  Effect.acquireUseRelease(
    Effect.sync(() => iterable[Symbol.asyncIterator]()),
    (iterator) =>
      Effect.gen(function* () {
        for (;;) {
          const next = yield* Effect.tryPromise({ try: () => iterator.next(), catch: (e) => e }).pipe(Effect.catchAll(readFailure));
          if (next.done === true) return;
          yield* onItem(next.value);
        }
      }),
    (iterator) => Effect.promise(async () => void (await iterator.return?.())).pipe(Effect.ignore),
  );

const failure = (reason: FailProcessing["reason"], field: string, message: string) => ({ reason, errors: [{ field, message }] });

export const makeProcessInboundBatch = <S extends Stores>(deps: {
  readonly uow: UnitOfWork<S>;
  readonly appliers: ItemApplierRegistry<S>;
  readonly blobs: BlobStore;
  readonly decoder: RecordDecoder;
  readonly clock: Clock;
  readonly chunkSize?: number;
}) => {
  const chunkSize = Math.max(1, deps.chunkSize ?? DEFAULT_APPLY_CHUNK_SIZE);

  return (input: ProcessInboundBatchInput): Effect.Effect<ExistingErpBatch, ProcessInboundBatchError> => {
    const { orgId, batchId, actor } = input;

    /**
     * One transition of the batch, reloaded after a lost race. A batch another worker already
     * moved on (`alreadyDone`: finished, or for the claim also PROCESSING) is returned as it is.
     */
    const transitionTo = (command: (at: Instant) => ErpBatchCommand, alreadyDone: (state: ExistingErpBatch) => boolean = isTerminalErpBatch) =>
      retryOnVersionConflict(
        deps.uow.run((stores) =>
          Effect.gen(function* () {
            const loaded = yield* loadErpBatch(stores.erpBatches, orgId, batchId);
            if (alreadyDone(loaded.state)) return loaded.state;
            const at = yield* deps.clock.now;
            return (yield* decideAndSave(stores.erpBatches, orgId, loaded, command(at))).state;
          }),
        ),
      );

    const fail = (f: { readonly reason: FailProcessing["reason"]; readonly errors: FailProcessing["errors"] }) =>
      transitionTo((at) => ({ _tag: "FailProcessing", batchId, reason: f.reason, errors: f.errors, at, actor }));

    /** Why the batch must fail before anything is applied, if it must. */
    const preflight = (batch: InboundState, applier: ItemApplier<S, unknown, unknown>) =>
      Effect.gen(function* () {
        const sizes = yield* storedBlockSizes(deps.blobs, batch);
        const stored = sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
        if (sizes.some((size) => size === undefined) || stored !== batch.totalPayloadSize) {
          return failure("PayloadSizeWrong", "totalPayloadSize", `the stored payload is ${stored} bytes, but totalPayloadSize is ${batch.totalPayloadSize}`);
        }
        let count = 0;
        // Counting needs no record decoded, only read: the records are decoded when applied.
        const read = yield* forEachAsync(decode(batch, applier, Schema.Unknown), (items) => Effect.sync(() => void (count += items.length))).pipe(Effect.either);
        if (read._tag === "Left") {
          if (read.left._tag === "Blob.Unavailable") return yield* Effect.fail(read.left);
          const where = read.left.position === undefined ? "" : ` (at ${read.left.position})`;
          return failure("PayloadMalformed", "", `the payload cannot be read as ${batch.format}: ${read.left.message}${where}`);
        }
        if (batch.totalLineItemCount !== undefined && count !== batch.totalLineItemCount) {
          return failure("LineItemCountMismatch", "totalLineItemCount", `the payload holds ${count} items, but totalLineItemCount is ${batch.totalLineItemCount}`);
        }
        return undefined;
      });

    /** The payload's items in the arrays the decoder reads them in. */
    const decode = (batch: InboundState, applier: ItemApplier<S, unknown, unknown>, schema: Schema.Schema<unknown, unknown> = applier.schema) =>
      deps.decoder.decodeBatches({
        format: batch.format,
        schema,
        bytes: payloadBytes(deps.blobs, batch),
        ...(applier.isoMessage === undefined ? {} : { isoMessage: applier.isoMessage }),
      });

    const applyChunk = (applier: ItemApplier<S, unknown, unknown>, chunk: ReadonlyArray<DecodedItem<unknown>>) =>
      deps.uow.run((stores) =>
        Effect.gen(function* () {
          const at = yield* deps.clock.now;
          const valid = chunk.flatMap((item) => (item._tag === "Valid" ? [{ itemNumber: item.itemNumber, record: item.record }] : []));
          const outcomes = valid.length === 0 ? [] : yield* applier.apply(stores, { orgId, at, actor, batchId }, valid);
          const byNumber = new Map(outcomes.map((o) => [o.itemNumber, o]));
          const results: Array<ErpBatchItemResult> = [];
          for (const item of chunk) {
            if (item._tag === "Invalid") {
              results.push({ itemNumber: item.itemNumber, status: "FAILED", errors: item.errors });
              continue;
            }
            const outcome = byNumber.get(item.itemNumber);
            if (outcome === undefined) return yield* Effect.dieMessage(`the ${applier.payloadObjectType} applier gave no outcome for item ${item.itemNumber}`);
            results.push(
              outcome._tag === "Applied"
                ? { itemNumber: item.itemNumber, status: "COMPLETE", key: outcome.key, errors: [] }
                : { itemNumber: item.itemNumber, status: "FAILED", key: outcome.key, errors: outcome.errors },
            );
          }
          yield* stores.erpBatchItems.recordResults(orgId, batchId, results);
        }),
      );

    const applyAll = (batch: InboundState, applier: ItemApplier<S, unknown, unknown>, resumeAfter: number) =>
      Effect.gen(function* () {
        let chunk: Array<DecodedItem<unknown>> = [];
        const flush = Effect.suspend(() => {
          const full = chunk;
          chunk = [];
          return full.length === 0 ? Effect.void : applyChunk(applier, full);
        });
        yield* forEachAsync(decode(batch, applier), (items) =>
          Effect.gen(function* () {
            for (const item of items) {
              if (item.itemNumber <= resumeAfter) continue;
              chunk.push(item);
              if (chunk.length >= chunkSize) yield* flush;
            }
          }),
        );
        yield* flush;
      }).pipe(
        // The first pass read the same immutable blocks to the end, so a second-pass read error is a bug.
        Effect.catchTag("Payload.Malformed", (e) => Effect.die(e)),
      );

    return Effect.gen(function* () {
      let state: ExistingErpBatch = (yield* deps.uow.run((stores) => loadErpBatch(stores.erpBatches, orgId, batchId))).state;
      if (isTerminalErpBatch(state)) return state;
      if (state._tag === "Queued") {
        state = yield* transitionTo((at) => ({ _tag: "StartProcessing", batchId, at, actor }), (s) => s._tag === "Processing" || isTerminalErpBatch(s));
      }
      if (!isInboundErpBatch(state) || state._tag !== "Processing") {
        return isTerminalErpBatch(state) ? state : yield* Effect.fail(new ErpBatchNotQueued({ batchId, status: erpBatchStatusOf(state) }));
      }
      const batch = state;
      const applier = deps.appliers[batch.payloadObjectType] as ItemApplier<S, unknown, unknown> | undefined;
      if (applier === undefined) {
        return yield* fail(failure("NoApplier", "payloadObjectType", `no applier is configured for ${batch.payloadObjectType} in this service`));
      }
      const before = yield* deps.uow.run((stores) => stores.erpBatchItems.tally(orgId, batchId));
      const refusal = yield* preflight(batch, applier);
      if (refusal !== undefined) {
        // Blocks never change once received, so a payload that passed before and fails now was damaged in storage.
        if (before.lastItemNumber > 0) return yield* Effect.dieMessage(`batch ${batchId}: ${refusal.errors[0]?.message ?? refusal.reason} after items were applied`);
        return yield* fail(refusal);
      }
      yield* applyAll(batch, applier, before.lastItemNumber);
      const after = yield* deps.uow.run((stores) => stores.erpBatchItems.tally(orgId, batchId));
      const itemCounts = { total: after.complete + after.failed, succeeded: after.complete, failed: after.failed };
      return yield* transitionTo((at) => ({ _tag: "CompleteProcessing", batchId, itemCounts, at, actor }));
    });
  };
};
