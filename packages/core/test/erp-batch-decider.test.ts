import { describe, expect, it } from "vitest";
import { Either } from "effect";
import {
  erpBatchDecider,
  erpBatchView,
  expectedBlockSize,
  fold,
  totalDataBlocksFor,
  transition,
  violatedInvariants,
  type ErpBatchCommand,
  type ErpBatchState,
  type OrganizationId,
} from "../src";
import { rangesOf, subtractRanges, unionRanges } from "../src/erp-batch/item-ranges";

const ORG = "org-1" as OrganizationId;
const BATCH = "b0000000-0000-4000-8000-000000000001";
const ACTOR = { id: "a", name: "ERP client" };
const D1 = "a".repeat(64);
const D2 = "b".repeat(64);
let tick = 0;
const stamp = () => ({ batchId: BATCH, at: new Date(Date.parse("2026-01-01T00:00:00.000Z") + ++tick * 1000).toISOString(), actor: ACTOR });

const create = (totalPayloadSize: number, dataBlockSize: number, extra: Partial<Extract<ErpBatchCommand, { _tag: "CreateForBlockTransfer" }>> = {}): ErpBatchCommand => ({
  _tag: "CreateForBlockTransfer",
  ...stamp(),
  orgId: ORG,
  clientRefId: "client_123",
  referenceId: "batch_sap_20241006",
  payloadObjectType: "COMPANY",
  format: "JSON",
  totalPayloadSize,
  settings: { dataBlockSize, maxPayloadSize: 5 * 1024 ** 3 },
  ...extra,
});
const block = (blockNumber: number, size: number, digest = D1): ErpBatchCommand => ({ _tag: "ReceiveBlock", ...stamp(), blockNumber, size, digest });

/** Applies commands that must all be accepted. */
const run = (commands: ReadonlyArray<ErpBatchCommand>, state: ErpBatchState = erpBatchDecider.initialState): ErpBatchState =>
  commands.reduce((s, c) => Either.getOrThrowWith(transition(erpBatchDecider, s, c), (e) => new Error(`${c._tag} refused: ${e.message}`)).state, state);
const refusal = (state: ErpBatchState, command: ErpBatchCommand) => Either.flip(erpBatchDecider.decide(state, command)).pipe(Either.getOrThrow);
const eventsOf = (state: ErpBatchState, command: ErpBatchCommand) => Either.getOrThrow(erpBatchDecider.decide(state, command)).map((e) => e._tag);

describe("ErpBatch transfer parameters", () => {
  it("fix totalDataBlocks = max(1, ceil(totalPayloadSize / dataBlockSize)) in exact integer math", () => {
    expect(totalDataBlocksFor(0, 8)).toBe(1);
    expect(totalDataBlocksFor(1, 8)).toBe(1);
    expect(totalDataBlocksFor(8, 8)).toBe(1);
    expect(totalDataBlocksFor(9, 8)).toBe(2);
    expect(totalDataBlocksFor(104857600, 8 * 1024 * 1024)).toBe(13);
    expect(totalDataBlocksFor(5 * 1024 ** 3, 1)).toBe(5 * 1024 ** 3);
    expect(totalDataBlocksFor(2 ** 53 - 1, 2 ** 52)).toBe(2);
  });

  it("make every block but the last exactly dataBlockSize bytes, the last the remainder", () => {
    const t = { totalPayloadSize: 10, dataBlockSize: 4, totalDataBlocks: 3 };
    expect([1, 2, 3].map((n) => expectedBlockSize(t, n))).toEqual([4, 4, 2]);
    expect(expectedBlockSize({ totalPayloadSize: 0, dataBlockSize: 4, totalDataBlocks: 1 }, 1)).toBe(0);
  });

  it("create the seed 000 example AWAITING_DATA with its transfer parameters", () => {
    const state = run([create(104857600, 8 * 1024 * 1024, { totalLineItemCount: 200 })]);
    expect(erpBatchView(state as Exclude<ErpBatchState, { _tag: "Absent" }>)).toMatchObject({
      batchId: BATCH,
      status: "AWAITING_DATA",
      dataBlockSize: 8388608,
      totalDataBlocks: 13,
      receivedBlocks: 0,
      totalLineItemCount: 200,
      itemCounts: { total: 0, succeeded: 0, failed: 0 },
    });
  });

  it("refuse bad parameters naming each field, payloads over the limit, and ISO for types without an ISO form", () => {
    const absent = erpBatchDecider.initialState;
    expect(refusal(absent, create(-1, 8, { clientRefId: " ", totalLineItemCount: 1.5 }))).toMatchObject({
      _tag: "ErpBatch.ParametersInvalid",
      errors: [
        { field: "clientRefId", message: "is required" },
        { field: "totalPayloadSize", message: "must be a whole number of bytes, 0 or more" },
        { field: "totalLineItemCount", message: "must be a whole number, 0 or more" },
      ],
    });
    expect(refusal(absent, create(10, 0))._tag).toBe("ErpBatch.ParametersInvalid");
    expect(refusal(absent, create(10, 4, { referenceId: "x".repeat(256) })).message).toBe("referenceId must be at most 255 characters");
    expect(refusal(absent, create(11, 4, { settings: { dataBlockSize: 4, maxPayloadSize: 10 } }))).toMatchObject({ _tag: "ErpBatch.PayloadTooLarge", maxPayloadSize: 10 });
    expect(refusal(absent, create(10, 4, { format: "ISO" }))._tag).toBe("ErpBatch.FormatUnsupported");
    expect(eventsOf(absent, create(10, 4, { format: "ISO", payloadObjectType: "PAYMENT_REQUEST" }))).toEqual(["InboundBatchCreated"]);
  });

  it("refuse creating a batch that exists", () => {
    expect(refusal(run([create(4, 2)]), create(4, 2))._tag).toBe("ErpBatch.AlreadyExists");
  });
});

describe("ErpBatch blocks", () => {
  const created = run([create(10, 4)]);

  it("move AWAITING_DATA -> RECEIVING -> QUEUED, queuing with the last missing block in any order", () => {
    const receiving = run([block(3, 2)], created);
    expect(receiving._tag).toBe("Receiving");
    expect(eventsOf(receiving, block(1, 4))).toEqual(["BlockReceived"]);
    const almost = run([block(1, 4)], receiving);
    expect(eventsOf(almost, block(2, 4))).toEqual(["BlockReceived", "BatchQueued"]);
    const queued = run([block(2, 4)], almost);
    expect(queued._tag).toBe("Queued");
    expect(violatedInvariants(queued)).toEqual([]);
  });

  it("queue a one-block batch with its only block", () => {
    expect(eventsOf(run([create(0, 4)]), block(1, 0))).toEqual(["BlockReceived", "BatchQueued"]);
  });

  it("answer a block received again with the same digest with no events, in any state", () => {
    const queued = run([block(1, 4), block(2, 4), block(3, 2)], created);
    expect(eventsOf(run([block(1, 4)], created), block(1, 4))).toEqual([]);
    expect(eventsOf(queued, block(2, 4))).toEqual([]);
    const processing = run([{ _tag: "StartProcessing", ...stamp() }], queued);
    expect(eventsOf(processing, block(3, 2))).toEqual([]);
    const cancelled = run([block(1, 4), { _tag: "CancelBatch", ...stamp() }], created);
    expect(eventsOf(cancelled, block(1, 4))).toEqual([]);
  });

  it("refuse other content for a received block as a conflict", () => {
    const receiving = run([block(1, 4, D1)], created);
    expect(refusal(receiving, block(1, 4, D2))).toMatchObject({ _tag: "ErpBatch.BlockDigestConflict", blockNumber: 1, receivedDigest: D1, digest: D2 });
  });

  it("refuse a number out of range and a wrong size", () => {
    expect(refusal(created, block(0, 4))).toMatchObject({ _tag: "ErpBatch.BlockOutOfRange", totalDataBlocks: 3 });
    expect(refusal(created, block(4, 4))._tag).toBe("ErpBatch.BlockOutOfRange");
    expect(refusal(created, block(1.5, 4))._tag).toBe("ErpBatch.BlockOutOfRange");
    expect(refusal(created, block(1, 3))).toMatchObject({ _tag: "ErpBatch.BlockSizeWrong", expectedSize: 4, size: 3 });
    expect(refusal(created, block(3, 4)).message).toBe("data block 3 must be exactly 2 bytes, got 4");
  });

  it("refuse a new block once the batch has stopped receiving", () => {
    const cancelled = run([block(1, 4), { _tag: "CancelBatch", ...stamp() }], created);
    expect(refusal(cancelled, block(2, 4))).toMatchObject({ _tag: "ErpBatch.NotReceiving", status: "CANCELLED" });
  });

  it("create a whole upload straight into QUEUED as its one block, refusing a body of another length", () => {
    const whole = (receivedSize: number): ErpBatchCommand => ({
      _tag: "CreateUploadedWhole",
      ...stamp(),
      orgId: ORG,
      clientRefId: "c",
      referenceId: "r",
      payloadObjectType: "COMPANY",
      format: "CSV",
      totalPayloadSize: 10,
      totalLineItemCount: 2,
      settings: { maxPayloadSize: 100 },
      receivedSize,
      digest: D1,
    });
    const queued = run([whole(10)]);
    expect(queued).toMatchObject({ _tag: "Queued", transfer: "WHOLE", totalDataBlocks: 1, dataBlockSize: 10, receivedBlocks: { "1": D1 } });
    expect(violatedInvariants(queued)).toEqual([]);
    expect(refusal(erpBatchDecider.initialState, whole(9))).toMatchObject({ _tag: "ErpBatch.PayloadSizeWrong", totalPayloadSize: 10, size: 9 });
  });
});

describe("ErpBatch processing", () => {
  const queued = run([create(4, 4, { totalLineItemCount: 3 }), block(1, 4)]);
  const processing = run([{ _tag: "StartProcessing", ...stamp() }], queued);
  const complete = (total: number, succeeded: number, failed: number): ErpBatchCommand => ({ _tag: "CompleteProcessing", ...stamp(), itemCounts: { total, succeeded, failed } });

  it("is claimed from QUEUED only, once", () => {
    expect(refusal(processing, { _tag: "StartProcessing", ...stamp() })).toMatchObject({ _tag: "ErpBatch.NotQueued", status: "PROCESSING" });
    expect(refusal(run([create(4, 4)]), { _tag: "StartProcessing", ...stamp() })._tag).toBe("ErpBatch.NotQueued");
  });

  it("completes successfully without failed items, with errors otherwise", () => {
    expect(run([complete(3, 3, 0)], processing)._tag).toBe("CompleteSuccess");
    const withErrors = run([complete(3, 0, 3)], processing);
    expect(withErrors._tag).toBe("CompleteWithErrors");
    expect(erpBatchView(withErrors as Exclude<ErpBatchState, { _tag: "Absent" }>)).toMatchObject({ status: "COMPLETE_WITH_ERRORS", itemCounts: { total: 3, succeeded: 0, failed: 3 } });
  });

  it("refuses counts where succeeded + failed is not total, and a total other than totalLineItemCount", () => {
    expect(refusal(processing, complete(3, 2, 0))._tag).toBe("ErpBatch.ItemCountsInconsistent");
    expect(refusal(processing, complete(-1, -1, 0))._tag).toBe("ErpBatch.ItemCountsInconsistent");
    expect(refusal(processing, complete(2, 2, 0))).toMatchObject({ _tag: "ErpBatch.LineItemCountMismatch", totalLineItemCount: 3, total: 2 });
  });

  it("fails with the reason and its messages", () => {
    const failed = run([{ _tag: "FailProcessing", ...stamp(), reason: "LineItemCountMismatch", errors: [{ field: "totalLineItemCount", message: "the payload holds 2 items" }] }], processing);
    expect(erpBatchView(failed as Exclude<ErpBatchState, { _tag: "Absent" }>)).toMatchObject({ status: "FAILED", errors: [{ field: "totalLineItemCount", message: "the payload holds 2 items" }] });
    expect(erpBatchDecider.isTerminal(failed)).toBe(true);
  });

  it("cancels only while receiving", () => {
    expect(run([{ _tag: "CancelBatch", ...stamp() }], run([create(4, 4)]))._tag).toBe("Cancelled");
    expect(refusal(queued, { _tag: "CancelBatch", ...stamp() })).toMatchObject({ _tag: "ErpBatch.NotCancellable", status: "QUEUED" });
  });

  it("refuses commands on a batch that does not exist", () => {
    expect(refusal(erpBatchDecider.initialState, { _tag: "CancelBatch", ...stamp() })).toMatchObject({ _tag: "ErpBatch.NotFound", batchId: BATCH });
  });
});

describe("ErpBatch outbound", () => {
  const emit = (itemCount: number): ErpBatchCommand => ({ _tag: "EmitOutbound", ...stamp(), orgId: ORG, payloadObjectType: "INVOICE", itemCount });
  const ack = (itemNumbers?: ReadonlyArray<number>): ErpBatchCommand => ({ _tag: "AcknowledgeItems", ...stamp(), ...(itemNumbers === undefined ? {} : { itemNumbers }) });
  const pending = run([emit(5)]);

  it("goes PENDING -> PARTIAL_PENDING -> COMPLETE_SUCCESS as items are acknowledged", () => {
    const partial = run([ack([2, 3, 3])], pending);
    expect(partial).toMatchObject({ _tag: "OutboundPartialPending", acknowledged: [[2, 3]] });
    expect(eventsOf(partial, ack([3, 2]))).toEqual([]);
    expect(eventsOf(partial, ack([1, 4, 5]))).toEqual(["ItemsAcknowledged", "OutboundBatchCompleted"]);
    expect(run([ack()], partial)._tag).toBe("OutboundComplete");
    expect(fold(erpBatchDecider.evolve, pending, Either.getOrThrow(erpBatchDecider.decide(pending, ack())))._tag).toBe("OutboundComplete");
  });

  it("refuses acknowledging a batch that is not pending, and item numbers it does not have", () => {
    const done = run([ack()], pending);
    expect(refusal(done, ack())).toMatchObject({ _tag: "ErpBatch.NotPending", status: "COMPLETE_SUCCESS" });
    expect(refusal(pending, ack([0, 2, 6]))).toMatchObject({ _tag: "ErpBatch.ItemNumberInvalid", itemNumbers: [0, 6] });
    expect(refusal(pending, ack([])).message).toBe("itemNumbers must name at least one item");
    expect(refusal(run([create(4, 4)]), ack())._tag).toBe("ErpBatch.NotPending");
  });

  it("completes an empty batch on its acknowledgement", () => {
    expect(eventsOf(run([emit(0)]), ack())).toEqual(["OutboundBatchCompleted"]);
  });

  it("refuses inbound life-cycle commands", () => {
    expect(refusal(pending, block(1, 4))._tag).toBe("ErpBatch.NotReceiving");
    expect(refusal(pending, { _tag: "CancelBatch", ...stamp() })._tag).toBe("ErpBatch.NotCancellable");
  });
});

describe("item number ranges", () => {
  it("merge, subtract and count runs", () => {
    expect(rangesOf([5, 1, 2, 3, 9, 3])).toEqual([[1, 3], [5, 5], [9, 9]]);
    expect(unionRanges([[1, 3], [9, 9]], [[4, 5], [7, 8]])).toEqual([[1, 5], [7, 9]]);
    expect(subtractRanges([[1, 10]], [[2, 3], [5, 5], [9, 12]])).toEqual([[1, 1], [4, 4], [6, 8]]);
    expect(subtractRanges([[1, 3]], [])).toEqual([[1, 3]]);
  });
});
