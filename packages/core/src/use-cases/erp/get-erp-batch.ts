/** Seed 000 `GET /erp/v1/batches/{batchId}`: a batch of the organization, either direction. */
import { Effect } from "effect";
import type { ErpBatchNotFound } from "../../erp-batch/erp-batch.errors";
import type { ExistingErpBatch } from "../../erp-batch/erp-batch.state";
import type { OrganizationId } from "../../kernel";
import type { ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreUnavailable } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { loadErpBatch } from "./erp-batch-steps";

export const makeGetErpBatch =
  (deps: { readonly uow: UnitOfWork<Pick<ErpBatchStores, "erpBatches">> }) =>
  (input: { readonly orgId: OrganizationId; readonly batchId: string }): Effect.Effect<ExistingErpBatch, ErpBatchNotFound | StoreUnavailable> =>
    deps.uow.run(({ erpBatches }) => Effect.map(loadErpBatch(erpBatches, input.orgId, input.batchId), (loaded) => loaded.state));
