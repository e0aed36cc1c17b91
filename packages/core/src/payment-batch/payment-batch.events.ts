/**
 * PaymentBatch events: the facts `decide` accepted, already validated and normalised (IBANs in
 * electronic format, computed `documentAmount`s, checked custom attribute values), so `evolve`
 * only applies them.
 */
import type { Actor, Instant } from "../kernel";
import type { CustomAttributeValue, CustomAttributeValues } from "../records/custom-attribute";
import type {
  CorrectableLineField,
  ExportRecord,
  PaymentBatchLine,
  PaymentBatchLineStatus,
  PaymentBatchStatus,
} from "./payment-batch.state";
import type { Decimal } from "../money/decimal";

interface EventBase {
  readonly at: Instant;
  readonly actor: Actor;
}

export interface PaymentBatchCreated extends EventBase {
  readonly _tag: "PaymentBatchCreated";
  readonly id: string;
  readonly company: string;
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
  readonly customAttributes: CustomAttributeValues;
  readonly lines: ReadonlyArray<PaymentBatchLine>;
}

export interface LineAdded extends EventBase {
  readonly _tag: "LineAdded";
  readonly line: PaymentBatchLine;
}

export interface LineDeleted extends EventBase {
  readonly _tag: "LineDeleted";
  readonly lineId: string;
}

export interface FinancialAccountSet extends EventBase {
  readonly _tag: "FinancialAccountSet";
  readonly financialAccount?: string;
}

export interface AllowExportSet extends EventBase {
  readonly _tag: "AllowExportSet";
  readonly allowExport: boolean;
}

export interface CompanyChanged extends EventBase {
  readonly _tag: "CompanyChanged";
  readonly company: string;
  readonly paymentBatchKey: number;
}

export interface NoteSet extends EventBase {
  readonly _tag: "NoteSet";
  readonly note?: string;
}

export interface RemarksSet extends EventBase {
  readonly _tag: "RemarksSet";
  readonly remarks?: string;
}

export interface IsActiveSet extends EventBase {
  readonly _tag: "IsActiveSet";
  readonly isActive: boolean;
}

export interface CustomAttributeSet extends EventBase {
  readonly _tag: "CustomAttributeSet";
  readonly name: string;
  /** Absent: removed. */
  readonly value?: CustomAttributeValue;
}

export interface LineCustomAttributeSet extends EventBase {
  readonly _tag: "LineCustomAttributeSet";
  readonly lineId: string;
  readonly name: string;
  readonly value?: CustomAttributeValue;
}

/** A bank detail of a line changed while the batch is a `Draft`. */
export interface LineBankDetailSet extends EventBase {
  readonly _tag: "LineBankDetailSet";
  readonly lineId: string;
  readonly field: CorrectableLineField;
  readonly value?: string;
}

/**
 * An `Error` line of a submitted batch was corrected: the exported bank details are kept as the
 * originals (first correction only), the line is `Open` again and leaves its file.
 */
export interface LineCorrected extends EventBase {
  readonly _tag: "LineCorrected";
  readonly lineId: string;
  readonly field: CorrectableLineField;
  readonly value?: string;
}

export interface PaymentBatchExported extends EventBase {
  readonly _tag: "PaymentBatchExported";
  readonly export: ExportRecord;
  readonly lines: ReadonlyArray<{ readonly lineId: string; readonly exportTransactionId: string }>;
}

export interface LineStatusSet extends EventBase {
  readonly _tag: "LineStatusSet";
  readonly lineId: string;
  readonly status: PaymentBatchLineStatus;
  readonly externalStatusCode?: string;
  readonly reason?: string;
  readonly externalStatusReportId?: string;
}

/** The statuses of many lines, set together (SetLineStatuses). */
export interface LineStatusesSet extends EventBase {
  readonly _tag: "LineStatusesSet";
  readonly changes: ReadonlyArray<{
    readonly lineId: string;
    readonly status: PaymentBatchLineStatus;
    readonly externalStatusCode?: string;
    readonly reason?: string;
    readonly externalStatusReportId?: string;
  }>;
}

/** The batch status that follows from its lines after a status change or a correction. */
export interface PaymentBatchStatusChanged extends EventBase {
  readonly _tag: "PaymentBatchStatusChanged";
  readonly status: "PartiallyCompleted" | "FinishedWithErrors" | "FinishedWithoutErrors";
}

export interface PaymentBatchDiscarded extends EventBase {
  readonly _tag: "PaymentBatchDiscarded";
}

export interface PaymentBatchDeleted extends EventBase {
  readonly _tag: "PaymentBatchDeleted";
}

export type PaymentBatchEvent =
  | PaymentBatchCreated
  | LineAdded
  | LineDeleted
  | FinancialAccountSet
  | AllowExportSet
  | CompanyChanged
  | NoteSet
  | RemarksSet
  | IsActiveSet
  | CustomAttributeSet
  | LineCustomAttributeSet
  | LineBankDetailSet
  | LineCorrected
  | PaymentBatchExported
  | LineStatusSet
  | LineStatusesSet
  | PaymentBatchStatusChanged
  | PaymentBatchDiscarded
  | PaymentBatchDeleted;

/** The status a batch reaches through these events, when they finish it. */
export const finishedStatusOf = (events: ReadonlyArray<PaymentBatchEvent>): PaymentBatchStatus | undefined => {
  const last = events.findLast((e) => e._tag === "PaymentBatchStatusChanged");
  return last !== undefined && last.status !== "PartiallyCompleted" ? last.status : undefined;
};
