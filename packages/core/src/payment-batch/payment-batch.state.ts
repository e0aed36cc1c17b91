/**
 * PaymentBatch state: one variant per `PaymentBatchState` of seed 003 (the `_tag` is the
 * enumeration's name), plus `Absent` before creation and after deletion.
 *
 * The totals (`totalAmount`, `openAmount`, `numberOfOpenItems`) are stored, not computed on
 * read, because they are queried columns; `evolve` recomputes them on every line change and the
 * invariants check that they agree with the lines.
 */
import type { Actor, Instant } from "../kernel";
import type { Decimal } from "../money/decimal";
import type { PaymentFileVersion } from "../ports/codecs";
import type { CustomAttributeValues } from "../records/custom-attribute";

/** seed 003 `PaymentBatchState`, in enumeration order (1..6). */
export const PaymentBatchStatuses = [
  "Draft",
  "Submitted",
  "PartiallyCompleted",
  "FinishedWithErrors",
  "FinishedWithoutErrors",
  "Discarded",
] as const;
export type PaymentBatchStatus = (typeof PaymentBatchStatuses)[number];

/** seed 003 `PaymentBatchLineState`, in enumeration order (1..3). */
export const PaymentBatchLineStatuses = ["Open", "Error", "Success"] as const;
export type PaymentBatchLineStatus = (typeof PaymentBatchLineStatuses)[number];

export const paymentBatchStatusId = (status: PaymentBatchStatus): number => PaymentBatchStatuses.indexOf(status) + 1;
export const paymentBatchLineStatusId = (status: PaymentBatchLineStatus): number => PaymentBatchLineStatuses.indexOf(status) + 1;

/** The line attributes a client may correct on an `Error` line of a submitted batch. */
export const CorrectableLineFields = ["iBAN", "swift", "paymentInstruction"] as const;
export type CorrectableLineField = (typeof CorrectableLineFields)[number];

export type BankDetails = { readonly [F in CorrectableLineField]?: string };

export interface PaymentBatchLine {
  readonly id: string;
  readonly party: string;
  readonly sourceDoc?: string;
  /** Given, or `transferAmount + discountAmount + withholdedAmount` when the client gave none. */
  readonly documentAmount: Decimal;
  readonly discountAmount: Decimal;
  readonly withholdedAmount: Decimal;
  readonly transferAmount: Decimal;
  readonly currency: string;
  readonly accountPosting?: string;
  readonly status: PaymentBatchLineStatus;
  /** Electronic format (no spaces, upper case). */
  readonly iBAN?: string;
  readonly swift?: string;
  readonly paymentInstruction?: string;
  readonly dueDate?: string;
  readonly note?: string;
  /**
   * The bank details the line was exported with, kept from its first correction on
   * (`originalIBAN`, `originalSwift`, `originalPaymentInstruction` of the resource).
   */
  readonly original?: BankDetails;
  /** The file's `PmtInfId`, while the line belongs to an exported file. */
  readonly exportTransactionGroupId?: string;
  /** The file's `EndToEndId`, while the line belongs to an exported file. */
  readonly exportTransactionId?: string;
  readonly externalStatusCode?: string;
  readonly externalStatusReportId?: string;
  readonly reason?: string;
  /** The payment request the line was made from, when it was (`fromRequests`). */
  readonly paymentRequestReferenceId?: string;
  readonly customAttributes: CustomAttributeValues;
}

/** What every existing batch holds, whatever its status. */
export interface PaymentBatchFields {
  readonly id: string;
  /** The `companyKey` of the paths. */
  readonly company: string;
  /** Autonumber per company; changes when the company changes. */
  readonly paymentBatchKey: number;
  readonly documentDate: string;
  readonly currency: string;
  readonly exchangeRate: Decimal;
  readonly paymentMethod: string;
  readonly bankAccountType: string;
  readonly financialAccount?: string;
  readonly note?: string;
  readonly remarks?: string;
  readonly allowExport: boolean;
  readonly isActive: boolean;
  readonly customAttributes: CustomAttributeValues;
  readonly lines: ReadonlyArray<PaymentBatchLine>;
  readonly totalAmount: Decimal;
  readonly openAmount: Decimal;
  readonly numberOfOpenItems: number;
  readonly createdAt: Instant;
  readonly createdBy: Actor;
  readonly lastUpdated: Instant;
  readonly lastUpdatedBy: Actor;
}

/** The last payment file generated for the batch. */
export interface ExportRecord {
  readonly messageId: string;
  readonly exportTransactionGroupId: string;
  readonly version: PaymentFileVersion;
  readonly at: Instant;
  readonly transactionCount: number;
}

export interface Draft extends PaymentBatchFields {
  readonly _tag: "Draft";
}
export interface Submitted extends PaymentBatchFields {
  readonly _tag: "Submitted";
  readonly lastExport: ExportRecord;
}
export interface PartiallyCompleted extends PaymentBatchFields {
  readonly _tag: "PartiallyCompleted";
  readonly lastExport: ExportRecord;
}
export interface FinishedWithErrors extends PaymentBatchFields {
  readonly _tag: "FinishedWithErrors";
  readonly lastExport: ExportRecord;
  readonly finishedAt: Instant;
}
export interface FinishedWithoutErrors extends PaymentBatchFields {
  readonly _tag: "FinishedWithoutErrors";
  readonly lastExport: ExportRecord;
  readonly finishedAt: Instant;
}
export interface Discarded extends PaymentBatchFields {
  readonly _tag: "Discarded";
  readonly discardedAt: Instant;
  /** Present when the batch was discarded after a file was generated. */
  readonly lastExport?: ExportRecord;
}

/** A batch that exists. */
export type PaymentBatch = Draft | Submitted | PartiallyCompleted | FinishedWithErrors | FinishedWithoutErrors | Discarded;

export interface Absent {
  readonly _tag: "Absent";
}

export type PaymentBatchState = Absent | PaymentBatch;

/** A batch with a payment file whose lines await bank answers (`set line status` is allowed). */
export type SubmittedBatch = Submitted | PartiallyCompleted;

export const isSubmittedPaymentBatch = (s: PaymentBatchState): s is SubmittedBatch => s._tag === "Submitted" || s._tag === "PartiallyCompleted";
