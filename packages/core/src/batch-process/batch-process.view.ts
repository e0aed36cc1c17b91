/**
 * How a process reads from outside: the seed 004 element names and messages
 * ("BatchProcess is created", "BatchProcess is in Queue",
 * "Success, 100 records successfully processed, 0 failed"). URLs are added by the use cases.
 */
import type { Instant } from "../kernel";
import {
  batchProcessCountsOf,
  inputTypeOfProcess,
  isTerminalBatchProcess,
  batchProcessStatusNumberOf,
  subOperationOfProcess,
  type BatchProcessStatus,
  type ExistingBatchProcess,
  type BatchProcessInputType,
  type BatchProcessOperation,
  type BatchProcessStatusNumber,
} from "./batch-process.state";

export interface BatchProcessView {
  readonly id: number;
  readonly jobId?: string;
  readonly status: BatchProcessStatus;
  readonly statusNumber: BatchProcessStatusNumber;
  readonly operation: BatchProcessOperation;
  readonly subOperation?: string;
  readonly inputType?: BatchProcessInputType;
  readonly inputFilename?: string;
  readonly successCount: number;
  readonly failCount: number;
  readonly successMessage: string;
  readonly errorMessage: string;
  readonly parentBatchProcess?: number;
  readonly parentBatchProcessJobId?: string;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
  readonly completedAt?: Instant;
}

export const batchProcessSuccessMessage = (state: ExistingBatchProcess): string => {
  switch (state._tag) {
    case "Draft":
      return "BatchProcess is created";
    case "Queued":
      return "BatchProcess is in Queue";
    case "Processing":
      return "BatchProcess is being processed";
    default:
      return `${state._tag}, ${state.successCount} records successfully processed, ${state.failCount} failed`;
  }
};

export const batchProcessErrorMessage = (state: ExistingBatchProcess): string => {
  if (!isTerminalBatchProcess(state)) return "";
  if (state.failure !== undefined) return state.failure;
  if (state.failCount > 0) return `${state.failCount} of ${state.rowsRead} records failed`;
  if (state._tag === "Failed") return "the input holds no records";
  return "";
};

export const batchProcessViewOf = (state: ExistingBatchProcess): BatchProcessView => {
  const subOperation = subOperationOfProcess(state.definition);
  const inputType = inputTypeOfProcess(state.definition);
  const inputFilename = "inputFilename" in state.definition ? state.definition.inputFilename : undefined;
  return {
    id: state.id,
    ...(state.jobId === undefined ? {} : { jobId: state.jobId }),
    status: state._tag,
    statusNumber: batchProcessStatusNumberOf(state._tag),
    operation: state.definition.operation,
    ...(subOperation === undefined ? {} : { subOperation }),
    ...(inputType === undefined ? {} : { inputType }),
    ...(inputFilename === undefined ? {} : { inputFilename }),
    ...batchProcessCountsOf(state),
    successMessage: batchProcessSuccessMessage(state),
    errorMessage: batchProcessErrorMessage(state),
    ...(state.parent === undefined ? {} : { parentBatchProcess: state.parent.id }),
    ...(state.parent?.jobId === undefined ? {} : { parentBatchProcessJobId: state.parent.jobId }),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    ...(isTerminalBatchProcess(state) ? { completedAt: state.completedAt } : {}),
  };
};
