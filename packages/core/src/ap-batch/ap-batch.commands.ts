/** What can be asked of an AP batch. Commands carry the time, the actor and any new id. */
import type { Actor, Instant } from "../kernel";
import type { ApInvoice } from "./ap-invoice";

interface Stamped {
  readonly apBatchId: string;
  readonly at: Instant;
  readonly actor: Actor;
}

/** `batchNo` is always given here: the create use case generates one when the client gives none. */
export interface CreateApBatch extends Stamped {
  readonly _tag: "Create";
  readonly batchNo: string;
  readonly reference?: string;
}

/** The invoice as the store holds it at the time of the command. */
export type ApBatchInvoiceCandidate = Pick<ApInvoice, "apMatchedInvoiceId" | "matchedInvoiceStatus" | "apBatchId" | "invoiceValidationTotal">;

export interface AddInvoiceToApBatch extends Stamped {
  readonly _tag: "AddInvoice";
  readonly invoice: ApBatchInvoiceCandidate;
}

export interface RemoveInvoiceFromApBatch extends Stamped {
  readonly _tag: "RemoveInvoice";
  readonly apMatchedInvoiceId: string;
}

export interface SubmitApBatchToQueued extends Stamped {
  readonly _tag: "SubmitToQueued";
}

export interface ExportApBatch extends Stamped {
  readonly _tag: "Export";
  /** Id of the outbound INVOICE ERP batch the export emits. */
  readonly outboundBatchId: string;
}

export type ApBatchCommand = CreateApBatch | AddInvoiceToApBatch | RemoveInvoiceFromApBatch | SubmitApBatchToQueued | ExportApBatch;
