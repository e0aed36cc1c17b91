/**
 * The AP batch as clients see it (seed 001 properties): what `GET /odata/Batches` lists and what
 * stores filter and sort. Encodes to the seed's JSON (`batchTotal` a number).
 */
import { Schema } from "effect";
import { DecimalFromNumber } from "../money/schema";
import type { PropertyCatalogue } from "../ports/collection-query";
import { ApBatchStatuses, apBatchStatusIdOf, type ExistingApBatch } from "./ap-batch.state";

export const ApBatchView = Schema.Struct({
  apBatchId: Schema.String,
  batchNo: Schema.String,
  reference: Schema.optionalWith(Schema.String, { exact: true }),
  batchStatusId: Schema.Literal(1, 2, 3),
  batchStatus: Schema.Literal(...ApBatchStatuses),
  batchTotal: DecimalFromNumber,
  invoiceCount: Schema.Int,
  isScheduledExporting: Schema.Boolean,
  lastExportDate: Schema.optionalWith(Schema.String, { exact: true }),
  dateCreated: Schema.String,
  createdBy: Schema.String,
  createdByUserName: Schema.String,
  lastUpdated: Schema.String,
  lastUpdatedBy: Schema.String,
  lastUpdatedByUserName: Schema.String,
});
export type ApBatchView = typeof ApBatchView.Type;

export const apBatchViewOf = (state: ExistingApBatch): ApBatchView => ({
  apBatchId: state.apBatchId,
  batchNo: state.batchNo,
  ...(state.reference === undefined ? {} : { reference: state.reference }),
  batchStatusId: apBatchStatusIdOf(state._tag),
  batchStatus: state._tag,
  batchTotal: state.batchTotal,
  invoiceCount: state.invoiceCount,
  isScheduledExporting: state._tag === "Queued",
  ...(state._tag === "Exported" ? { lastExportDate: state.lastExportDate } : {}),
  dateCreated: state.dateCreated,
  createdBy: state.createdBy,
  createdByUserName: state.createdByUserName,
  lastUpdated: state.lastUpdated,
  lastUpdatedBy: state.lastUpdatedBy,
  lastUpdatedByUserName: state.lastUpdatedByUserName,
});

/** The batch as seed 001 JSON. */
export const encodeApBatchView = Schema.encodeSync(ApBatchView);

/** The property catalogue of `/odata/Batches`. */
export const apBatchCatalogue: PropertyCatalogue = {
  entity: "Batch",
  key: "apBatchId",
  defaultOrderBy: [{ property: "dateCreated", direction: "asc" }],
  properties: {
    apBatchId: "guid",
    batchNo: "string",
    reference: "string",
    batchStatusId: "integer",
    batchStatus: "string",
    batchTotal: "decimal",
    invoiceCount: "integer",
    isScheduledExporting: "boolean",
    lastExportDate: "date-time",
    dateCreated: "date-time",
    createdBy: "guid",
    createdByUserName: "string",
    lastUpdated: "date-time",
    lastUpdatedBy: "guid",
    lastUpdatedByUserName: "string",
  },
};
