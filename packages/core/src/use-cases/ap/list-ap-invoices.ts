/** GET /odata/Invoices: the organization's AP invoices (to find Vouchered ones), filtered, searched, sorted and paged. */
import { Effect } from "effect";
import { apInvoiceCatalogue, type ApInvoice } from "../../ap-batch";
import type { OrganizationId } from "../../kernel";
import {
  validateCollectionQuery,
  type ApInvoiceStore,
  type CollectionQuery,
  type CollectionQueryError,
  type QueryResult,
  type StoreUnavailable,
  type UnitOfWork,
} from "../../ports";

export interface ListApInvoicesInput {
  readonly orgId: OrganizationId;
  readonly query: CollectionQuery;
}

export type ListApInvoicesError = CollectionQueryError | StoreUnavailable;

export const makeListApInvoices =
  (deps: { readonly uow: UnitOfWork<{ readonly apInvoices: ApInvoiceStore }> }) =>
  (input: ListApInvoicesInput): Effect.Effect<QueryResult<ApInvoice>, ListApInvoicesError> =>
    Effect.flatMap(validateCollectionQuery(apInvoiceCatalogue, input.query), (query) =>
      deps.uow.run(({ apInvoices }) => apInvoices.query(input.orgId, query)),
    );
