/** Seed 000 `GET /erp/v1/batches`: the organization's batches, newest first, filtered and paged. */
import { Effect } from "effect";
import type { ErpBatchParametersInvalid } from "../../erp-batch/erp-batch.errors";
import type { ExistingErpBatch } from "../../erp-batch/erp-batch.state";
import type { OrganizationId } from "../../kernel";
import type { ErpBatchCursorInvalid, ErpBatchListQuery, ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreUnavailable } from "../../ports/errors";
import type { Page } from "../../ports/repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { pageLimit } from "./erp-batch-steps";

export interface ListErpBatchesInput extends Omit<ErpBatchListQuery, "limit"> {
  readonly orgId: OrganizationId;
  readonly limit?: number;
}

export const makeListErpBatches =
  (deps: { readonly uow: UnitOfWork<Pick<ErpBatchStores, "erpBatches">> }) =>
  ({ orgId, limit, ...filters }: ListErpBatchesInput): Effect.Effect<Page<ExistingErpBatch>, ErpBatchParametersInvalid | ErpBatchCursorInvalid | StoreUnavailable> =>
    Effect.flatMap(pageLimit(limit), (pageSize) => deps.uow.run(({ erpBatches }) => erpBatches.list(orgId, { ...filters, limit: pageSize })));
