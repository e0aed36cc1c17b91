/** Seed 000 `GET /erp/v1/batches/{batchId}/items`: per-item results (or outbound items), in item order. */
import { Effect } from "effect";
import type { ErpBatchNotFound, ErpBatchParametersInvalid } from "../../erp-batch/erp-batch.errors";
import type { OrganizationId } from "../../kernel";
import type { ErpBatchCursorInvalid, ErpBatchItem, ErpBatchItemStatus, ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreUnavailable } from "../../ports/errors";
import type { Page } from "../../ports/repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { loadErpBatch, pageLimit } from "./erp-batch-steps";

export interface ListErpBatchItemsInput {
  readonly orgId: OrganizationId;
  readonly batchId: string;
  readonly status?: ErpBatchItemStatus;
  readonly limit?: number;
  readonly cursor?: string;
}

export const makeListErpBatchItems =
  (deps: { readonly uow: UnitOfWork<Pick<ErpBatchStores, "erpBatches" | "erpBatchItems">> }) =>
  (input: ListErpBatchItemsInput): Effect.Effect<Page<ErpBatchItem>, ErpBatchNotFound | ErpBatchParametersInvalid | ErpBatchCursorInvalid | StoreUnavailable> =>
    Effect.flatMap(pageLimit(input.limit), (limit) =>
      deps.uow.run(({ erpBatches, erpBatchItems }) =>
        Effect.zipRight(
          loadErpBatch(erpBatches, input.orgId, input.batchId),
          erpBatchItems.list(input.orgId, input.batchId, {
            limit,
            ...(input.status === undefined ? {} : { status: input.status }),
            ...(input.cursor === undefined ? {} : { cursor: input.cursor }),
          }),
        ),
      ),
    );
