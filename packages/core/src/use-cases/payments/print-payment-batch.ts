/**
 * GET .../paymentBatches/{id}/print, .../{companyKey}/{paymentBatchKey}/print and the
 * `printOriginal` variants (seed 003): a PDF of the batch and its lines through the PdfRenderer
 * port; `template` picks one of the renderer's layouts (unknown: PrintTemplateUnknown).
 * printOriginal shows each corrected line with the bank details it was first exported with.
 */
import { Effect } from "effect";
import type { Instant, OrganizationId } from "../../kernel";
import * as Decimal from "../../money/decimal";
import { formatMoney } from "../../money/money";
import type { PaymentBatch, PaymentBatchNotFound } from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { PaymentBatchPrintout, PdfRenderer, PrintTemplateUnknown } from "../../ports/codecs";
import type { StoreUnavailable } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { loadPaymentBatch, type PaymentBatchRef } from "./payment-batch-access";

/** What is printed: the batch header as labelled fields, one row per line, the total. */
export const paymentBatchPrintoutOf = (b: PaymentBatch, original: boolean, printedAt: Instant): PaymentBatchPrintout => {
  const money = (amount: Decimal.Decimal) => formatMoney({ amount, currency: b.currency });
  const optional = (label: string, value: string | undefined): ReadonlyArray<readonly [string, string]> => (value === undefined ? [] : [[label, value]]);
  return {
    title: `Payment batch ${b.company}/${b.paymentBatchKey}${original ? " (original)" : ""}`,
    fields: [
      ["Company", b.company],
      ["Payment batch key", String(b.paymentBatchKey)],
      ["Status", b._tag],
      ["Document date", b.documentDate],
      ["Currency", b.currency],
      ["Exchange rate", Decimal.format(b.exchangeRate)],
      ["Payment method", b.paymentMethod],
      ["Bank account type", b.bankAccountType],
      ...optional("Financial account", b.financialAccount),
      ["Open items", String(b.numberOfOpenItems)],
      ["Open amount", money(b.openAmount)],
      ...optional("Note", b.note),
      ...optional("Remarks", b.remarks),
    ],
    lines: b.lines.map((l) => {
      const details = original && l.original !== undefined ? l.original : l;
      return {
        party: l.party,
        sourceDoc: l.sourceDoc,
        iban: details.iBAN,
        swift: details.swift,
        status: l.status,
        amount: money(l.transferAmount),
        currency: l.currency,
      };
    }),
    total: money(b.totalAmount),
    printedAt,
    original,
  };
};

export interface PrintedPaymentBatch {
  readonly batch: PaymentBatch;
  /** The PDF bytes. */
  readonly body: AsyncIterable<Uint8Array>;
}

export type PrintPaymentBatchError = PaymentBatchNotFound | PrintTemplateUnknown | StoreUnavailable;

export const makePrintPaymentBatch =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }>; readonly clock: Clock; readonly renderer: PdfRenderer }) =>
  (input: {
    readonly orgId: OrganizationId;
    readonly ref: PaymentBatchRef;
    readonly template?: string;
    readonly original: boolean;
  }): Effect.Effect<PrintedPaymentBatch, PrintPaymentBatchError> =>
    Effect.gen(function* () {
      const loaded = yield* deps.uow.run((stores) => loadPaymentBatch(stores.paymentBatches, input.orgId, input.ref));
      const printedAt = yield* deps.clock.now;
      const body = yield* deps.renderer.render(paymentBatchPrintoutOf(loaded.state, input.original, printedAt), input.template);
      return { batch: loaded.state, body };
    });
