/**
 * Seed 000 `POST /erp/v1/batches/upload`: stores a whole batch, streaming, and queues it.
 *
 * Parameters are checked before the body is read. The body streams to the new batch's payload
 * key, at most totalPayloadSize bytes; a body of another length is refused and nothing is kept.
 * Idempotent on clientRefId + referenceId like creation: the same parameters and the same bytes
 * answer the existing batch; other parameters or other bytes are a conflict.
 */
import { Effect, Option } from "effect";
import type { InboundParameters, TransferSettings } from "../../erp-batch/erp-batch.commands";
import { creationRefusal, wholeUploadBlockSize } from "../../erp-batch/erp-batch.decide";
import { ErpBatchPayloadSizeWrong, type ErpBatchClientReferenceConflict, type ErpBatchError } from "../../erp-batch/erp-batch.errors";
import type { InboundState } from "../../erp-batch/erp-batch.state";
import type { Actor, OrganizationId } from "../../kernel";
import type { BlobBodyFailed, BlobKey, BlobStore, BlobStoreUnavailable, StoredBlob } from "../../ports/blob-store";
import type { Clock, IdSource } from "../../ports/clock";
import type { ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreError } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { clientReferenceConflict, differingParameters, type CreatedErpBatch } from "./create-erp-batch";
import { stagingKey, wholePayloadKey } from "./erp-batch-blobs";
import { decideAndSave } from "./erp-batch-steps";

export interface UploadWholeBatchInput extends InboundParameters {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
  readonly body: AsyncIterable<Uint8Array>;
}

export type UploadWholeBatchError = ErpBatchError | ErpBatchClientReferenceConflict | BlobBodyFailed | BlobStoreUnavailable | StoreError;

type Deps = {
  readonly uow: UnitOfWork<ErpBatchStores>;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly settings: Pick<TransferSettings, "maxPayloadSize">;
};

export const makeUploadWholeBatch = (deps: Deps) => (input: UploadWholeBatchInput): Effect.Effect<CreatedErpBatch, UploadWholeBatchError> => {
  const { orgId, actor, body, ...parameters } = input;

  const storeBody = (key: BlobKey) =>
    deps.blobs.put(key, body, { maxBytes: parameters.totalPayloadSize }).pipe(
      Effect.catchTag("Blob.TooLarge", () => Effect.fail(new ErpBatchPayloadSizeWrong({ totalPayloadSize: parameters.totalPayloadSize }))),
      Effect.filterOrFail(
        (stored) => stored.size === parameters.totalPayloadSize,
        (stored) => new ErpBatchPayloadSizeWrong({ totalPayloadSize: parameters.totalPayloadSize, size: stored.size }),
      ),
      // A body of the wrong length is refused and nothing of it kept.
      Effect.tapError(() => Effect.ignore(deps.blobs.delete(key))),
    );

  /** A repeat of an upload that already made `batch`: the same parameters and the same bytes. */
  const sameAsExisting = (batch: InboundState, stored: StoredBlob): Effect.Effect<CreatedErpBatch, ErpBatchClientReferenceConflict> => {
    const differs = [...differingParameters(batch, parameters, "WHOLE"), ...(batch.receivedBlocks["1"] === stored.sha256 ? [] : ["payload"])];
    return differs.length === 0 ? Effect.succeed({ batch, existing: true }) : Effect.fail(clientReferenceConflict(batch, differs));
  };

  const findExisting = deps.uow.run(({ erpBatches }) => erpBatches.findByClientReference(orgId, parameters.clientRefId, parameters.referenceId));

  const repeatOf = (batch: InboundState) => {
    const differs = differingParameters(batch, parameters, "WHOLE");
    if (differs.length > 0) return Effect.fail(clientReferenceConflict(batch, differs));
    return Effect.flatMap(deps.ids.uuid, (uploadId) => {
      const key = stagingKey(orgId, batch.batchId, uploadId);
      return storeBody(key).pipe(
        Effect.flatMap((stored) => sameAsExisting(batch, stored)),
        Effect.ensuring(Effect.ignore(deps.blobs.delete(key))),
      );
    });
  };

  const create = Effect.gen(function* () {
    const batchId = yield* deps.ids.uuid;
    const key = wholePayloadKey(orgId, batchId);
    const stored = yield* storeBody(key);
    return yield* deps.uow
      .run((stores) =>
        Effect.gen(function* () {
          const at = yield* deps.clock.now;
          const decided = yield* decideAndSave(stores.erpBatches, orgId, { state: { _tag: "Absent" }, version: 0 }, {
            _tag: "CreateUploadedWhole",
            ...parameters,
            batchId,
            orgId,
            settings: deps.settings,
            receivedSize: stored.size,
            digest: stored.sha256,
            at,
            actor,
          });
          yield* stores.jobs.enqueue({ orgId, kind: "erp-batch", subjectId: batchId, at });
          return { batch: decided.state as InboundState, existing: false };
        }),
      )
      .pipe(
        Effect.tapError(() => Effect.ignore(deps.blobs.delete(key))),
        // A concurrent upload of the same client reference won: this one is a repeat of it, or a conflict.
        Effect.catchTag("Store.UniqueConflict", (conflict) =>
          Effect.flatMap(findExisting, (found): Effect.Effect<CreatedErpBatch, UploadWholeBatchError> =>
            Option.isSome(found) ? sameAsExisting(found.value.state, stored) : Effect.fail(conflict),
          ),
        ),
      );
  });

  return Effect.gen(function* () {
    const refusal = creationRefusal(parameters, { maxPayloadSize: deps.settings.maxPayloadSize, dataBlockSize: wholeUploadBlockSize(parameters.totalPayloadSize) });
    if (refusal !== undefined) return yield* Effect.fail(refusal);
    const found = yield* findExisting;
    return Option.isSome(found) ? yield* repeatOf(found.value.state) : yield* create;
  });
};
