/** The batch as seed 000's `GET /erp/v1/batches/{batchId}` describes it, for any surface to render. */
import type { FieldError, Instant } from "../kernel";
import type { PayloadFormat } from "../ports/codecs";
import type { PayloadObjectType } from "../records/payload-object-type";
import {
  erpBatchCompletedAt,
  erpBatchDirectionOf,
  type ErpBatchDirection,
  type ErpBatchStatus,
  type ExistingErpBatch,
  isInboundErpBatch,
  type ErpBatchItemCounts,
  erpBatchItemCountsOf,
  receivedBlockCount,
  erpBatchStatusOf,
} from "./erp-batch.state";

export interface ErpBatchView {
  readonly batchId: string;
  readonly clientRefId?: string;
  readonly referenceId?: string;
  readonly direction: ErpBatchDirection;
  readonly payloadObjectType: PayloadObjectType;
  readonly format?: PayloadFormat;
  readonly status: ErpBatchStatus;
  readonly totalPayloadSize?: number;
  readonly totalLineItemCount?: number;
  readonly dataBlockSize?: number;
  readonly totalDataBlocks?: number;
  readonly receivedBlocks?: number;
  readonly itemCounts: ErpBatchItemCounts;
  /** Batch-level errors: why a FAILED batch failed (item errors are listed per item). */
  readonly errors: ReadonlyArray<FieldError>;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
  readonly completedAt?: Instant;
}

export const erpBatchView = (state: ExistingErpBatch): ErpBatchView => {
  const completedAt = erpBatchCompletedAt(state);
  const common = {
    batchId: state.batchId,
    direction: erpBatchDirectionOf(state),
    payloadObjectType: state.payloadObjectType,
    status: erpBatchStatusOf(state),
    itemCounts: erpBatchItemCountsOf(state),
    errors: state._tag === "Failed" ? state.failure.errors : [],
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    ...(completedAt === undefined ? {} : { completedAt }),
  };
  if (!isInboundErpBatch(state)) return common;
  return {
    ...common,
    clientRefId: state.clientRefId,
    referenceId: state.referenceId,
    format: state.format,
    totalPayloadSize: state.totalPayloadSize,
    ...(state.totalLineItemCount === undefined ? {} : { totalLineItemCount: state.totalLineItemCount }),
    dataBlockSize: state.dataBlockSize,
    totalDataBlocks: state.totalDataBlocks,
    receivedBlocks: receivedBlockCount(state),
  };
};
