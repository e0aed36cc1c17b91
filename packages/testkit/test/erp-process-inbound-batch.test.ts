import { describe, expect, it } from "vitest";
import { Effect, Exit, Option } from "effect";
import {
  companyApplier,
  Decimal,
  erpBatchView,
  receivedBlockKey,
  type Actor,
  type ExistingErpBatch,
  type InboundState,
  type OrganizationId,
  type PayloadObjectType,
} from "@batch/core";
import { makeMemoryErpEnvironment, memoryErpBatchEvents, type MemoryErpEnvironment, type MemoryErpEnvironmentOptions } from "../src";

const ORG = "org-erp-worker" as OrganizationId;
const CLIENT: Actor = { id: "5c0e0a1b-0000-4000-8000-000000000001", name: "SAP connector" };
const WORKER: Actor = { id: "5c0e0a1b-0000-4000-8000-0000000000ff", name: "worker-1" };

const utf8 = (text: string) => new TextEncoder().encode(text);
const body = (bytes: Uint8Array): AsyncIterable<Uint8Array> => ({
  async *[Symbol.asyncIterator]() {
    yield bytes;
  },
});
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

const env = (options: MemoryErpEnvironmentOptions = {}) => makeMemoryErpEnvironment({ settings: { dataBlockSize: 16, maxPayloadSize: 100_000 }, ...options });

/** Uploads `records` (JSON) in blocks and returns the queued batch. */
const queue = async (
  e: MemoryErpEnvironment,
  records: unknown,
  options: { readonly payloadObjectType?: PayloadObjectType; readonly totalLineItemCount?: number; readonly referenceId?: string; readonly raw?: string } = {},
): Promise<InboundState> => {
  const payload = utf8(options.raw ?? JSON.stringify(records));
  const { batch } = await run(
    e.createErpBatch({
      orgId: ORG,
      actor: CLIENT,
      clientRefId: "client_123",
      referenceId: options.referenceId ?? "ref-1",
      payloadObjectType: options.payloadObjectType ?? "COMPANY",
      format: "JSON",
      totalPayloadSize: payload.length,
      ...(options.totalLineItemCount === undefined ? {} : { totalLineItemCount: options.totalLineItemCount }),
    }),
  );
  let last: InboundState = batch;
  for (let n = batch.totalDataBlocks; n >= 1; n--) {
    const bytes = payload.slice((n - 1) * batch.dataBlockSize, n * batch.dataBlockSize);
    last = (await run(e.receiveBlock({ orgId: ORG, batchId: batch.batchId, blockNumber: n, body: body(bytes), actor: CLIENT }))).batch;
  }
  expect(last._tag).toBe("Queued");
  return last;
};
const process = (e: MemoryErpEnvironment, batchId: string) => run(e.processInboundBatch({ orgId: ORG, batchId, actor: WORKER }));
const items = (e: MemoryErpEnvironment, batchId: string) => run(e.listErpBatchItems({ orgId: ORG, batchId, limit: 1000 })).then((p) => p.items);
const company = (e: MemoryErpEnvironment, referenceId: string) => run(e.stores.companies.get(ORG, referenceId)).then(Option.getOrUndefined);
const view = (state: ExistingErpBatch) => erpBatchView(state);

describe("processInboundBatch", () => {
  it("applies every record and completes successfully, recording each item under its key", async () => {
    const e = env();
    const batch = await queue(e, [{ referenceId: "C-1", name: "ACME" }, { referenceId: " C-2 ", registeredCountry: "DE", registeredRegion: "" }, { referenceId: 3 }], { totalLineItemCount: 3 });
    e.manualClock.advance(60_000);
    const done = await process(e, batch.batchId);
    expect(view(done)).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: 3, succeeded: 3, failed: 0 }, errors: [], completedAt: "2026-01-01T00:01:00.000Z" });
    expect(await company(e, "C-1")).toEqual({ referenceId: "C-1", name: "ACME" });
    expect(await company(e, "C-2")).toEqual({ referenceId: "C-2", registeredCountry: "DE" });
    expect(await company(e, "3")).toEqual({ referenceId: "3" });
    expect(await items(e, batch.batchId)).toEqual([
      { itemNumber: 1, status: "COMPLETE", key: "C-1", errors: [] },
      { itemNumber: 2, status: "COMPLETE", key: "C-2", errors: [] },
      { itemNumber: 3, status: "COMPLETE", key: "3", errors: [] },
    ]);
    expect(memoryErpBatchEvents(e.db, ORG, batch.batchId).map((ev) => ev._tag).slice(-2)).toEqual(["ProcessingStarted", "ProcessingCompleted"]);
  });

  it("applies the valid records and fails the others with field errors: COMPLETE_WITH_ERRORS", async () => {
    const e = env();
    const batch = await queue(
      e,
      [{ referenceId: "CC-1", code: "1000", currency: "EUR" }, { referenceId: "CC-2", code: "", currency: "EURO" }, "not a record", { referenceId: "CC-3", code: 2000 }],
      { payloadObjectType: "COMPANY_CODE" },
    );
    const done = await process(e, batch.batchId);
    expect(view(done)).toMatchObject({ status: "COMPLETE_WITH_ERRORS", itemCounts: { total: 4, succeeded: 2, failed: 2 } });
    expect(await run(e.stores.companyCodes.count(ORG))).toBe(2);
    expect(await run(e.listErpBatchItems({ orgId: ORG, batchId: batch.batchId, status: "FAILED" }))).toEqual({
      items: [
        {
          itemNumber: 2,
          status: "FAILED",
          errors: [
            { field: "code", message: "is required" },
            { field: "currency", message: 'must be an ISO 4217 currency code, got "EURO"' },
          ],
        },
        { itemNumber: 3, status: "FAILED", errors: [{ field: "", message: "must be an object" }] },
      ],
    });
  });

  it("applies purchase orders with exact amounts", async () => {
    const e = env();
    const batch = await queue(e, [{ purchaseOrderNo: "PO-1", vendorNo: "V-1", poType: "Standard", currency: "EUR", totalAmount: 0.1 }, { purchaseOrderNo: "PO-2", vendorNo: "V-2", totalAmount: "123456789012345.67" }], {
      payloadObjectType: "PURCHASE_ORDER",
    });
    expect((await process(e, batch.batchId))._tag).toBe("CompleteSuccess");
    expect(Option.getOrThrow(await run(e.stores.purchaseOrders.get(ORG, "PO-2"))).totalAmount).toEqual(dec("123456789012345.67"));
    expect(Option.getOrThrow(await run(e.stores.purchaseOrders.get(ORG, "PO-1"))).totalAmount).toEqual(dec("0.1"));
  });

  it("applies in chunks, every record once", async () => {
    const e = env({ chunkSize: 2 });
    const records = Array.from({ length: 7 }, (_, i) => ({ referenceId: `C-${i + 1}` }));
    const batch = await queue(e, records, { totalLineItemCount: 7 });
    expect(view(await process(e, batch.batchId)).itemCounts).toEqual({ total: 7, succeeded: 7, failed: 0 });
    expect(await run(e.stores.companies.count(ORG))).toBe(7);
    expect((await items(e, batch.batchId)).map((i) => i.itemNumber)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("processes a whole upload like a block transfer", async () => {
    const e = env();
    const payload = utf8(JSON.stringify([{ referenceId: "W-1" }]));
    const { batch } = await run(
      e.uploadWholeBatch({ orgId: ORG, actor: CLIENT, clientRefId: "c", referenceId: "w", payloadObjectType: "COMPANY", format: "JSON", totalPayloadSize: payload.length, totalLineItemCount: 1, body: body(payload) }),
    );
    expect((await process(e, batch.batchId))._tag).toBe("CompleteSuccess");
    expect(await company(e, "W-1")).toEqual({ referenceId: "W-1" });
  });

  describe("fails the batch, applying nothing, when", () => {
    const expectFailedWithNothingApplied = async (e: MemoryErpEnvironment, batchId: string, reason: string, message: RegExp) => {
      const done = await process(e, batchId);
      expect(done).toMatchObject({ _tag: "Failed", failure: { reason } });
      expect(view(done).errors[0]?.message).toMatch(message);
      expect(view(done).itemCounts).toEqual({ total: 0, succeeded: 0, failed: 0 });
      expect(await run(e.stores.companies.count(ORG))).toBe(0);
      expect(await items(e, batchId)).toEqual([]);
    };

    it("the payload is unreadable (the first records valid)", async () => {
      const e = env();
      const batch = await queue(e, null, { raw: '[{"referenceId": "C-1"}, {"referenceId": "C-2"' });
      await expectFailedWithNothingApplied(e, batch.batchId, "PayloadMalformed", /^the payload cannot be read as JSON: the payload is not JSON/);
    });

    it("the item count differs from totalLineItemCount", async () => {
      const e = env();
      const batch = await queue(e, [{ referenceId: "C-1" }, { referenceId: "C-2" }], { totalLineItemCount: 3 });
      await expectFailedWithNothingApplied(e, batch.batchId, "LineItemCountMismatch", /^the payload holds 2 items, but totalLineItemCount is 3$/);
    });

    it("no applier is configured for the type", async () => {
      const e = env({ appliers: { COMPANY: companyApplier } });
      const batch = await queue(e, [{ invoiceNo: "1", vendorNo: "V" }], { payloadObjectType: "INVOICE" });
      await expectFailedWithNothingApplied(e, batch.batchId, "NoApplier", /no applier is configured for INVOICE/);
    });

    it("the stored payload is not totalPayloadSize bytes", async () => {
      const e = env();
      const batch = await queue(e, [{ referenceId: "C-1" }, { referenceId: "C-2" }]);
      await run(e.blobs.delete(receivedBlockKey(batch, 2)!));
      await expectFailedWithNothingApplied(e, batch.batchId, "PayloadSizeWrong", /^the stored payload is \d+ bytes, but totalPayloadSize is \d+$/);
    });
  });

  it("resumes after a crash without applying again what was applied", async () => {
    const e = env({ chunkSize: 2 });
    const records = Array.from({ length: 5 }, (_, i) => ({ referenceId: `C-${i + 1}`, name: "from the ERP" }));
    const batch = await queue(e, records, { totalLineItemCount: 5 });
    // The first worker claimed the batch and committed its first chunk (items 1-2 with their results), then died.
    await run(
      e.uow.run((stores) =>
        Effect.gen(function* () {
          const loaded = Option.getOrThrow(yield* stores.erpBatches.get(ORG, batch.batchId));
          const processing: ExistingErpBatch = { ...(loaded.state as InboundState & { _tag: "Queued" }), _tag: "Processing", processingStartedAt: "2026-01-01T00:00:00.000Z" };
          yield* stores.erpBatches.save({ orgId: ORG, id: batch.batchId, state: processing, events: [{ _tag: "ProcessingStarted", at: "2026-01-01T00:00:00.000Z", actor: WORKER }], expectedVersion: loaded.version });
          const chunk = records.slice(0, 2).map((record, i) => ({ itemNumber: i + 1, record }));
          yield* companyApplier.apply(stores, { orgId: ORG, at: "2026-01-01T00:00:00.000Z", actor: WORKER, batchId: batch.batchId }, chunk);
          yield* stores.erpBatchItems.recordResults(ORG, batch.batchId, chunk.map((c) => ({ itemNumber: c.itemNumber, status: "COMPLETE", key: c.record.referenceId, errors: [] })));
        }),
      ),
    );
    // Meanwhile someone changed C-1; the resumed worker must not overwrite it with the batch's version.
    await run(e.uow.run((stores) => stores.companies.upsertMany(ORG, [{ referenceId: "C-1", name: "edited since" }])));
    const done = await process(e, batch.batchId);
    expect(view(done)).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: 5, succeeded: 5, failed: 0 } });
    expect(await company(e, "C-1")).toEqual({ referenceId: "C-1", name: "edited since" });
    expect(await company(e, "C-5")).toEqual({ referenceId: "C-5", name: "from the ERP" });
    expect((await items(e, batch.batchId)).map((i) => i.itemNumber)).toEqual([1, 2, 3, 4, 5]);
  });

  it("changes nothing when run again on a finished batch", async () => {
    const e = env();
    const batch = await queue(e, [{ referenceId: "C-1" }]);
    const done = await process(e, batch.batchId);
    await run(e.uow.run((stores) => stores.companies.upsertMany(ORG, [{ referenceId: "C-1", name: "edited since" }])));
    expect(await process(e, batch.batchId)).toEqual(done);
    expect(await company(e, "C-1")).toEqual({ referenceId: "C-1", name: "edited since" });
  });

  it("refuses a batch that is not queued yet, and one that does not exist", async () => {
    const e = env();
    const { batch } = await run(
      e.createErpBatch({ orgId: ORG, actor: CLIENT, clientRefId: "c", referenceId: "r", payloadObjectType: "COMPANY", format: "JSON", totalPayloadSize: 10 }),
    );
    const exit = await Effect.runPromise(Effect.exit(e.processInboundBatch({ orgId: ORG, batchId: batch.batchId, actor: WORKER })));
    expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined).toMatchObject({ _tag: "ErpBatch.NotQueued", status: "AWAITING_DATA" });
    const missing = await Effect.runPromise(Effect.exit(e.processInboundBatch({ orgId: ORG, batchId: "nope", actor: WORKER })));
    expect(Exit.isFailure(missing) && missing.cause._tag === "Fail" ? missing.cause.error._tag : undefined).toBe("ErpBatch.NotFound");
  });
});
