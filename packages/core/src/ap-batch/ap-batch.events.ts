/** What happened to an AP batch. Schemas, so stores keep events as JSON with exact decimals. */
import { Schema } from "effect";
import { DecimalFromString } from "../money/schema";

const stamp = {
  at: Schema.String,
  actor: Schema.Struct({ id: Schema.String, name: Schema.String }),
};

export const ApBatchCreated = Schema.TaggedStruct("Created", {
  apBatchId: Schema.String,
  batchNo: Schema.String,
  reference: Schema.optionalWith(Schema.String, { exact: true }),
  ...stamp,
});

export const InvoiceAddedToApBatch = Schema.TaggedStruct("InvoiceAdded", {
  apMatchedInvoiceId: Schema.String,
  invoiceValidationTotal: DecimalFromString,
  ...stamp,
});

export const InvoiceRemovedFromApBatch = Schema.TaggedStruct("InvoiceRemoved", {
  apMatchedInvoiceId: Schema.String,
  invoiceValidationTotal: DecimalFromString,
  ...stamp,
});

export const ApBatchSubmittedToQueued = Schema.TaggedStruct("SubmittedToQueued", stamp);

export const ApBatchExportedEvent = Schema.TaggedStruct("Exported", {
  outboundBatchId: Schema.String,
  ...stamp,
});

export const ApBatchEvent = Schema.Union(ApBatchCreated, InvoiceAddedToApBatch, InvoiceRemovedFromApBatch, ApBatchSubmittedToQueued, ApBatchExportedEvent);
export type ApBatchEvent = typeof ApBatchEvent.Type;
export type ApBatchCreated = typeof ApBatchCreated.Type;
export type InvoiceAddedToApBatch = typeof InvoiceAddedToApBatch.Type;
export type InvoiceRemovedFromApBatch = typeof InvoiceRemovedFromApBatch.Type;
export type ApBatchSubmittedToQueued = typeof ApBatchSubmittedToQueued.Type;
export type ApBatchExportedEvent = typeof ApBatchExportedEvent.Type;
