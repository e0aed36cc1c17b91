/** ErpBatch events: the facts evolve applies. */
import type { Actor, FieldError, Instant, OrganizationId } from "../kernel";
import type { PayloadFormat } from "../ports/codecs";
import type { PayloadObjectType } from "../records/payload-object-type";
import type { ErpBatchFailureReason, ErpBatchItemCounts, ErpItemRange, Sha256Hex, ErpTransferMode } from "./erp-batch.state";

interface EventBase {
  readonly at: Instant;
  readonly actor: Actor;
}

export interface InboundBatchCreated extends EventBase {
  readonly _tag: "InboundBatchCreated";
  readonly batchId: string;
  readonly orgId: OrganizationId;
  readonly clientRefId: string;
  readonly referenceId: string;
  readonly payloadObjectType: PayloadObjectType;
  readonly format: PayloadFormat;
  readonly totalPayloadSize: number;
  readonly totalLineItemCount?: number;
  readonly transfer: ErpTransferMode;
  readonly dataBlockSize: number;
  readonly totalDataBlocks: number;
}

export interface BlockReceived extends EventBase {
  readonly _tag: "BlockReceived";
  readonly blockNumber: number;
  readonly size: number;
  readonly digest: Sha256Hex;
}

/** Every block is in: the batch waits for a worker. Emitted exactly once per batch. */
export interface BatchQueued extends EventBase {
  readonly _tag: "BatchQueued";
}

export interface BatchCancelled extends EventBase {
  readonly _tag: "BatchCancelled";
}

export interface ProcessingStarted extends EventBase {
  readonly _tag: "ProcessingStarted";
}

export interface ProcessingCompleted extends EventBase {
  readonly _tag: "ProcessingCompleted";
  readonly itemCounts: ErpBatchItemCounts;
}

export interface ProcessingFailed extends EventBase {
  readonly _tag: "ProcessingFailed";
  readonly reason: ErpBatchFailureReason;
  readonly errors: ReadonlyArray<FieldError>;
}

export interface OutboundBatchEmitted extends EventBase {
  readonly _tag: "OutboundBatchEmitted";
  readonly batchId: string;
  readonly orgId: OrganizationId;
  readonly payloadObjectType: PayloadObjectType;
  readonly itemCount: number;
}

/** Items acknowledged for the first time (repeats are not recorded again). */
export interface ItemsAcknowledged extends EventBase {
  readonly _tag: "ItemsAcknowledged";
  readonly items: ReadonlyArray<ErpItemRange>;
}

/** The last pending item was acknowledged: the batch leaves the pending queue. */
export interface OutboundBatchCompleted extends EventBase {
  readonly _tag: "OutboundBatchCompleted";
}

export type ErpBatchEvent =
  | InboundBatchCreated
  | BlockReceived
  | BatchQueued
  | BatchCancelled
  | ProcessingStarted
  | ProcessingCompleted
  | ProcessingFailed
  | OutboundBatchEmitted
  | ItemsAcknowledged
  | OutboundBatchCompleted;
