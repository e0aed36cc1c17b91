/**
 * PaymentBatch refusals. Each `_tag` is a stable code; each message names the rule or the field.
 * None carries HTTP knowledge (apps/api maps them: not found 404, the rest 400).
 */
import { Data } from "effect";
import type { FieldError } from "../kernel";
import type { PaymentBatchStatus } from "./payment-batch.state";

/** `reference` is the id, or `companyKey/paymentBatchKey`, as the caller addressed the batch. */
export class PaymentBatchNotFound extends Data.TaggedError("PaymentBatch.NotFound")<{ readonly reference: string }> {
  override get message() {
    return this.reference === "" ? "the payment batch does not exist" : `payment batch ${this.reference} does not exist`;
  }
}

export class PaymentBatchAlreadyExists extends Data.TaggedError("PaymentBatch.AlreadyExists")<{ readonly id: string }> {
  override get message() {
    return `payment batch ${this.id} already exists`;
  }
}

/** Lines, financial account, allowExport and company change only while the batch is a Draft. */
export class PaymentBatchNotDraft extends Data.TaggedError("PaymentBatch.NotDraft")<{
  readonly status: PaymentBatchStatus;
  readonly operation: string;
}> {
  override get message() {
    return `the payment batch is ${this.status}: ${this.operation} is allowed only while it is Draft`;
  }
}

/** A discarded batch can only be deleted. */
export class PaymentBatchIsDiscarded extends Data.TaggedError("PaymentBatch.Discarded")<{ readonly operation: string }> {
  override get message() {
    return `the payment batch is Discarded: ${this.operation} is not allowed (a discarded batch can only be deleted)`;
  }
}

/** A field of the batch or a line breaks a rule ("must not be empty", "must be positive", ...). */
export class PaymentBatchFieldInvalid extends Data.TaggedError("PaymentBatch.FieldInvalid")<{
  readonly field: string;
  readonly message: string;
}> {}

/** Decoding the request body failed; one message per failing field. */
export class PaymentBatchInputInvalid extends Data.TaggedError("PaymentBatch.InputInvalid")<{
  readonly message: string;
  readonly errors: ReadonlyArray<FieldError>;
}> {}

export class PaymentBatchInvalidIban extends Data.TaggedError("PaymentBatch.InvalidIban")<{
  readonly field: string;
  readonly message: string;
}> {}

export class PaymentBatchInvalidBic extends Data.TaggedError("PaymentBatch.InvalidBic")<{
  readonly field: string;
  readonly message: string;
}> {}

export class PaymentBatchCurrencyMismatch extends Data.TaggedError("PaymentBatch.CurrencyMismatch")<{
  readonly field: string;
  readonly message: string;
}> {}

/** Amounts: negative, more fraction digits than the currency has, or a transfer that does not add up. */
export class PaymentBatchAmountInvalid extends Data.TaggedError("PaymentBatch.AmountInvalid")<{
  readonly field: string;
  readonly message: string;
}> {}

export class PaymentBatchCustomAttributeInvalid extends Data.TaggedError("PaymentBatch.CustomAttributeInvalid")<{
  readonly message: string;
  readonly errors: ReadonlyArray<FieldError>;
}> {}

export class PaymentBatchLineNotFound extends Data.TaggedError("PaymentBatch.LineNotFound")<{ readonly lineId: string }> {
  override get message() {
    return `the payment batch has no line ${this.lineId}`;
  }
}

export class PaymentBatchLineAlreadyExists extends Data.TaggedError("PaymentBatch.LineAlreadyExists")<{ readonly lineId: string }> {
  override get message() {
    return `the payment batch already has a line ${this.lineId}`;
  }
}

/** Bank details of a submitted batch change only on an `Error` line (a correction). */
export class PaymentBatchLineNotCorrectable extends Data.TaggedError("PaymentBatch.LineNotCorrectable")<{
  readonly status: PaymentBatchStatus;
  readonly lineId: string;
  readonly field: string;
}> {
  override get message() {
    return `the payment batch is ${this.status}: ${this.field} of line ${this.lineId} can be changed only while the batch is Draft, on an Error line to correct it, or on a line reopened by a correction`;
  }
}

export class PaymentBatchNotExportable extends Data.TaggedError("PaymentBatch.NotExportable")<{ readonly message: string }> {}

export class PaymentBatchExportNotAllowed extends Data.TaggedError("PaymentBatch.ExportNotAllowed") {
  override get message() {
    return "the payment batch does not allow export: set allowExport to true first";
  }
}

export class PaymentBatchFinancialAccountMissing extends Data.TaggedError("PaymentBatch.FinancialAccountMissing") {
  override get message() {
    return "the payment batch has no financial account: set financialAccount before export";
  }
}

export class PaymentBatchNothingToExport extends Data.TaggedError("PaymentBatch.NothingToExport") {
  override get message() {
    return "the payment batch has no Open line without an exportTransactionId to export";
  }
}

/** Lines that cannot go into a SEPA credit transfer; one message per line and field. */
export class PaymentBatchNotSepaValid extends Data.TaggedError("PaymentBatch.NotSepaValid")<{
  readonly message: string;
  readonly errors: ReadonlyArray<FieldError>;
}> {}

/** The export command's ids are missing, too long, or collide. */
export class PaymentBatchExportIdsInvalid extends Data.TaggedError("PaymentBatch.ExportIdsInvalid")<{ readonly message: string }> {}

/** Line statuses change only in `Submitted` and `PartiallyCompleted`. */
export class PaymentBatchNotSubmitted extends Data.TaggedError("PaymentBatch.NotSubmitted")<{ readonly status: PaymentBatchStatus }> {
  override get message() {
    return `the payment batch is ${this.status}: a line status can be set only while it is Submitted or PartiallyCompleted`;
  }
}

export class PaymentBatchLineNotExported extends Data.TaggedError("PaymentBatch.LineNotExported")<{ readonly lineId: string }> {
  override get message() {
    return `line ${this.lineId} has no exportTransactionId: only lines of a generated payment file get a status`;
  }
}

export class PaymentBatchNotDiscardable extends Data.TaggedError("PaymentBatch.NotDiscardable")<{ readonly status: PaymentBatchStatus }> {
  override get message() {
    return `the payment batch is ${this.status}: only a Draft or Submitted batch can be discarded`;
  }
}

export class PaymentBatchNotDeletable extends Data.TaggedError("PaymentBatch.NotDeletable")<{ readonly status: PaymentBatchStatus }> {
  override get message() {
    return `the payment batch is ${this.status}: only a Draft or Discarded batch can be deleted`;
  }
}

export class PaymentBatchPaymentFileNotFound extends Data.TaggedError("PaymentBatch.PaymentFileNotFound")<{ readonly reference: string }> {
  override get message() {
    return `payment batch ${this.reference} has no payment file yet: export it first`;
  }
}

/** Refusals of the decider. */
export type PaymentBatchError =
  | PaymentBatchNotFound
  | PaymentBatchAlreadyExists
  | PaymentBatchNotDraft
  | PaymentBatchIsDiscarded
  | PaymentBatchFieldInvalid
  | PaymentBatchInvalidIban
  | PaymentBatchInvalidBic
  | PaymentBatchCurrencyMismatch
  | PaymentBatchAmountInvalid
  | PaymentBatchCustomAttributeInvalid
  | PaymentBatchLineNotFound
  | PaymentBatchLineAlreadyExists
  | PaymentBatchLineNotCorrectable
  | PaymentBatchNotExportable
  | PaymentBatchExportNotAllowed
  | PaymentBatchFinancialAccountMissing
  | PaymentBatchNothingToExport
  | PaymentBatchNotSepaValid
  | PaymentBatchExportIdsInvalid
  | PaymentBatchNotSubmitted
  | PaymentBatchLineNotExported
  | PaymentBatchNotDiscardable
  | PaymentBatchNotDeletable;
