/**
 * Seed 000 `POST /erp/v1/outbound-batches/{batchId}/acknowledge`: the ERP confirms all items, or
 * those numbered. All acknowledged: COMPLETE_SUCCESS, the batch leaves the pending queue;
 * otherwise PARTIAL_PENDING. A batch that is not pending is a conflict.
 */
import { Effect } from "effect";
import { ErpBatchNotFound, type ErpBatchError } from "../../erp-batch/erp-batch.errors";
import { isOutboundErpBatch, type OutboundState } from "../../erp-batch/erp-batch.state";
import type { Actor, OrganizationId } from "../../kernel";
import type { Clock } from "../../ports/clock";
import type { ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreError } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { decideAndSave, loadErpBatch, retryOnVersionConflict } from "./erp-batch-steps";

export interface AcknowledgeOutboundBatchInput {
  readonly orgId: OrganizationId;
  readonly batchId: string;
  /** Absent: every item. */
  readonly itemNumbers?: ReadonlyArray<number>;
  readonly actor: Actor;
}

export const makeAcknowledgeOutboundBatch =
  (deps: { readonly uow: UnitOfWork<Pick<ErpBatchStores, "erpBatches" | "erpBatchItems">>; readonly clock: Clock }) =>
  (input: AcknowledgeOutboundBatchInput): Effect.Effect<OutboundState, ErpBatchError | StoreError> =>
    retryOnVersionConflict(
      deps.uow.run(({ erpBatches, erpBatchItems }) =>
        Effect.gen(function* () {
          const { orgId, batchId, itemNumbers, actor } = input;
          const loaded = yield* loadErpBatch(erpBatches, orgId, batchId);
          if (!isOutboundErpBatch(loaded.state)) return yield* Effect.fail(new ErpBatchNotFound({ batchId }));
          const at = yield* deps.clock.now;
          const decided = yield* decideAndSave(erpBatches, orgId, loaded, {
            _tag: "AcknowledgeItems",
            batchId,
            ...(itemNumbers === undefined ? {} : { itemNumbers }),
            at,
            actor,
          });
          if (decided.events.length > 0) yield* erpBatchItems.markAcknowledged(orgId, batchId, itemNumbers ?? "all", at);
          return decided.state as OutboundState;
        }),
      ),
    );
