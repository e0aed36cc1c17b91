/** GET /odata/Batches({batchId})/invoices: the batch's invoices, filtered, searched, sorted and paged. */
import { Effect } from "effect";
import { apInvoiceCatalogue, type ApBatchNotFound, type ApInvoice } from "../../ap-batch";
import type { OrganizationId } from "../../kernel";
import {
  validateCollectionQuery,
  type ApBatchRepository,
  type ApInvoiceStore,
  type CollectionQuery,
  type CollectionQueryError,
  type QueryResult,
  type StoreUnavailable,
  type UnitOfWork,
} from "../../ports";
import { loadApBatch } from "./ap-batch-persistence";

export interface ListApBatchInvoicesInput {
  readonly orgId: OrganizationId;
  readonly apBatchId: string;
  readonly query: CollectionQuery;
}

export type ListApBatchInvoicesError = ApBatchNotFound | CollectionQueryError | StoreUnavailable;

export const makeListApBatchInvoices =
  (deps: { readonly uow: UnitOfWork<{ readonly apBatches: ApBatchRepository; readonly apInvoices: ApInvoiceStore }> }) =>
  (input: ListApBatchInvoicesInput): Effect.Effect<QueryResult<ApInvoice>, ListApBatchInvoicesError> =>
    Effect.flatMap(validateCollectionQuery(apInvoiceCatalogue, input.query), (query) =>
      deps.uow.run(({ apBatches, apInvoices }) =>
        loadApBatch(apBatches, input.orgId, input.apBatchId).pipe(
          Effect.zipRight(apInvoices.query(input.orgId, query, { apBatchId: input.apBatchId })),
        ),
      ),
    );
