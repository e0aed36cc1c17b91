/**
 * ApBatch states. Each variant holds only what is true in it: `lastExportDate` and the outbound
 * batch exist only once Exported; `isScheduledExporting`, `batchStatusId` and `batchStatus` follow
 * from the variant (see ap-batch.view.ts). The batch keeps its invoices' ids and validation
 * totals, which is all its invariants need; the invoices themselves live in the AP invoice store.
 *
 * The states are Schemas so stores can keep them as JSON with exact decimals (as strings).
 */
import { Schema } from "effect";
import { DecimalFromString } from "../money/schema";

export const ApBatchStatuses = ["Open", "Queued", "Exported"] as const;
export type ApBatchStatus = (typeof ApBatchStatuses)[number];
export type ApBatchStatusId = 1 | 2 | 3;

/** `batchStatusId` of a status: 1 Open, 2 Queued, 3 Exported. */
export const apBatchStatusIdOf = (status: ApBatchStatus): ApBatchStatusId => (ApBatchStatuses.indexOf(status) + 1) as ApBatchStatusId;

/** One invoice of the batch: its id and the `invoiceValidationTotal` it adds (0 when it has none). */
export const ApBatchLine = Schema.Struct({
  apMatchedInvoiceId: Schema.String,
  invoiceValidationTotal: DecimalFromString,
});
export type ApBatchLine = typeof ApBatchLine.Type;

const existing = {
  apBatchId: Schema.String,
  batchNo: Schema.String,
  reference: Schema.optionalWith(Schema.String, { exact: true }),
  /** In the order they joined. */
  invoices: Schema.Array(ApBatchLine),
  invoiceCount: Schema.Int,
  batchTotal: DecimalFromString,
  dateCreated: Schema.String,
  createdBy: Schema.String,
  createdByUserName: Schema.String,
  lastUpdated: Schema.String,
  lastUpdatedBy: Schema.String,
  lastUpdatedByUserName: Schema.String,
};

/** The batch does not exist (yet). */
export const ApBatchAbsent = Schema.TaggedStruct("Absent", {});
export const ApBatchOpen = Schema.TaggedStruct("Open", existing);
export const ApBatchQueued = Schema.TaggedStruct("Queued", existing);
export const ApBatchExported = Schema.TaggedStruct("Exported", {
  ...existing,
  lastExportDate: Schema.String,
  /** The outbound INVOICE ERP batch emitted by the export. */
  outboundBatchId: Schema.String,
});

export const ApBatchState = Schema.Union(ApBatchAbsent, ApBatchOpen, ApBatchQueued, ApBatchExported);
export type ApBatchState = typeof ApBatchState.Type;
export type ApBatchAbsent = typeof ApBatchAbsent.Type;
export type ApBatchOpen = typeof ApBatchOpen.Type;
export type ApBatchQueued = typeof ApBatchQueued.Type;
export type ApBatchExported = typeof ApBatchExported.Type;
/** A batch that exists. */
export type ExistingApBatch = ApBatchOpen | ApBatchQueued | ApBatchExported;

export const absentApBatch: ApBatchState = { _tag: "Absent" };

export const apBatchExists = (state: ApBatchState): state is ExistingApBatch => state._tag !== "Absent";
