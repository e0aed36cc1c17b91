/** GET /odata/Invoices({apMatchedInvoiceId}). */
import { Effect, Option } from "effect";
import { ApInvoiceNotFound, type ApInvoice } from "../../ap-batch";
import type { OrganizationId } from "../../kernel";
import type { ApInvoiceStore, StoreUnavailable, UnitOfWork } from "../../ports";

export interface GetApInvoiceInput {
  readonly orgId: OrganizationId;
  readonly apMatchedInvoiceId: string;
}

export type GetApInvoiceError = ApInvoiceNotFound | StoreUnavailable;

export const makeGetApInvoice =
  (deps: { readonly uow: UnitOfWork<{ readonly apInvoices: ApInvoiceStore }> }) =>
  (input: GetApInvoiceInput): Effect.Effect<ApInvoice, GetApInvoiceError> =>
    deps.uow.run(({ apInvoices }) =>
      apInvoices.get(input.orgId, input.apMatchedInvoiceId).pipe(
        Effect.flatMap(
          Option.match({
            onNone: () => Effect.fail(new ApInvoiceNotFound({ apMatchedInvoiceId: input.apMatchedInvoiceId })),
            onSome: Effect.succeed,
          }),
        ),
      ),
    );
