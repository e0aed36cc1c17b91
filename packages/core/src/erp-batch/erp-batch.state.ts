/**
 * ErpBatch state: one variant per status of DOMAIN.md, each holding only what is true in it.
 * Per-item results are not part of the state (they live in the ErpBatchItemStore); the state
 * keeps the counts. The received-block map is part of the state because the transfer rules
 * (repeat, conflict, exactly-once queuing) are decided on it.
 */
import type { Actor, FieldError, Instant, OrganizationId } from "../kernel";
import type { PayloadFormat } from "../ports/codecs";
import type { PayloadObjectType } from "../records/payload-object-type";
import { rangeCount } from "./item-ranges";

export type ErpBatchDirection = "INBOUND" | "OUTBOUND";

/** The wire statuses of seed 000. Inbound and outbound share COMPLETE_SUCCESS. */
export const ErpBatchStatuses = [
  "AWAITING_DATA",
  "RECEIVING",
  "QUEUED",
  "PROCESSING",
  "COMPLETE_SUCCESS",
  "COMPLETE_WITH_ERRORS",
  "FAILED",
  "CANCELLED",
  "PENDING",
  "PARTIAL_PENDING",
] as const;
export type ErpBatchStatus = (typeof ErpBatchStatuses)[number];

/** Lower-case hex SHA-256. */
export type Sha256Hex = string;

/** How the payload arrived: in numbered blocks, or as one upload stored as the single block 1. */
export type ErpTransferMode = "BLOCKS" | "WHOLE";

export interface ErpBatchItemCounts {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
}

interface Audit {
  readonly createdAt: Instant;
  readonly createdBy: Actor;
  readonly updatedAt: Instant;
  readonly updatedBy: Actor;
}

export interface InboundHeader extends Audit {
  readonly batchId: string;
  readonly orgId: OrganizationId;
  readonly clientRefId: string;
  readonly referenceId: string;
  readonly payloadObjectType: PayloadObjectType;
  readonly format: PayloadFormat;
  readonly totalPayloadSize: number;
  readonly totalLineItemCount?: number;
  readonly transfer: ErpTransferMode;
  /** Fixed at creation: every block but the last is exactly this long. */
  readonly dataBlockSize: number;
  /** Fixed at creation: max(1, ceil(totalPayloadSize / dataBlockSize)). */
  readonly totalDataBlocks: number;
  /** Block number (as a decimal string key) to the SHA-256 of its bytes. */
  readonly receivedBlocks: Readonly<Record<string, Sha256Hex>>;
}

/** Why processing failed; nothing of the payload was applied. */
export type ErpBatchFailureReason = "PayloadMalformed" | "LineItemCountMismatch" | "PayloadSizeWrong" | "NoApplier";

export interface ErpBatchFailure {
  readonly reason: ErpBatchFailureReason;
  readonly errors: ReadonlyArray<FieldError>;
}

export type InboundState =
  | (InboundHeader & { readonly _tag: "AwaitingData" })
  | (InboundHeader & { readonly _tag: "Receiving" })
  | (InboundHeader & { readonly _tag: "Queued"; readonly queuedAt: Instant })
  | (InboundHeader & { readonly _tag: "Processing"; readonly queuedAt: Instant; readonly processingStartedAt: Instant })
  | (InboundHeader & {
      readonly _tag: "CompleteSuccess" | "CompleteWithErrors";
      readonly queuedAt: Instant;
      readonly processingStartedAt: Instant;
      readonly itemCounts: ErpBatchItemCounts;
      readonly completedAt: Instant;
    })
  | (InboundHeader & {
      readonly _tag: "Failed";
      readonly queuedAt: Instant;
      readonly processingStartedAt: Instant;
      readonly failure: ErpBatchFailure;
      readonly completedAt: Instant;
    })
  | (InboundHeader & { readonly _tag: "Cancelled"; readonly completedAt: Instant });

/** An inclusive run of item numbers `[first, last]`; acknowledged items are kept as sorted, disjoint runs. */
export type ErpItemRange = readonly [first: number, last: number];

export interface OutboundHeader extends Audit {
  readonly batchId: string;
  readonly orgId: OrganizationId;
  readonly payloadObjectType: PayloadObjectType;
  readonly itemCount: number;
}

export type OutboundState =
  | (OutboundHeader & { readonly _tag: "OutboundPending" })
  | (OutboundHeader & { readonly _tag: "OutboundPartialPending"; readonly acknowledged: ReadonlyArray<ErpItemRange> })
  | (OutboundHeader & { readonly _tag: "OutboundComplete"; readonly completedAt: Instant });

export type ErpBatchState = { readonly _tag: "Absent" } | InboundState | OutboundState;

export type ExistingErpBatch = InboundState | OutboundState;

export const erpBatchAbsent: ErpBatchState = { _tag: "Absent" };

const STATUS: Record<ExistingErpBatch["_tag"], ErpBatchStatus> = {
  AwaitingData: "AWAITING_DATA",
  Receiving: "RECEIVING",
  Queued: "QUEUED",
  Processing: "PROCESSING",
  CompleteSuccess: "COMPLETE_SUCCESS",
  CompleteWithErrors: "COMPLETE_WITH_ERRORS",
  Failed: "FAILED",
  Cancelled: "CANCELLED",
  OutboundPending: "PENDING",
  OutboundPartialPending: "PARTIAL_PENDING",
  OutboundComplete: "COMPLETE_SUCCESS",
};

export const erpBatchStatusOf = (state: ExistingErpBatch): ErpBatchStatus => STATUS[state._tag];

export const isInboundErpBatch = (state: ErpBatchState): state is InboundState =>
  state._tag !== "Absent" && !isOutboundErpBatch(state);

export const isOutboundErpBatch = (state: ErpBatchState): state is OutboundState =>
  state._tag === "OutboundPending" || state._tag === "OutboundPartialPending" || state._tag === "OutboundComplete";

export const erpBatchDirectionOf = (state: ExistingErpBatch): ErpBatchDirection => (isOutboundErpBatch(state) ? "OUTBOUND" : "INBOUND");

const NO_ITEMS: ErpBatchItemCounts = { total: 0, succeeded: 0, failed: 0 };

/** Item counts as reported: zero until processing ends; for outbound batches every item, succeeded once acknowledged. */
export const erpBatchItemCountsOf = (state: ExistingErpBatch): ErpBatchItemCounts => {
  switch (state._tag) {
    case "CompleteSuccess":
    case "CompleteWithErrors":
      return state.itemCounts;
    case "OutboundPending":
      return { total: state.itemCount, succeeded: 0, failed: 0 };
    case "OutboundPartialPending":
      return { total: state.itemCount, succeeded: rangeCount(state.acknowledged), failed: 0 };
    case "OutboundComplete":
      return { total: state.itemCount, succeeded: state.itemCount, failed: 0 };
    default:
      return NO_ITEMS;
  }
};

/** When the batch reached a terminal state, if it did. */
export const erpBatchCompletedAt = (state: ExistingErpBatch): Instant | undefined =>
  "completedAt" in state ? state.completedAt : undefined;

export const receivedBlockCount = (state: InboundState): number => Object.keys(state.receivedBlocks).length;
