/** Seed 000 `DELETE /erp/v1/batches/{batchId}`: cancels a batch still receiving (AWAITING_DATA, RECEIVING). */
import { Effect } from "effect";
import type { ErpBatchError } from "../../erp-batch/erp-batch.errors";
import type { ExistingErpBatch } from "../../erp-batch/erp-batch.state";
import type { Actor, OrganizationId } from "../../kernel";
import type { Clock } from "../../ports/clock";
import type { ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreError } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { decideAndSave, loadErpBatch, retryOnVersionConflict } from "./erp-batch-steps";

export const makeCancelErpBatch =
  (deps: { readonly uow: UnitOfWork<Pick<ErpBatchStores, "erpBatches">>; readonly clock: Clock }) =>
  (input: { readonly orgId: OrganizationId; readonly batchId: string; readonly actor: Actor }): Effect.Effect<ExistingErpBatch, ErpBatchError | StoreError> =>
    // A block upload racing the cancel either lands first (and the cancel decides on it) or is refused after.
    retryOnVersionConflict(
      deps.uow.run(({ erpBatches }) =>
        Effect.gen(function* () {
          const loaded = yield* loadErpBatch(erpBatches, input.orgId, input.batchId);
          const at = yield* deps.clock.now;
          const decided = yield* decideAndSave(erpBatches, input.orgId, loaded, { _tag: "CancelBatch", batchId: input.batchId, at, actor: input.actor });
          return decided.state;
        }),
      ),
    );
