/**
 * PaymentBatch commands. Each carries the time `at` and the `actor`; new ids and autonumbers
 * come in the command (the core reads no clock, id source or sequence). Custom attribute
 * definitions come in the commands that validate values, because they are organization
 * configuration, not batch state.
 */
import type { Actor, Instant } from "../kernel";
import type { Decimal } from "../money/decimal";
import type { PaymentFileVersion } from "../ports/codecs";
import type { CustomAttributeDefinition } from "../records/custom-attribute";
import type { CorrectableLineField, PaymentBatchLineStatus } from "./payment-batch.state";

interface CommandBase {
  readonly at: Instant;
  readonly actor: Actor;
}

/** A line as a client adds it. */
export interface NewPaymentBatchLine {
  /** New GUID. */
  readonly id: string;
  readonly party: string;
  readonly sourceDoc?: string;
  /** When given, `transferAmount` must equal `documentAmount - discountAmount - withholdedAmount`. */
  readonly documentAmount?: Decimal;
  readonly discountAmount: Decimal;
  readonly withholdedAmount: Decimal;
  readonly transferAmount: Decimal;
  readonly currency: string;
  readonly accountPosting?: string;
  readonly iBAN?: string;
  readonly swift?: string;
  readonly paymentInstruction?: string;
  readonly dueDate?: string;
  readonly note?: string;
  readonly paymentRequestReferenceId?: string;
  /** Raw values, validated against the `PaymentBatchLine` definitions. */
  readonly customAttributes: Readonly<Record<string, unknown>>;
}

export interface CreatePaymentBatch extends CommandBase {
  readonly _tag: "CreatePaymentBatch";
  /** New GUID. */
  readonly id: string;
  readonly company: string;
  /** The company's next autonumber (PaymentBatchRepository.nextPaymentBatchKey). */
  readonly paymentBatchKey: number;
  readonly documentDate: string;
  readonly currency: string;
  readonly exchangeRate: Decimal;
  readonly paymentMethod: string;
  readonly bankAccountType: string;
  /** Must name a financial account of the organization (checked by the caller, which can read them). */
  readonly financialAccount?: string;
  readonly note?: string;
  readonly remarks?: string;
  readonly allowExport: boolean;
  readonly customAttributes: Readonly<Record<string, unknown>>;
  readonly lines: ReadonlyArray<NewPaymentBatchLine>;
  readonly definitions: ReadonlyArray<CustomAttributeDefinition>;
}

export interface AddLine extends CommandBase {
  readonly _tag: "AddLine";
  readonly line: NewPaymentBatchLine;
  readonly definitions: ReadonlyArray<CustomAttributeDefinition>;
}

export interface DeleteLine extends CommandBase {
  readonly _tag: "DeleteLine";
  readonly lineId: string;
}

export interface SetFinancialAccount extends CommandBase {
  readonly _tag: "SetFinancialAccount";
  /** Absent clears it. An existing key of the organization (checked by the caller). */
  readonly financialAccount?: string;
}

export interface SetAllowExport extends CommandBase {
  readonly _tag: "SetAllowExport";
  readonly allowExport: boolean;
}

export interface ChangeCompany extends CommandBase {
  readonly _tag: "ChangeCompany";
  readonly company: string;
  /** The new company's next autonumber. */
  readonly paymentBatchKey: number;
}

export interface SetNote extends CommandBase {
  readonly _tag: "SetNote";
  readonly note?: string;
}

export interface SetRemarks extends CommandBase {
  readonly _tag: "SetRemarks";
  readonly remarks?: string;
}

export interface SetIsActive extends CommandBase {
  readonly _tag: "SetIsActive";
  readonly isActive: boolean;
}

export interface SetCustomAttribute extends CommandBase {
  readonly _tag: "SetCustomAttribute";
  readonly name: string;
  /** null or absent removes an optional attribute. */
  readonly value: unknown;
  readonly definitions: ReadonlyArray<CustomAttributeDefinition>;
}

export interface SetLineCustomAttribute extends CommandBase {
  readonly _tag: "SetLineCustomAttribute";
  readonly lineId: string;
  readonly name: string;
  readonly value: unknown;
  readonly definitions: ReadonlyArray<CustomAttributeDefinition>;
}

/** Sets `iBAN`, `swift` or `paymentInstruction` of a line (absent clears it). */
export interface SetLineBankDetail extends CommandBase {
  readonly _tag: "SetLineBankDetail";
  readonly lineId: string;
  readonly field: CorrectableLineField;
  readonly value?: string;
}

export interface ExportPaymentBatch extends CommandBase {
  readonly _tag: "ExportPaymentBatch";
  /** The file's `MsgId` (at most 35 characters). */
  readonly messageId: string;
  /** The file's `PmtInfId`, becoming each exported line's `exportTransactionGroupId` (at most 35). */
  readonly exportTransactionGroupId: string;
  /**
   * New `EndToEndId`s (at most 35 characters each), taken in line order for the exported lines;
   * at least one per exported line, extra ones are unused.
   */
  readonly exportTransactionIds: ReadonlyArray<string>;
  readonly version: PaymentFileVersion;
}

export interface SetLineStatus extends CommandBase {
  readonly _tag: "SetLineStatus";
  readonly lineId: string;
  readonly status: PaymentBatchLineStatus;
  readonly externalStatusCode?: string;
  readonly reason?: string;
  readonly externalStatusReportId?: string;
}

/** One line's status in a bank answer. */
export interface LineStatusUpdate {
  readonly lineId: string;
  readonly status: PaymentBatchLineStatus;
  readonly externalStatusCode?: string;
  readonly reason?: string;
  readonly externalStatusReportId?: string;
}

/**
 * The statuses of many lines at once (a bank's status report for a whole file): decided and
 * applied in one pass over the lines, where one SetLineStatus per line would pass over them all
 * for each.
 */
export interface SetLineStatuses extends CommandBase {
  readonly _tag: "SetLineStatuses";
  readonly changes: ReadonlyArray<LineStatusUpdate>;
}

export interface DiscardPaymentBatch extends CommandBase {
  readonly _tag: "DiscardPaymentBatch";
}

export interface DeletePaymentBatch extends CommandBase {
  readonly _tag: "DeletePaymentBatch";
}

export type PaymentBatchCommand =
  | CreatePaymentBatch
  | AddLine
  | DeleteLine
  | SetFinancialAccount
  | SetAllowExport
  | ChangeCompany
  | SetNote
  | SetRemarks
  | SetIsActive
  | SetCustomAttribute
  | SetLineCustomAttribute
  | SetLineBankDetail
  | ExportPaymentBatch
  | SetLineStatus
  | SetLineStatuses
  | DiscardPaymentBatch
  | DeletePaymentBatch;

/**
 * The commands that move the life cycle or change what is paid; the terminal states refuse them
 * all (correcting an `Error` line and deleting a discarded batch are the documented ways out).
 */
export const LifeCycleCommandTags = [
  "CreatePaymentBatch",
  "AddLine",
  "DeleteLine",
  "SetFinancialAccount",
  "SetAllowExport",
  "ChangeCompany",
  "ExportPaymentBatch",
  "SetLineStatus",
  "SetLineStatuses",
  "DiscardPaymentBatch",
] as const satisfies ReadonlyArray<PaymentBatchCommand["_tag"]>;
