/**
 * ApBatch invariants (DOMAIN.md), as named predicates: `decide` uses the guards, the property
 * tests check every predicate in every reachable state. The last two span aggregates: they relate
 * batches to the AP invoices in the store, and hold because the add, remove and export use cases
 * change a batch and its invoices in one unit of work.
 */
import type { Actor, Instant } from "../kernel";
import * as Decimal from "../money/decimal";
import { apInvoiceCanJoinBatch, type ApInvoice } from "./ap-invoice";
import type { ApBatchInvoiceCandidate } from "./ap-batch.commands";
import type { ExistingApBatch } from "./ap-batch.state";

/** Guard: the batch holds the invoice. */
export const apBatchContainsInvoice = (state: ExistingApBatch, apMatchedInvoiceId: string): boolean =>
  state.invoices.some((line) => line.apMatchedInvoiceId === apMatchedInvoiceId);

/** Guard: export needs at least one invoice. */
export const apBatchHasInvoices = (state: ExistingApBatch): boolean => state.invoices.length > 0;

/** Guard: a Vouchered invoice in no batch (an invoice in any batch, this one included, is refused). */
export const invoiceMayJoinApBatch = (invoice: ApBatchInvoiceCandidate): boolean => apInvoiceCanJoinBatch(invoice);

/** The amount an invoice adds to `batchTotal`: its validation total, or 0 when it has none. */
export const apBatchLineTotalOf = (invoice: Pick<ApInvoice, "invoiceValidationTotal">): Decimal.Decimal =>
  invoice.invoiceValidationTotal ?? Decimal.zero;

/** `invoiceCount` equals the number of invoices in the batch. */
export const invoiceCountMatchesInvoices = (state: ExistingApBatch): boolean => state.invoiceCount === state.invoices.length;

/** `batchTotal` is the exact sum of the invoices' `invoiceValidationTotal`. */
export const batchTotalIsSumOfInvoices = (state: ExistingApBatch): boolean =>
  Decimal.equals(state.batchTotal, Decimal.sum(state.invoices.map((line) => line.invoiceValidationTotal)));

/** No invoice is listed twice. */
export const invoicesAreDistinct = (state: ExistingApBatch): boolean =>
  new Set(state.invoices.map((line) => line.apMatchedInvoiceId)).size === state.invoices.length;

/** `lastUpdated` / `lastUpdatedBy` name the last accepted command's time and actor. */
export const apBatchLastUpdateIs = (state: ExistingApBatch, at: Instant, actor: Actor): boolean =>
  state.lastUpdated === at && state.lastUpdatedBy === actor.id && state.lastUpdatedByUserName === actor.name;

export const apBatchInvariants = { invoiceCountMatchesInvoices, batchTotalIsSumOfInvoices, invoicesAreDistinct } as const;

/** The names of the invariants the state breaks (empty when it is sound). */
export const brokenApBatchInvariants = (state: ExistingApBatch): ReadonlyArray<string> =>
  Object.entries(apBatchInvariants)
    .filter(([, holds]) => !holds(state))
    .map(([name]) => name);

/**
 * The invoices of the organization that name this batch are exactly the batch's invoices, each
 * Batched (Exported once the batch is) and adding the validation total the batch counted.
 */
export const apBatchMembershipAgrees = (state: ExistingApBatch, invoices: ReadonlyArray<ApInvoice>): boolean => {
  const members = invoices.filter((invoice) => invoice.apBatchId === state.apBatchId);
  const expected = state._tag === "Exported" ? "Exported" : "Batched";
  return (
    members.length === state.invoices.length &&
    state.invoices.every((line) => {
      const invoice = members.find((m) => m.apMatchedInvoiceId === line.apMatchedInvoiceId);
      return (
        invoice !== undefined &&
        invoice.matchedInvoiceStatus === expected &&
        invoice.apBatchNo === state.batchNo &&
        Decimal.equals(apBatchLineTotalOf(invoice), line.invoiceValidationTotal)
      );
    })
  );
};

/** An invoice is in at most one AP batch. */
export const invoiceInAtMostOneApBatch = (batches: ReadonlyArray<ExistingApBatch>): boolean => {
  const seen = new Set<string>();
  for (const batch of batches) {
    for (const line of batch.invoices) {
      if (seen.has(line.apMatchedInvoiceId)) return false;
      seen.add(line.apMatchedInvoiceId);
    }
  }
  return true;
};
