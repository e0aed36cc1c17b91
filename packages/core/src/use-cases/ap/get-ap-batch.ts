/** GET /odata/Batches({batchId}). */
import { Effect } from "effect";
import { apBatchViewOf, type ApBatchNotFound, type ApBatchView } from "../../ap-batch";
import type { OrganizationId } from "../../kernel";
import type { ApBatchRepository, StoreUnavailable, UnitOfWork } from "../../ports";
import { loadApBatch } from "./ap-batch-persistence";

export interface GetApBatchInput {
  readonly orgId: OrganizationId;
  readonly apBatchId: string;
}

export type GetApBatchError = ApBatchNotFound | StoreUnavailable;

export const makeGetApBatch =
  (deps: { readonly uow: UnitOfWork<{ readonly apBatches: ApBatchRepository }> }) =>
  (input: GetApBatchInput): Effect.Effect<ApBatchView, GetApBatchError> =>
    deps.uow.run(({ apBatches }) =>
      loadApBatch(apBatches, input.orgId, input.apBatchId).pipe(Effect.map(({ state }) => apBatchViewOf(state))),
    );
