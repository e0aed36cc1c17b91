/**
 * POST /odata/Invoices: an AP invoice entered by hand, from the same record an INVOICE upload
 * carries (decode the body with `InvoiceRecord`). Its id is derived from its natural key like an
 * uploaded invoice's; an invoice with the same `invoiceNo` + `vendorNo` is refused, not updated.
 */
import { Effect, Option } from "effect";
import { ApInvoiceDuplicate, apInvoiceIdOf, newApInvoice, type ApInvoice, type ApInvoiceData } from "../../ap-batch";
import type { Actor, OrganizationId } from "../../kernel";
import { AP_INVOICE_KEY_CONSTRAINT, type ApInvoiceStore, type Clock, type StoreError, type UnitOfWork } from "../../ports";

export interface CreateApInvoiceInput {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
  readonly data: ApInvoiceData;
}

export type CreateApInvoiceError = ApInvoiceDuplicate | StoreError;

export const makeCreateApInvoice =
  (deps: { readonly uow: UnitOfWork<{ readonly apInvoices: ApInvoiceStore }>; readonly clock: Clock }) =>
  (input: CreateApInvoiceInput): Effect.Effect<ApInvoice, CreateApInvoiceError> =>
    Effect.flatMap(deps.clock.now, (at) => {
      const { invoiceNo, vendorNo } = input.data;
      const invoice = newApInvoice(apInvoiceIdOf(input.orgId, vendorNo, invoiceNo), input.data, { at, actor: input.actor });
      const duplicate = (apMatchedInvoiceId: string) => new ApInvoiceDuplicate({ invoiceNo, vendorNo, apMatchedInvoiceId });
      return deps.uow.run(({ apInvoices }) =>
        Effect.gen(function* () {
          const existing = yield* apInvoices.findByKey(input.orgId, { vendorNo, invoiceNo });
          if (Option.isSome(existing)) return yield* Effect.fail(duplicate(existing.value.apMatchedInvoiceId));
          yield* apInvoices.insert(input.orgId, invoice).pipe(
            Effect.catchTag("Store.UniqueConflict", (e) =>
              Effect.fail(e.constraint === AP_INVOICE_KEY_CONSTRAINT ? duplicate(invoice.apMatchedInvoiceId) : e),
            ),
          );
          return invoice;
        }),
      );
    });
