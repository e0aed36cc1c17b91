/**
 * Invoice line items (seed 004 `Invoice Line Item` CSV files, children of an Invoice import),
 * unique per organization by `invoiceNumber` + `customerNumber` + `lineNumber`. A line item
 * belongs to a receivable document that must exist when it is applied.
 */
import { Either, Schema } from "effect";
import type { FieldError, Instant } from "../kernel";
import { IntegerValue, OptionalAmount, OptionalText, RequiredText, requiredField } from "./fields";
import { amountScaleProblem, type DocumentKey, type ReceivableDocument } from "./receivable-document";

const LineNumber = IntegerValue.pipe(
  Schema.filter((n) => n >= 1, { message: (issue) => `must be a line number from 1, got ${String(issue.actual)}` }),
);

/** One line item row as imported; absent optional fields are left out. */
export const LineItemRecord = Schema.Struct({
  invoiceNumber: RequiredText,
  customerNumber: RequiredText,
  lineNumber: requiredField(LineNumber),
  description: OptionalText,
  quantity: OptionalAmount,
  unitPrice: OptionalAmount,
  amount: OptionalAmount,
});
export type LineItemRecord = typeof LineItemRecord.Type;

export interface LineItemKey extends DocumentKey {
  readonly lineNumber: number;
}

export type LineItem = LineItemRecord & {
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
};

export const lineItemKeyText = (key: LineItemKey): string => `${key.invoiceNumber}/${key.customerNumber}/${key.lineNumber}`;

/**
 * The line item after importing `record` under `document`. Fails when the document does not exist,
 * or when `amount` has more fraction digits than the document's currency allows (quantities and
 * unit prices may have more). An existing line item keeps every field the record leaves absent.
 */
export const importLineItem = (
  existing: LineItem | undefined,
  record: LineItemRecord,
  document: ReceivableDocument | undefined,
  at: Instant,
): Either.Either<LineItem, ReadonlyArray<FieldError>> => {
  if (document === undefined) {
    return Either.left([
      {
        field: "invoiceNumber",
        message: `no invoice ${record.invoiceNumber} of customer ${record.customerNumber}: it is neither in the parent file nor imported before`,
      },
    ]);
  }
  const merged: LineItem = { ...existing, ...record, createdAt: existing?.createdAt ?? at, updatedAt: at };
  const problem = merged.amount === undefined ? undefined : amountScaleProblem(merged.amount, document.currency);
  return problem === undefined ? Either.right(merged) : Either.left([{ field: "amount", message: problem }]);
};
