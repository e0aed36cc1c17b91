/** GET /odata/Invoices({apMatchedInvoiceId}). */
import type { Effect } from "effect";
import type { ApInvoice, ApInvoiceNotFound } from "../../ap-batch";
import type { OrganizationId } from "../../kernel";
import type { ApInvoiceStore, StoreUnavailable, UnitOfWork } from "../../ports";
import { loadApInvoice } from "./ap-batch-persistence";

export interface GetApInvoiceInput {
  readonly orgId: OrganizationId;
  readonly apMatchedInvoiceId: string;
}

export type GetApInvoiceError = ApInvoiceNotFound | StoreUnavailable;

export const makeGetApInvoice =
  (deps: { readonly uow: UnitOfWork<{ readonly apInvoices: ApInvoiceStore }> }) =>
  (input: GetApInvoiceInput): Effect.Effect<ApInvoice, GetApInvoiceError> =>
    deps.uow.run(({ apInvoices }) => loadApInvoice(apInvoices, input.orgId, input.apMatchedInvoiceId));
