/** ErpBatch refusals. The tag is the stable code; the HTTP layer maps it to a status. */
import { Data } from "effect";
import type { FieldError } from "../kernel";
import type { PayloadFormat } from "../ports/codecs";
import type { PayloadObjectType } from "../records/payload-object-type";
import type { ErpBatchStatus } from "./erp-batch.state";

/** No batch with that id in the organization (also: of the other direction where one is required). */
export class ErpBatchNotFound extends Data.TaggedError("ErpBatch.NotFound")<{ readonly batchId: string }> {
  override get message() {
    return `no ERP batch ${this.batchId}`;
  }
}

/** A create command for an id that already exists. */
export class ErpBatchAlreadyExists extends Data.TaggedError("ErpBatch.AlreadyExists")<{ readonly batchId: string }> {
  override get message() {
    return `ERP batch ${this.batchId} already exists`;
  }
}

/** Creation parameters out of range; `errors` names each field. */
export class ErpBatchParametersInvalid extends Data.TaggedError("ErpBatch.ParametersInvalid")<{
  readonly errors: ReadonlyArray<FieldError>;
}> {
  override get message() {
    return this.errors.map((e) => (e.field === "" ? e.message : `${e.field} ${e.message}`)).join("; ");
  }
}

export class ErpBatchPayloadTooLarge extends Data.TaggedError("ErpBatch.PayloadTooLarge")<{
  readonly totalPayloadSize: number;
  readonly maxPayloadSize: number;
}> {
  override get message() {
    return `totalPayloadSize ${this.totalPayloadSize} exceeds the largest accepted payload of ${this.maxPayloadSize} bytes`;
  }
}

export class ErpBatchFormatUnsupported extends Data.TaggedError("ErpBatch.FormatUnsupported")<{
  readonly format: PayloadFormat;
  readonly payloadObjectType: PayloadObjectType;
}> {
  override get message() {
    return `format ${this.format} is not supported for ${this.payloadObjectType}: ISO is the ISO 20022 form of PAYMENT_REQUEST (pain.001), PAYMENT_STATUS (pain.002) and BANK_STATEMENT (camt.053) only`;
  }
}

/** The same clientRefId + referenceId exists with other creation parameters (or other content). */
export class ErpBatchClientReferenceConflict extends Data.TaggedError("ErpBatch.ClientReferenceConflict")<{
  readonly clientRefId: string;
  readonly referenceId: string;
  readonly batchId: string;
  readonly fields: ReadonlyArray<string>;
}> {
  override get message() {
    return `a batch with clientRefId "${this.clientRefId}" and referenceId "${this.referenceId}" already exists (${this.batchId}) with another ${this.fields.join(", ")}`;
  }
}

export class ErpBatchBlockOutOfRange extends Data.TaggedError("ErpBatch.BlockOutOfRange")<{
  readonly blockNumber: number;
  readonly totalDataBlocks: number;
}> {
  override get message() {
    return `dataBlockNumber must be from 1 to ${this.totalDataBlocks}, got ${this.blockNumber}`;
  }
}

export class ErpBatchBlockSizeWrong extends Data.TaggedError("ErpBatch.BlockSizeWrong")<{
  readonly blockNumber: number;
  readonly expectedSize: number;
  /** Bytes received; erpBatchAbsent when the body was longer and was cut off. */
  readonly size?: number;
}> {
  override get message() {
    return `data block ${this.blockNumber} must be exactly ${this.expectedSize} bytes, got ${this.size ?? "more"}`;
  }
}

/** The block was received before with other content. */
export class ErpBatchBlockDigestConflict extends Data.TaggedError("ErpBatch.BlockDigestConflict")<{
  readonly blockNumber: number;
  readonly receivedDigest: string;
  readonly digest: string;
}> {
  override get message() {
    return `data block ${this.blockNumber} was already received with other content (sha-256 ${this.receivedDigest})`;
  }
}

/** The bytes received do not match the digest the client announced (Content-Digest). */
export class ErpBatchBlockDigestMismatch extends Data.TaggedError("ErpBatch.BlockDigestMismatch")<{
  readonly blockNumber: number;
  readonly expectedDigest: string;
  readonly digest: string;
}> {
  override get message() {
    return `the body of data block ${this.blockNumber} does not match its Content-Digest`;
  }
}

/** A whole upload whose body length differs from totalPayloadSize. */
export class ErpBatchPayloadSizeWrong extends Data.TaggedError("ErpBatch.PayloadSizeWrong")<{
  readonly totalPayloadSize: number;
  /** Bytes received; erpBatchAbsent when the body exceeded totalPayloadSize and was cut off. */
  readonly size?: number;
}> {
  override get message() {
    return this.size === undefined
      ? `the body is longer than totalPayloadSize (${this.totalPayloadSize} bytes)`
      : `the body is ${this.size} bytes, but totalPayloadSize is ${this.totalPayloadSize}`;
  }
}

/** A block not received before, once the batch has stopped receiving. */
export class ErpBatchNotReceiving extends Data.TaggedError("ErpBatch.NotReceiving")<{
  readonly batchId: string;
  readonly status: ErpBatchStatus;
}> {
  override get message() {
    return `batch ${this.batchId} is ${this.status} and receives no more data blocks`;
  }
}

export class ErpBatchNotCancellable extends Data.TaggedError("ErpBatch.NotCancellable")<{
  readonly batchId: string;
  readonly status: ErpBatchStatus;
}> {
  override get message() {
    return `batch ${this.batchId} is ${this.status}: only a batch still receiving data (AWAITING_DATA, RECEIVING) can be cancelled`;
  }
}

export class ErpBatchNotQueued extends Data.TaggedError("ErpBatch.NotQueued")<{
  readonly batchId: string;
  readonly status: ErpBatchStatus;
}> {
  override get message() {
    return `batch ${this.batchId} is ${this.status}, not QUEUED`;
  }
}

export class ErpBatchNotProcessing extends Data.TaggedError("ErpBatch.NotProcessing")<{
  readonly batchId: string;
  readonly status: ErpBatchStatus;
}> {
  override get message() {
    return `batch ${this.batchId} is ${this.status}, not PROCESSING`;
  }
}

/** Counts that break `succeeded + failed = total` (or are not whole, non-negative numbers). */
export class ErpBatchItemCountsInconsistent extends Data.TaggedError("ErpBatch.ItemCountsInconsistent")<{
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
}> {
  override get message() {
    return `item counts must be whole numbers with succeeded + failed = total, got ${this.succeeded} + ${this.failed} for ${this.total}`;
  }
}

/** Completion with an item count other than the announced totalLineItemCount (the batch must fail instead). */
export class ErpBatchLineItemCountMismatch extends Data.TaggedError("ErpBatch.LineItemCountMismatch")<{
  readonly totalLineItemCount: number;
  readonly total: number;
}> {
  override get message() {
    return `the payload holds ${this.total} items, but totalLineItemCount is ${this.totalLineItemCount}`;
  }
}

export class ErpBatchNotPending extends Data.TaggedError("ErpBatch.NotPending")<{
  readonly batchId: string;
  readonly status: ErpBatchStatus;
}> {
  override get message() {
    return `outbound batch ${this.batchId} is ${this.status}, not PENDING or PARTIAL_PENDING`;
  }
}

export class ErpBatchItemNumberInvalid extends Data.TaggedError("ErpBatch.ItemNumberInvalid")<{
  readonly itemNumbers: ReadonlyArray<number>;
  readonly itemCount: number;
}> {
  override get message() {
    return this.itemNumbers.length === 0
      ? "itemNumbers must name at least one item"
      : `itemNumbers must be whole numbers from 1 to ${this.itemCount}, got ${this.itemNumbers.slice(0, 10).join(", ")}`;
  }
}

export type ErpBatchError =
  | ErpBatchNotFound
  | ErpBatchAlreadyExists
  | ErpBatchParametersInvalid
  | ErpBatchPayloadTooLarge
  | ErpBatchFormatUnsupported
  | ErpBatchBlockOutOfRange
  | ErpBatchBlockSizeWrong
  | ErpBatchBlockDigestConflict
  | ErpBatchPayloadSizeWrong
  | ErpBatchNotReceiving
  | ErpBatchNotCancellable
  | ErpBatchNotQueued
  | ErpBatchNotProcessing
  | ErpBatchItemCountsInconsistent
  | ErpBatchLineItemCountMismatch
  | ErpBatchNotPending
  | ErpBatchItemNumberInvalid;
