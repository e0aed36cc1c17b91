/** GET /odata/Batches: the organization's AP batches, filtered, searched, sorted and paged. */
import { Effect } from "effect";
import { apBatchCatalogue, type ApBatchView } from "../../ap-batch";
import type { OrganizationId } from "../../kernel";
import {
  validateCollectionQuery,
  type ApBatchRepository,
  type CollectionQuery,
  type CollectionQueryError,
  type QueryResult,
  type StoreUnavailable,
  type UnitOfWork,
} from "../../ports";

export interface ListApBatchesInput {
  readonly orgId: OrganizationId;
  readonly query: CollectionQuery;
}

export type ListApBatchesError = CollectionQueryError | StoreUnavailable;

export const makeListApBatches =
  (deps: { readonly uow: UnitOfWork<{ readonly apBatches: ApBatchRepository }> }) =>
  (input: ListApBatchesInput): Effect.Effect<QueryResult<ApBatchView>, ListApBatchesError> =>
    Effect.flatMap(validateCollectionQuery(apBatchCatalogue, input.query), (query) =>
      deps.uow.run(({ apBatches }) => apBatches.query(input.orgId, query)),
    );
