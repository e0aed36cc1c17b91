/**
 * ErpBatch invariants (DOMAIN.md, seed 000) as named predicates, used by decide and by the
 * property tests alike.
 */
import type { IsoMessage, PayloadFormat } from "../ports/codecs";
import type { PayloadObjectType } from "../records/payload-object-type";
import { rangeCount, rangesWellFormed } from "./item-ranges";
import type { ErpBatchState, InboundState, ErpBatchItemCounts, OutboundState } from "./erp-batch.state";
import { isInboundErpBatch, isOutboundErpBatch, receivedBlockCount } from "./erp-batch.state";

/** max(1, ceil(totalPayloadSize / dataBlockSize)), exactly (payload sizes pass 2^32). */
export const totalDataBlocksFor = (totalPayloadSize: number, dataBlockSize: number): number => {
  const size = BigInt(totalPayloadSize);
  const block = BigInt(dataBlockSize);
  const blocks = (size + block - 1n) / block;
  return Number(blocks > 1n ? blocks : 1n);
};

/** Block n < N is exactly dataBlockSize bytes; block N holds the remainder. */
export const expectedBlockSize = (
  transfer: { readonly totalPayloadSize: number; readonly dataBlockSize: number; readonly totalDataBlocks: number },
  blockNumber: number,
): number =>
  blockNumber < transfer.totalDataBlocks
    ? transfer.dataBlockSize
    : transfer.totalPayloadSize - (transfer.totalDataBlocks - 1) * transfer.dataBlockSize;

export const blockNumberInRange = (totalDataBlocks: number, blockNumber: number): boolean =>
  Number.isSafeInteger(blockNumber) && blockNumber >= 1 && blockNumber <= totalDataBlocks;

/** The ISO 20022 message carrying records of a type; other types have no ISO form. */
export const isoMessageOf = (type: PayloadObjectType): IsoMessage | undefined =>
  type === "PAYMENT_REQUEST" ? "pain.001" : type === "PAYMENT_STATUS" ? "pain.002" : type === "BANK_STATEMENT" ? "camt.053" : undefined;

export const formatSupported = (type: PayloadObjectType, format: PayloadFormat): boolean =>
  format !== "ISO" || isoMessageOf(type) !== undefined;

export const isWholeCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

export const itemCountsBalance = (counts: ErpBatchItemCounts): boolean =>
  isWholeCount(counts.total) &&
  isWholeCount(counts.succeeded) &&
  isWholeCount(counts.failed) &&
  counts.succeeded + counts.failed === counts.total;

/** Transfer parameters agree with each other: the block count follows from size and block size. */
export const transferParametersConsistent = (state: InboundState): boolean =>
  Number.isSafeInteger(state.dataBlockSize) &&
  state.dataBlockSize > 0 &&
  isWholeCount(state.totalPayloadSize) &&
  state.totalDataBlocks === totalDataBlocksFor(state.totalPayloadSize, state.dataBlockSize) &&
  (state.transfer === "BLOCKS" || state.totalDataBlocks === 1);

/** Every received block has a number in 1..totalDataBlocks and a SHA-256 digest. */
export const blocksWithinRange = (state: InboundState): boolean =>
  Object.entries(state.receivedBlocks).every(
    ([key, digest]) => String(Number(key)) === key && blockNumberInRange(state.totalDataBlocks, Number(key)) && /^[0-9a-f]{64}$/.test(digest),
  );

export const allBlocksReceived = (state: InboundState): boolean => receivedBlockCount(state) === state.totalDataBlocks;

/** AWAITING_DATA has no block, RECEIVING some but not all, QUEUED and everything after it all of them. */
export const receivedBlocksMatchStatus = (state: InboundState): boolean => {
  const received = receivedBlockCount(state);
  switch (state._tag) {
    case "AwaitingData":
      return received === 0;
    case "Receiving":
      return received > 0 && received < state.totalDataBlocks;
    case "Cancelled":
      return received < state.totalDataBlocks;
    default:
      return received === state.totalDataBlocks;
  }
};

/** Once processing ends, succeeded + failed = total, and total is the announced totalLineItemCount. */
export const itemCountsSettled = (state: InboundState): boolean => {
  if (state._tag !== "CompleteSuccess" && state._tag !== "CompleteWithErrors") return true;
  const counts = state.itemCounts;
  return (
    itemCountsBalance(counts) &&
    (state.totalLineItemCount === undefined || counts.total === state.totalLineItemCount) &&
    (state._tag === "CompleteSuccess" ? counts.failed === 0 : counts.failed > 0)
  );
};

/** Acknowledged items are well-formed runs, some but not all of the items while PARTIAL_PENDING. */
export const acknowledgementsConsistent = (state: OutboundState): boolean => {
  if (!isWholeCount(state.itemCount)) return false;
  if (state._tag !== "OutboundPartialPending") return true;
  const acknowledged = rangeCount(state.acknowledged);
  return rangesWellFormed(state.acknowledged, state.itemCount) && acknowledged > 0 && acknowledged < state.itemCount;
};

/** Every invariant the state breaks, by name (empty when it holds them all). */
export const violatedInvariants = (state: ErpBatchState): ReadonlyArray<string> => {
  const checks: ReadonlyArray<readonly [string, boolean]> = isInboundErpBatch(state)
    ? [
        ["transferParametersConsistent", transferParametersConsistent(state)],
        ["blocksWithinRange", blocksWithinRange(state)],
        ["receivedBlocksMatchStatus", receivedBlocksMatchStatus(state)],
        ["itemCountsSettled", itemCountsSettled(state)],
        ["formatSupported", formatSupported(state.payloadObjectType, state.format)],
      ]
    : isOutboundErpBatch(state)
      ? [["acknowledgementsConsistent", acknowledgementsConsistent(state)]]
      : [];
  return checks.filter(([, holds]) => !holds).map(([name]) => name);
};
