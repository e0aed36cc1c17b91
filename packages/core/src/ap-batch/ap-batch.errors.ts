/**
 * Refusals of the ApBatch decider and the AP use cases. Tags are the stable codes the HTTP layer
 * maps; messages are the seed's where it gives one.
 */
import { Data } from "effect";
import type { FieldError } from "../kernel";

export class ApBatchNotFound extends Data.TaggedError("ApBatch.NotFound")<{ readonly apBatchId: string }> {
  override get message() {
    return `AP batch ${this.apBatchId} does not exist`;
  }
}

/** Create for an id that already has a batch. */
export class ApBatchAlreadyExists extends Data.TaggedError("ApBatch.AlreadyExists")<{ readonly apBatchId: string }> {
  override get message() {
    return `AP batch ${this.apBatchId} already exists`;
  }
}

/** `batchNo` is unique per organization. */
export class BatchNoTaken extends Data.TaggedError("ApBatch.BatchNoTaken")<{ readonly batchNo: string }> {
  override get message() {
    return `batchNo "${this.batchNo}" is already used by another AP batch`;
  }
}

/** A field of the create request breaks a rule. */
export class ApBatchInvalid extends Data.TaggedError("ApBatch.Invalid")<{ readonly errors: ReadonlyArray<FieldError> }> {
  override get message() {
    return this.errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  }
}

/** Only a Vouchered invoice in no batch may join a batch (an invoice already batched included). */
export class InvoiceNotVouchered extends Data.TaggedError("ApBatch.InvoiceNotVouchered")<{
  readonly apMatchedInvoiceId: string;
  readonly matchedInvoiceStatus: string;
}> {
  override get message() {
    return "Invoice is NOT in the Vouchered status";
  }
}

export class InvoiceNotInBatch extends Data.TaggedError("ApBatch.InvoiceNotInBatch")<{
  readonly apBatchId: string;
  readonly apMatchedInvoiceId: string;
}> {
  override get message() {
    return `Invoice ${this.apMatchedInvoiceId} is not in this batch`;
  }
}

export class ApBatchAlreadyQueued extends Data.TaggedError("ApBatch.AlreadyQueued")<{ readonly apBatchId: string }> {
  override get message() {
    return "Specified batch exists in the Queued status.";
  }
}

/** Exported is terminal: no life-cycle command is accepted there. */
export class ApBatchAlreadyExported extends Data.TaggedError("ApBatch.AlreadyExported")<{ readonly apBatchId: string }> {
  override get message() {
    return "Specified batch exists in the Exported status.";
  }
}

export class ApBatchHasNoInvoices extends Data.TaggedError("ApBatch.NoInvoices")<{ readonly apBatchId: string }> {
  override get message() {
    return "This Batch cannot be exported because it does not contain any invoice.";
  }
}

export type ApBatchError =
  | ApBatchNotFound
  | ApBatchAlreadyExists
  | BatchNoTaken
  | ApBatchInvalid
  | InvoiceNotVouchered
  | InvoiceNotInBatch
  | ApBatchAlreadyQueued
  | ApBatchAlreadyExported
  | ApBatchHasNoInvoices;

export class ApInvoiceNotFound extends Data.TaggedError("ApInvoice.NotFound")<{ readonly apMatchedInvoiceId: string }> {
  override get message() {
    return `AP invoice ${this.apMatchedInvoiceId} does not exist`;
  }
}

/** An invoice entered by hand whose `invoiceNo` + `vendorNo` already exists. */
export class ApInvoiceDuplicate extends Data.TaggedError("ApInvoice.Duplicate")<{
  readonly invoiceNo: string;
  readonly vendorNo: string;
  readonly apMatchedInvoiceId: string;
}> {
  override get message() {
    return `invoice "${this.invoiceNo}" of vendor "${this.vendorNo}" already exists (${this.apMatchedInvoiceId})`;
  }
}

export type ApInvoiceError = ApInvoiceNotFound | ApInvoiceDuplicate;
