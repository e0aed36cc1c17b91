/**
 * PaymentBatch invariants (DOMAIN.md) as named predicates, used by `decide` to refuse what would
 * break them and by the property tests to check every reachable state.
 */
import { isValidBic } from "../banking/bic";
import { isValidIban } from "../banking/iban";
import * as Decimal from "../money/decimal";
import { fitsCurrency } from "../money/money";
import type { PaymentBatch, PaymentBatchLine, PaymentBatchStatus } from "./payment-batch.state";

export const isOpenLine = (line: PaymentBatchLine): boolean => line.status === "Open";

/** The totals a batch must hold for these lines. */
export const paymentBatchTotalsOf = (lines: ReadonlyArray<PaymentBatchLine>) => {
  const open = lines.filter(isOpenLine);
  return {
    totalAmount: Decimal.sum(lines.map((l) => l.transferAmount)),
    openAmount: Decimal.sum(open.map((l) => l.transferAmount)),
    numberOfOpenItems: open.length,
  };
};

/** `transferAmount = documentAmount - discountAmount - withholdedAmount`, and none of them negative. */
export const transferAddsUp = (line: PaymentBatchLine): boolean =>
  !Decimal.isNegative(line.transferAmount) &&
  !Decimal.isNegative(line.discountAmount) &&
  !Decimal.isNegative(line.withholdedAmount) &&
  Decimal.equals(line.transferAmount, Decimal.subtract(Decimal.subtract(line.documentAmount, line.discountAmount), line.withholdedAmount));

export const lineAmountsFitCurrency = (line: PaymentBatchLine, currency: string): boolean =>
  [line.documentAmount, line.discountAmount, line.withholdedAmount, line.transferAmount].every((a) => fitsCurrency(a, currency));

export const totalEqualsSumOfLines = (b: PaymentBatch): boolean =>
  Decimal.equals(b.totalAmount, Decimal.sum(b.lines.map((l) => l.transferAmount)));

export const openAmountEqualsSumOfOpenLines = (b: PaymentBatch): boolean =>
  Decimal.equals(b.openAmount, Decimal.sum(b.lines.filter(isOpenLine).map((l) => l.transferAmount)));

export const openItemsEqualCountOfOpenLines = (b: PaymentBatch): boolean => b.numberOfOpenItems === b.lines.filter(isOpenLine).length;

export const everyTransferAddsUp = (b: PaymentBatch): boolean => b.lines.every(transferAddsUp);

export const linesInBatchCurrency = (b: PaymentBatch): boolean => b.lines.every((l) => l.currency === b.currency);

export const amountsFitCurrency = (b: PaymentBatch): boolean =>
  b.lines.every((l) => lineAmountsFitCurrency(l, b.currency)) &&
  fitsCurrency(b.totalAmount, b.currency) &&
  fitsCurrency(b.openAmount, b.currency);

export const lineIdsUnique = (b: PaymentBatch): boolean => new Set(b.lines.map((l) => l.id)).size === b.lines.length;

/** Every IBAN and BIC a line holds passed ISO 13616 / ISO 9362 when it was set. */
export const bankDetailsValid = (b: PaymentBatch): boolean =>
  b.lines.every((l) => (l.iBAN === undefined || isValidIban(l.iBAN)) && (l.swift === undefined || isValidBic(l.swift)));

/** A line belongs to a file with both ids or with neither, and only an exported line has a non-Open status. */
export const exportIdsConsistent = (b: PaymentBatch): boolean =>
  b.lines.every(
    (l) =>
      (l.exportTransactionId === undefined) === (l.exportTransactionGroupId === undefined) &&
      (l.exportTransactionId !== undefined || l.status === "Open"),
  );

/** No two lines of the batch share an `exportTransactionId` (the file's EndToEndId). */
export const exportTransactionIdsUnique = (b: PaymentBatch): boolean => {
  const ids = b.lines.flatMap((l) => (l.exportTransactionId === undefined ? [] : [l.exportTransactionId]));
  return new Set(ids).size === ids.length;
};

/**
 * DOMAIN.md: after a line status change, no line left Open gives FinishedWithoutErrors when every
 * line is Success, else FinishedWithErrors; otherwise PartiallyCompleted.
 */
export const paymentBatchStatusFromLines = (
  lines: ReadonlyArray<PaymentBatchLine>,
): "PartiallyCompleted" | "FinishedWithErrors" | "FinishedWithoutErrors" =>
  lines.some(isOpenLine) ? "PartiallyCompleted" : lines.every((l) => l.status === "Success") ? "FinishedWithoutErrors" : "FinishedWithErrors";

const statusRules: Record<PaymentBatchStatus, (b: PaymentBatch) => boolean> = {
  Draft: (b) => b.lines.every((l) => l.exportTransactionId === undefined),
  Submitted: (b) => b.lines.some((l) => isOpenLine(l) && l.exportTransactionId !== undefined),
  PartiallyCompleted: (b) => paymentBatchStatusFromLines(b.lines) === "PartiallyCompleted",
  FinishedWithErrors: (b) => paymentBatchStatusFromLines(b.lines) === "FinishedWithErrors",
  FinishedWithoutErrors: (b) => b.lines.length > 0 && paymentBatchStatusFromLines(b.lines) === "FinishedWithoutErrors",
  Discarded: () => true,
};

/** The batch status agrees with its lines (a Draft has no exported line, a finished batch no Open line, ...). */
export const statusAgreesWithLines = (b: PaymentBatch): boolean => statusRules[b._tag](b);

/** The lines a payment file takes: Open and not yet in a file. */
export const paymentBatchLinesToExport = (b: PaymentBatch): ReadonlyArray<PaymentBatchLine> =>
  b.lines.filter((l) => isOpenLine(l) && l.exportTransactionId === undefined);

export const paymentBatchInvariants: ReadonlyArray<readonly [name: string, holds: (b: PaymentBatch) => boolean]> = [
  ["totalEqualsSumOfLines", totalEqualsSumOfLines],
  ["openAmountEqualsSumOfOpenLines", openAmountEqualsSumOfOpenLines],
  ["openItemsEqualCountOfOpenLines", openItemsEqualCountOfOpenLines],
  ["everyTransferAddsUp", everyTransferAddsUp],
  ["linesInBatchCurrency", linesInBatchCurrency],
  ["amountsFitCurrency", amountsFitCurrency],
  ["lineIdsUnique", lineIdsUnique],
  ["bankDetailsValid", bankDetailsValid],
  ["exportIdsConsistent", exportIdsConsistent],
  ["exportTransactionIdsUnique", exportTransactionIdsUnique],
  ["statusAgreesWithLines", statusAgreesWithLines],
];

/** The names of the invariants `b` breaks (empty when it is sound). */
export const brokenPaymentBatchInvariants = (b: PaymentBatch): ReadonlyArray<string> =>
  paymentBatchInvariants.filter(([, holds]) => !holds(b)).map(([name]) => name);
