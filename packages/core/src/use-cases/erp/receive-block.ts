/**
 * Seed 000 `PUT /erp/v1/batches/{batchId}/blocks/{dataBlockNumber}`: stores one block, streaming.
 *
 * The body streams into a staging blob (SHA-256 computed on the way, at most the block's size),
 * is checked against the client's digest, and, when it is a block the batch has not received yet,
 * is moved to its content key before the decision is saved: a worker never finds a recorded block
 * missing. The move happens inside the blob store (a rename, a server-side copy), so the body is
 * written once. The decision (load, decide, save, queue the job when the last block completes the
 * batch) runs in one unit of work and is retried on a version conflict, so concurrent uploads
 * queue the batch exactly once. A refused upload deletes what it wrote; the staging blob is always
 * deleted (deleting it once moved away is a no-op).
 */
import { Effect } from "effect";
import {
  ErpBatchBlockDigestMismatch,
  ErpBatchBlockOutOfRange,
  ErpBatchBlockSizeWrong,
  ErpBatchNotReceiving,
  type ErpBatchError,
} from "../../erp-batch/erp-batch.errors";
import { blockNumberInRange, expectedBlockSize } from "../../erp-batch/erp-batch.invariants";
import { isInboundErpBatch, erpBatchStatusOf, type InboundState, type Sha256Hex } from "../../erp-batch/erp-batch.state";
import type { Actor, OrganizationId } from "../../kernel";
import type { BlobBodyFailed, BlobKey, BlobStore, BlobStoreUnavailable } from "../../ports/blob-store";
import type { Clock, IdSource } from "../../ports/clock";
import type { ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreError } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { blockContentKey, stagingKey } from "./erp-batch-blobs";
import { decideAndSave, isQueuedBy, loadErpBatch, retryOnVersionConflict } from "./erp-batch-steps";

export interface ReceiveBlockInput {
  readonly orgId: OrganizationId;
  readonly batchId: string;
  readonly blockNumber: number;
  readonly body: AsyncIterable<Uint8Array>;
  /** The SHA-256 the client announced (RFC 9530 `Content-Digest`), as lower-case hex. */
  readonly expectedDigest?: Sha256Hex;
  readonly actor: Actor;
}

export interface ReceivedBlock {
  readonly batch: InboundState;
  readonly blockNumber: number;
  readonly digest: Sha256Hex;
  /** True when the block had been received before with the same content (answer 200, not 201). */
  readonly repeat: boolean;
}

export type ReceiveBlockError = ErpBatchError | ErpBatchBlockDigestMismatch | BlobBodyFailed | BlobStoreUnavailable | StoreError;

type Deps = {
  readonly uow: UnitOfWork<ErpBatchStores>;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly ids: IdSource;
};

export const makeReceiveBlock = (deps: Deps) => (input: ReceiveBlockInput): Effect.Effect<ReceivedBlock, ReceiveBlockError> => {
  const { orgId, batchId, blockNumber, actor } = input;

  const decideBlock = (size: number, digest: Sha256Hex) =>
    retryOnVersionConflict(
      deps.uow.run((stores) =>
        Effect.gen(function* () {
          const loaded = yield* loadErpBatch(stores.erpBatches, orgId, batchId);
          const at = yield* deps.clock.now;
          const decided = yield* decideAndSave(stores.erpBatches, orgId, loaded, { _tag: "ReceiveBlock", batchId, blockNumber, size, digest, at, actor });
          if (isQueuedBy(decided.events)) yield* stores.jobs.enqueue({ orgId, kind: "erp-batch", subjectId: batchId, at });
          return { batch: decided.state as InboundState, repeat: decided.events.length === 0 };
        }),
      ),
    );

  /**
   * After a failed decision, the moved block is deleted only when the batch refused it: a refusal
   * means the batch can never record this content (another content is recorded for the number, or
   * the batch stopped receiving). After a transient failure (the store unavailable, conflicts past
   * the retries) it stays: a concurrent upload of the same content may be committing the decision
   * that records this very key, and deleting it then would leave a recorded block without its
   * bytes (seen under load: a batch FAILED with "the stored payload is 1375 bytes, but
   * totalPayloadSize is 1503"). The client's retry moves onto the same key again; a key no
   * decision ever records is an orphan, like a staging blob of a crashed process (ADR 10).
   */
  const removeIfRefused = (contentKey: BlobKey) => (error: ReceiveBlockError) =>
    error._tag.startsWith("ErpBatch.") ? Effect.ignore(deps.blobs.delete(contentKey)) : Effect.void;

  return Effect.gen(function* () {
    const batch = (yield* deps.uow.run((stores) => loadErpBatch(stores.erpBatches, orgId, batchId))).state;
    if (!isInboundErpBatch(batch)) return yield* Effect.fail(new ErpBatchNotReceiving({ batchId, status: erpBatchStatusOf(batch) }));
    // Refused before the body is read: no number out of range can be a repeat.
    if (!blockNumberInRange(batch.totalDataBlocks, blockNumber)) {
      return yield* Effect.fail(new ErpBatchBlockOutOfRange({ blockNumber, totalDataBlocks: batch.totalDataBlocks }));
    }
    const expectedSize = expectedBlockSize(batch, blockNumber);
    const staging = stagingKey(orgId, batchId, yield* deps.ids.uuid);

    const received = yield* Effect.gen(function* () {
      const stored = yield* deps.blobs
        .put(staging, input.body, { maxBytes: expectedSize })
        .pipe(Effect.catchTag("Blob.TooLarge", () => Effect.fail(new ErpBatchBlockSizeWrong({ blockNumber, expectedSize }))));
      if (input.expectedDigest !== undefined && input.expectedDigest.toLowerCase() !== stored.sha256) {
        return yield* Effect.fail(new ErpBatchBlockDigestMismatch({ blockNumber, expectedDigest: input.expectedDigest, digest: stored.sha256 }));
      }
      // Only a block the batch may still accept is moved to its content key; repeats and
      // refusals are decided without it.
      const mayAccept =
        batch.receivedBlocks[String(blockNumber)] === undefined &&
        (batch._tag === "AwaitingData" || batch._tag === "Receiving") &&
        stored.size === expectedSize;
      const contentKey = blockContentKey(orgId, batchId, blockNumber, stored.sha256);
      if (mayAccept) {
        // The staging blob is this request's own, just written: its absence is a bug, not input.
        yield* deps.blobs.move(staging, contentKey).pipe(Effect.catchTag("Blob.NotFound", (e) => Effect.die(e)));
      }
      return yield* decideBlock(stored.size, stored.sha256).pipe(
        Effect.tapError(mayAccept ? removeIfRefused(contentKey) : () => Effect.void),
        Effect.map((decided) => ({ ...decided, digest: stored.sha256 })),
      );
    }).pipe(Effect.ensuring(Effect.ignore(deps.blobs.delete(staging))));

    return { batch: received.batch, blockNumber, digest: received.digest, repeat: received.repeat };
  });
};
