/**
 * PAYMENT_REQUEST records (DOMAIN.md "What applying an inbound item does"; ISO form pain.001):
 * a payment the ERP asks for, upserted by `referenceId` and usable as a payment-batch line
 * (`paymentBatchLines/fromRequests`).
 */
import { Data, Schema } from "effect";
import { Bic, Iban } from "../banking/schema";
import type { Instant } from "../kernel";
import * as Decimal from "../money/decimal";
import { fractionDigitsOf } from "../money/currency";
import { fitsCurrency } from "../money/money";
import type { PaymentBatchLineLocation } from "../ports/payment-batch-repository";
import { OptionalDate, OptionalText, optionalField, RequiredAmount, RequiredCurrency, RequiredText, requiredField, Text } from "./fields";

export const PaymentRequestRecord = Schema.Struct({
  referenceId: RequiredText,
  companyKey: RequiredText,
  party: RequiredText,
  amount: RequiredAmount,
  currency: RequiredCurrency,
  iban: requiredField(Schema.compose(Text, Iban)),
  swift: optionalField(Schema.compose(Text, Bic)),
  dueDate: OptionalDate,
  paymentInstruction: OptionalText,
  sourceDoc: OptionalText,
}).pipe(
  Schema.filter((r) => {
    if (!Decimal.isPositive(r.amount)) return { path: ["amount"], message: "must be greater than 0" };
    if (!fitsCurrency(r.amount, r.currency)) {
      return { path: ["amount"], message: `has more fraction digits than ${r.currency} allows (${fractionDigitsOf(r.currency) ?? 0})` };
    }
    return undefined;
  }),
);
export type PaymentRequestRecord = typeof PaymentRequestRecord.Type;

/** A stored payment request. */
export interface PaymentRequest extends PaymentRequestRecord {
  readonly receivedAt: Instant;
  readonly updatedAt: Instant;
  /**
   * The payment-batch line made from it. A request is on at most one live line: the link is
   * ignored once that line or its batch is deleted, or the batch discarded.
   */
  readonly line?: PaymentBatchLineLocation;
}

export class PaymentRequestNotFound extends Data.TaggedError("PaymentRequest.NotFound")<{ readonly referenceId: string }> {
  override get message() {
    return `no payment request with referenceId "${this.referenceId}"`;
  }
}

export class PaymentRequestAlreadyInBatch extends Data.TaggedError("PaymentRequest.AlreadyInBatch")<{
  readonly referenceId: string;
  readonly paymentBatchId: string;
}> {
  override get message() {
    return `payment request "${this.referenceId}" is already a line of payment batch ${this.paymentBatchId}`;
  }
}

export class PaymentRequestCompanyMismatch extends Data.TaggedError("PaymentRequest.CompanyMismatch")<{
  readonly referenceId: string;
  readonly companyKey: string;
  readonly company: string;
}> {
  override get message() {
    return `payment request "${this.referenceId}" is for company ${this.companyKey}, the payment batch for ${this.company}`;
  }
}

export type PaymentRequestError = PaymentRequestNotFound | PaymentRequestAlreadyInBatch | PaymentRequestCompanyMismatch;

const FIELDS = ["referenceId", "companyKey", "party", "currency", "iban", "swift", "dueDate", "paymentInstruction", "sourceDoc"] as const;

/** True when the stored request already holds exactly this record. */
export const paymentRequestHoldsRecord = (stored: PaymentRequest, record: PaymentRequestRecord): boolean =>
  FIELDS.every((f) => stored[f] === record[f]) && Decimal.equals(stored.amount, record.amount);
