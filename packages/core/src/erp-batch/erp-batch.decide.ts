import { Either } from "effect";
import type { FieldError } from "../kernel";
import type {
  AcknowledgeItems,
  CompleteProcessing,
  CreateForBlockTransfer,
  CreateUploadedWhole,
  EmitOutbound,
  ErpBatchCommand,
  InboundParameters,
  ReceiveBlock,
} from "./erp-batch.commands";
import {
  ErpBatchAlreadyExists,
  ErpBatchBlockDigestConflict,
  ErpBatchBlockOutOfRange,
  ErpBatchBlockSizeWrong,
  ErpBatchFormatUnsupported,
  ErpBatchItemCountsInconsistent,
  ErpBatchItemNumberInvalid,
  ErpBatchLineItemCountMismatch,
  ErpBatchNotCancellable,
  ErpBatchNotFound,
  ErpBatchNotPending,
  ErpBatchNotProcessing,
  ErpBatchNotQueued,
  ErpBatchNotReceiving,
  ErpBatchParametersInvalid,
  ErpBatchPayloadSizeWrong,
  ErpBatchPayloadTooLarge,
  type ErpBatchError,
} from "./erp-batch.errors";
import type { ErpBatchEvent, InboundBatchCreated } from "./erp-batch.events";
import {
  blockNumberInRange,
  expectedBlockSize,
  formatSupported,
  isWholeCount,
  itemCountsBalance,
  totalDataBlocksFor,
} from "./erp-batch.invariants";
import { type ErpBatchState, type ExistingErpBatch, type InboundState, isInboundErpBatch, receivedBlockCount, erpBatchStatusOf } from "./erp-batch.state";
import { rangeCount, rangesOf, subtractRanges, unionRanges } from "./item-ranges";

type Decision = Either.Either<ReadonlyArray<ErpBatchEvent>, ErpBatchError>;

const accept = (...events: ReadonlyArray<ErpBatchEvent>): Decision => Either.right(events);
const refuse = (error: ErpBatchError): Decision => Either.left(error);

/** Longest clientRefId / referenceId accepted (they are indexed keys). */
export const MAX_ERP_REFERENCE_LENGTH = 255;

const parameterErrors = (p: InboundParameters, dataBlockSize: number): ReadonlyArray<FieldError> => {
  const errors: Array<FieldError> = [];
  for (const field of ["clientRefId", "referenceId"] as const) {
    const value = p[field];
    if (value.trim() === "") errors.push({ field, message: "is required" });
    else if (value.length > MAX_ERP_REFERENCE_LENGTH) errors.push({ field, message: `must be at most ${MAX_ERP_REFERENCE_LENGTH} characters` });
  }
  if (!isWholeCount(p.totalPayloadSize)) errors.push({ field: "totalPayloadSize", message: "must be a whole number of bytes, 0 or more" });
  if (p.totalLineItemCount !== undefined && !isWholeCount(p.totalLineItemCount)) {
    errors.push({ field: "totalLineItemCount", message: "must be a whole number, 0 or more" });
  }
  if (!Number.isSafeInteger(dataBlockSize) || dataBlockSize < 1) {
    errors.push({ field: "dataBlockSize", message: "must be a whole number of bytes, 1 or more (server setting)" });
  }
  return errors;
};

/**
 * Why new-batch parameters are refused, if they are: field ranges, the largest payload, the format.
 * Exported so an upload can be refused before its body is read.
 */
export const creationRefusal = (
  parameters: InboundParameters,
  limits: { readonly maxPayloadSize: number; readonly dataBlockSize: number },
): ErpBatchError | undefined => {
  const errors = parameterErrors(parameters, limits.dataBlockSize);
  if (errors.length > 0) return new ErpBatchParametersInvalid({ errors });
  if (parameters.totalPayloadSize > limits.maxPayloadSize) {
    return new ErpBatchPayloadTooLarge({ totalPayloadSize: parameters.totalPayloadSize, maxPayloadSize: limits.maxPayloadSize });
  }
  if (!formatSupported(parameters.payloadObjectType, parameters.format)) {
    return new ErpBatchFormatUnsupported({ format: parameters.format, payloadObjectType: parameters.payloadObjectType });
  }
  return undefined;
};

/** A whole upload is stored as the single block of a batch whose block size is the payload size. */
export const wholeUploadBlockSize = (totalPayloadSize: number): number =>
  Number.isSafeInteger(totalPayloadSize) && totalPayloadSize > 0 ? totalPayloadSize : 1;

const created = (command: CreateForBlockTransfer | CreateUploadedWhole, dataBlockSize: number): InboundBatchCreated => ({
  _tag: "InboundBatchCreated",
  batchId: command.batchId,
  orgId: command.orgId,
  clientRefId: command.clientRefId,
  referenceId: command.referenceId,
  payloadObjectType: command.payloadObjectType,
  format: command.format,
  totalPayloadSize: command.totalPayloadSize,
  ...(command.totalLineItemCount === undefined ? {} : { totalLineItemCount: command.totalLineItemCount }),
  transfer: command._tag === "CreateForBlockTransfer" ? "BLOCKS" : "WHOLE",
  dataBlockSize,
  totalDataBlocks: totalDataBlocksFor(command.totalPayloadSize, dataBlockSize),
  at: command.at,
  actor: command.actor,
});

const createForBlockTransfer = (state: ErpBatchState, command: CreateForBlockTransfer): Decision => {
  if (state._tag !== "Absent") return refuse(new ErpBatchAlreadyExists({ batchId: command.batchId }));
  const dataBlockSize = command.settings.dataBlockSize;
  const invalid = creationRefusal(command, { maxPayloadSize: command.settings.maxPayloadSize, dataBlockSize });
  return invalid ? refuse(invalid) : accept(created(command, dataBlockSize));
};

const createUploadedWhole = (state: ErpBatchState, command: CreateUploadedWhole): Decision => {
  if (state._tag !== "Absent") return refuse(new ErpBatchAlreadyExists({ batchId: command.batchId }));
  const dataBlockSize = wholeUploadBlockSize(command.totalPayloadSize);
  const invalid = creationRefusal(command, { maxPayloadSize: command.settings.maxPayloadSize, dataBlockSize });
  if (invalid) return refuse(invalid);
  if (command.receivedSize !== command.totalPayloadSize) {
    return refuse(new ErpBatchPayloadSizeWrong({ totalPayloadSize: command.totalPayloadSize, size: command.receivedSize }));
  }
  const { at, actor } = command;
  return accept(
    created(command, dataBlockSize),
    { _tag: "BlockReceived", blockNumber: 1, size: command.receivedSize, digest: command.digest, at, actor },
    { _tag: "BatchQueued", at, actor },
  );
};

const receiveBlock = (state: ExistingErpBatch, command: ReceiveBlock): Decision => {
  if (!isInboundErpBatch(state)) return refuse(new ErpBatchNotReceiving({ batchId: state.batchId, status: erpBatchStatusOf(state) }));
  const { blockNumber, digest, size, at, actor } = command;
  const received = blockNumberInRange(state.totalDataBlocks, blockNumber) ? state.receivedBlocks[String(blockNumber)] : undefined;
  // A retried request is answered as a success in any state (DOMAIN.md): it changes nothing.
  if (received === digest) return accept();
  if (received !== undefined) return refuse(new ErpBatchBlockDigestConflict({ blockNumber, receivedDigest: received, digest }));
  if (!blockNumberInRange(state.totalDataBlocks, blockNumber)) {
    return refuse(new ErpBatchBlockOutOfRange({ blockNumber, totalDataBlocks: state.totalDataBlocks }));
  }
  const expectedSize = expectedBlockSize(state, blockNumber);
  if (size !== expectedSize) return refuse(new ErpBatchBlockSizeWrong({ blockNumber, expectedSize, size }));
  if (state._tag !== "AwaitingData" && state._tag !== "Receiving") {
    return refuse(new ErpBatchNotReceiving({ batchId: state.batchId, status: erpBatchStatusOf(state) }));
  }
  const blockEvent: ErpBatchEvent = { _tag: "BlockReceived", blockNumber, size, digest, at, actor };
  return receivedBlockCount(state) + 1 === state.totalDataBlocks ? accept(blockEvent, { _tag: "BatchQueued", at, actor }) : accept(blockEvent);
};

const completeProcessing = (state: InboundState, command: CompleteProcessing): Decision => {
  const counts = command.itemCounts;
  if (!itemCountsBalance(counts)) return refuse(new ErpBatchItemCountsInconsistent(counts));
  // A count mismatch must fail the batch before anything is applied (FailProcessing), never complete it.
  if (state.totalLineItemCount !== undefined && counts.total !== state.totalLineItemCount) {
    return refuse(new ErpBatchLineItemCountMismatch({ totalLineItemCount: state.totalLineItemCount, total: counts.total }));
  }
  return accept({ _tag: "ProcessingCompleted", itemCounts: counts, at: command.at, actor: command.actor });
};

const emitOutbound = (state: ErpBatchState, command: EmitOutbound): Decision => {
  if (state._tag !== "Absent") return refuse(new ErpBatchAlreadyExists({ batchId: command.batchId }));
  if (!isWholeCount(command.itemCount)) {
    return refuse(new ErpBatchParametersInvalid({ errors: [{ field: "itemCount", message: "must be a whole number, 0 or more" }] }));
  }
  const { batchId, orgId, payloadObjectType, itemCount, at, actor } = command;
  return accept({ _tag: "OutboundBatchEmitted", batchId, orgId, payloadObjectType, itemCount, at, actor });
};

const acknowledgeItems = (state: ExistingErpBatch, command: AcknowledgeItems): Decision => {
  if (state._tag !== "OutboundPending" && state._tag !== "OutboundPartialPending") {
    return refuse(new ErpBatchNotPending({ batchId: state.batchId, status: erpBatchStatusOf(state) }));
  }
  const { itemNumbers, at, actor } = command;
  if (itemNumbers !== undefined) {
    const invalid = itemNumbers.filter((n) => !Number.isSafeInteger(n) || n < 1 || n > state.itemCount);
    if (itemNumbers.length === 0 || invalid.length > 0) {
      return refuse(new ErpBatchItemNumberInvalid({ itemNumbers: invalid, itemCount: state.itemCount }));
    }
  }
  const already = state._tag === "OutboundPartialPending" ? state.acknowledged : [];
  const asked = itemNumbers === undefined ? (state.itemCount === 0 ? [] : [[1, state.itemCount] as const]) : rangesOf(itemNumbers);
  const fresh = subtractRanges(asked, already);
  const events: Array<ErpBatchEvent> = [];
  if (fresh.length > 0) events.push({ _tag: "ItemsAcknowledged", items: fresh, at, actor });
  if (rangeCount(unionRanges(already, fresh)) === state.itemCount) events.push({ _tag: "OutboundBatchCompleted", at, actor });
  return accept(...events);
};

/** Total: every command gets events or a refusal, and nothing here throws. */
export const decideErpBatch = (state: ErpBatchState, command: ErpBatchCommand): Decision => {
  switch (command._tag) {
    case "CreateForBlockTransfer":
      return createForBlockTransfer(state, command);
    case "CreateUploadedWhole":
      return createUploadedWhole(state, command);
    case "EmitOutbound":
      return emitOutbound(state, command);
  }
  if (state._tag === "Absent") return refuse(new ErpBatchNotFound({ batchId: command.batchId }));
  const { batchId } = state;
  const status = erpBatchStatusOf(state);
  const { at, actor } = command;
  switch (command._tag) {
    case "ReceiveBlock":
      return receiveBlock(state, command);
    case "CancelBatch":
      return state._tag === "AwaitingData" || state._tag === "Receiving"
        ? accept({ _tag: "BatchCancelled", at, actor })
        : refuse(new ErpBatchNotCancellable({ batchId, status }));
    case "StartProcessing":
      return state._tag === "Queued" ? accept({ _tag: "ProcessingStarted", at, actor }) : refuse(new ErpBatchNotQueued({ batchId, status }));
    case "CompleteProcessing":
      return state._tag === "Processing" ? completeProcessing(state, command) : refuse(new ErpBatchNotProcessing({ batchId, status }));
    case "FailProcessing":
      return state._tag === "Processing"
        ? accept({ _tag: "ProcessingFailed", reason: command.reason, errors: command.errors, at, actor })
        : refuse(new ErpBatchNotProcessing({ batchId, status }));
    case "AcknowledgeItems":
      return acknowledgeItems(state, command);
  }
};
