/**
 * BANK_STATEMENT records (DOMAIN.md; ISO form camt.053): entries of the organization's bank
 * statements. Each is stored once; a debit whose `endToEndId` is the `exportTransactionId` of a
 * submitted payment-batch line marks that line `Success` (the bank booked the transfer).
 *
 * Identity: an entry is `statementId` + its `entryReference` (camt.053 `NtryRef` or
 * `AcctSvcrRef`) when the bank gives one, else `statementId` + its content (account, booking
 * date, direction, amount, currency, end-to-end id, remittance). Re-reading a statement therefore
 * stores nothing twice; the price is that two entries of one statement that agree in every one of
 * those fields and carry no reference are stored once.
 */
import { Schema } from "effect";
import { Iban } from "../banking/schema";
import type { Instant } from "../kernel";
import * as Decimal from "../money/decimal";
import { fractionDigitsOf } from "../money/currency";
import { fitsCurrency } from "../money/money";
import type { PaymentBatchLineLocation } from "../ports/payment-batch-repository";
import { OptionalText, RequiredAmount, RequiredCurrency, RequiredDate, requiredField, requiredLiteral, RequiredText, Text } from "./fields";

export const BankStatementEntryRecord = Schema.Struct({
  statementId: RequiredText,
  accountIban: requiredField(Schema.compose(Text, Iban)),
  bookingDate: RequiredDate,
  amount: RequiredAmount,
  currency: RequiredCurrency,
  creditDebit: requiredLiteral("CRDT", "DBIT"),
  endToEndId: OptionalText,
  remittanceInfo: OptionalText,
  /** Extension: the bank's reference of the entry (NtryRef, else AcctSvcrRef), which makes it unique. */
  entryReference: OptionalText,
}).pipe(
  Schema.filter((r) => {
    // camt.053 amounts are unsigned; the direction is creditDebit.
    if (Decimal.isNegative(r.amount)) return { path: ["amount"], message: "must not be negative (the direction is creditDebit)" };
    if (!fitsCurrency(r.amount, r.currency)) {
      return { path: ["amount"], message: `has more fraction digits than ${r.currency} allows (${fractionDigitsOf(r.currency) ?? 0})` };
    }
    return undefined;
  }),
);
export type BankStatementEntryRecord = typeof BankStatementEntryRecord.Type;

export interface BankStatementEntry extends BankStatementEntryRecord {
  /** The entry's identity within the organization (see the header). */
  readonly entryKey: string;
  readonly receivedAt: Instant;
  /** The payment-batch line the entry settled, once matched. */
  readonly matchedLine?: PaymentBatchLineLocation;
}

/** The entry's identity: statement plus bank reference, or plus content when the bank gave none. */
export const statementEntryKeyOf = (r: BankStatementEntryRecord): string =>
  r.entryReference !== undefined
    ? `${r.statementId}|ref|${r.entryReference}`
    : [r.statementId, "content", r.accountIban, r.bookingDate, r.creditDebit, Decimal.format(r.amount), r.currency, r.endToEndId ?? "", r.remittanceInfo ?? ""].join(
        "|",
      );
