/** Applies one ApBatch event. Facts only: an event that does not fit the state leaves it as it is. */
import * as Decimal from "../money/decimal";
import type { ApBatchEvent } from "./ap-batch.events";
import type { ApBatchState } from "./ap-batch.state";

const updatedBy = (event: { readonly at: string; readonly actor: { readonly id: string; readonly name: string } }) => ({
  lastUpdated: event.at,
  lastUpdatedBy: event.actor.id,
  lastUpdatedByUserName: event.actor.name,
});

export const evolveApBatch = (state: ApBatchState, event: ApBatchEvent): ApBatchState => {
  if (event._tag === "Created") {
    return state._tag !== "Absent"
      ? state
      : {
          _tag: "Open",
          apBatchId: event.apBatchId,
          batchNo: event.batchNo,
          ...(event.reference === undefined ? {} : { reference: event.reference }),
          invoices: [],
          invoiceCount: 0,
          batchTotal: Decimal.zero,
          dateCreated: event.at,
          createdBy: event.actor.id,
          createdByUserName: event.actor.name,
          ...updatedBy(event),
        };
  }
  if (state._tag === "Absent" || state._tag === "Exported") return state;
  switch (event._tag) {
    case "InvoiceAdded":
      return {
        ...state,
        invoices: [...state.invoices, { apMatchedInvoiceId: event.apMatchedInvoiceId, invoiceValidationTotal: event.invoiceValidationTotal }],
        invoiceCount: state.invoiceCount + 1,
        batchTotal: Decimal.add(state.batchTotal, event.invoiceValidationTotal),
        ...updatedBy(event),
      };
    case "InvoiceRemoved":
      return {
        ...state,
        invoices: state.invoices.filter((line) => line.apMatchedInvoiceId !== event.apMatchedInvoiceId),
        invoiceCount: state.invoiceCount - 1,
        batchTotal: Decimal.subtract(state.batchTotal, event.invoiceValidationTotal),
        ...updatedBy(event),
      };
    case "SubmittedToQueued":
      return { ...state, _tag: "Queued", ...updatedBy(event) };
    case "Exported":
      return { ...state, _tag: "Exported", lastExportDate: event.at, outboundBatchId: event.outboundBatchId, ...updatedBy(event) };
  }
};
