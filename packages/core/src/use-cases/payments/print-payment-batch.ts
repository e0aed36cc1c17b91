/**
 * GET .../paymentBatches/{id}/print, .../{companyKey}/{paymentBatchKey}/print and the
 * `printOriginal` variants (seed 003): a PDF of the batch and its lines through the PdfRenderer
 * port; `template` picks one of the renderer's layouts (unknown: PrintTemplateUnknown).
 *
 * printOriginal is the batch's first print in that template, kept unchanged whatever is edited
 * afterwards (ADR 20): the first print of a batch, by either operation, is stored in the blob
 * store, and printOriginal answers the stored bytes. A batch never printed is printed by
 * printOriginal (with each corrected line's first bank details) and that print is kept.
 */
import { Effect } from "effect";
import type { Instant, OrganizationId } from "../../kernel";
import * as Decimal from "../../money/decimal";
import { formatMoney } from "../../money/money";
import type { PaymentBatch, PaymentBatchNotFound } from "../../payment-batch";
import { parseBlobKey, type BlobStore, type BlobStoreUnavailable, type BlobTooLarge, type BlobBodyFailed } from "../../ports/blob-store";
import type { Clock } from "../../ports/clock";
import { PrintTemplateUnknown, type PaymentBatchPrintout, type PdfRenderer } from "../../ports/codecs";
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

export type PrintPaymentBatchError = PaymentBatchNotFound | PrintTemplateUnknown | StoreUnavailable | BlobStoreUnavailable | BlobTooLarge | BlobBodyFailed;

/** Where the first print of a batch in a template is kept. */
export const originalPrintKeyOf = (orgId: OrganizationId, paymentBatchId: string, template: string) =>
  parseBlobKey(`payment-batch-prints/${orgId}/${paymentBatchId}/${template}.pdf`);

export const makePrintPaymentBatch =
  (deps: {
    readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }>;
    readonly clock: Clock;
    readonly renderer: PdfRenderer;
    readonly blobs: BlobStore;
  }) =>
  (input: {
    readonly orgId: OrganizationId;
    readonly ref: PaymentBatchRef;
    readonly template?: string;
    readonly original: boolean;
  }): Effect.Effect<PrintedPaymentBatch, PrintPaymentBatchError> =>
    Effect.gen(function* () {
      const template = input.template ?? deps.renderer.templates[0] ?? "standard";
      if (!deps.renderer.templates.includes(template)) return yield* Effect.fail(new PrintTemplateUnknown({ template, known: deps.renderer.templates }));
      const loaded = yield* deps.uow.run((stores) => loadPaymentBatch(stores.paymentBatches, input.orgId, input.ref));
      const key = yield* Effect.orDie(originalPrintKeyOf(input.orgId, loaded.state.id, template));
      const kept = (yield* deps.blobs.size(key)) !== undefined;
      if (input.original && kept) return { batch: loaded.state, body: yield* Effect.catchTag(deps.blobs.get(key), "Blob.NotFound", Effect.die) };
      const printedAt = yield* deps.clock.now;
      const body = yield* deps.renderer.render(paymentBatchPrintoutOf(loaded.state, input.original, printedAt), template);
      if (kept) return { batch: loaded.state, body };
      // The first print: kept as the original, then read back from the store.
      yield* deps.blobs.put(key, body, { contentType: "application/pdf" });
      return { batch: loaded.state, body: yield* Effect.catchTag(deps.blobs.get(key), "Blob.NotFound", Effect.die) };
    });
