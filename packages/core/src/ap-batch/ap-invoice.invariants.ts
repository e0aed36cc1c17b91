/** What is true of every stored AP invoice (checked by the property tests and the store contract). */
import { apInvoiceStatusIdOf, apInvoiceIsLocked, type ApInvoice } from "./ap-invoice";

/** `matchedInvoiceStatusId` and `matchedInvoiceStatus` name the same status. */
export const apInvoiceStatusIdMatchesStatus = (invoice: ApInvoice): boolean =>
  apInvoiceStatusIdOf(invoice.matchedInvoiceStatus) === invoice.matchedInvoiceStatusId;

/** Batched and Exported invoices, and only they, belong to a batch and record when they joined it. */
export const apInvoiceInBatchExactlyWhenBatched = (invoice: ApInvoice): boolean => {
  const inBatch = apInvoiceIsLocked(invoice);
  return [invoice.apBatchId, invoice.apBatchNo, invoice.dateSubmitted, invoice.submittedBy, invoice.submittedByUserName].every(
    (field) => (field !== undefined) === inBatch,
  );
};

export const apInvoiceInvariants = { apInvoiceStatusIdMatchesStatus, apInvoiceInBatchExactlyWhenBatched } as const;

/** The names of the invariants the invoice breaks (empty when it is sound). */
export const brokenApInvoiceInvariants = (invoice: ApInvoice): ReadonlyArray<string> =>
  Object.entries(apInvoiceInvariants)
    .filter(([, holds]) => !holds(invoice))
    .map(([name]) => name);
