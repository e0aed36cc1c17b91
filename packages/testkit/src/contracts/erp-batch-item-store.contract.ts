/**
 * The contract every ErpBatchItemStore honours: inbound results upserted by item number and
 * listed in item order with status filters and cursors, tallies, outbound payloads stored once
 * and acknowledged all or in part, organizations and batches isolated, nothing kept from a
 * failed unit of work.
 */
import { describe, expect, it } from "vitest";
import { Effect } from "effect";
import type { ErpBatchItem, ErpBatchItemQuery, ErpBatchItemResult, ErpBatchItemStore, OrganizationId } from "@batch/core";
import { failureOf, freshFixtures, portRunner, type StoreFixture } from "./store-fixture";

type ErpBatchItemStores = { readonly erpBatchItems: ErpBatchItemStore };

export type ErpBatchItemStoreFixture = StoreFixture<ErpBatchItemStores>;

export type ErpBatchItemStoreHarness = () => Promise<ErpBatchItemStoreFixture>;

const ORG = "org-erp-items-1" as OrganizationId;
const OTHER_ORG = "org-erp-items-2" as OrganizationId;
const BATCH = "d0000000-0000-4000-8000-000000000001";
const OTHER_BATCH = "d0000000-0000-4000-8000-000000000002";
const T1 = "2026-03-01T10:00:00.000Z";
const T2 = "2026-03-01T11:00:00.000Z";

const complete = (itemNumber: number, key = `K-${itemNumber}`): ErpBatchItemResult => ({ itemNumber, status: "COMPLETE", key, errors: [] });
const failed = (itemNumber: number): ErpBatchItemResult => ({
  itemNumber,
  status: "FAILED",
  errors: [
    { field: "referenceId", message: "is required" },
    { field: "currency", message: 'must be an ISO 4217 currency code, got "EURO"' },
  ],
});

export const erpBatchItemStoreContract = (name: string, harness: ErpBatchItemStoreHarness): void => {
  describe(`ErpBatchItemStore contract: ${name}`, () => {
    const setUp = freshFixtures(harness);
    const { run, runExit } = portRunner((stores: ErpBatchItemStores) => stores.erpBatchItems);
    const listAll = async (f: ErpBatchItemStoreFixture, orgId: OrganizationId, batchId: string, query: Omit<ErpBatchItemQuery, "cursor">) => {
      const items: Array<ErpBatchItem> = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const result = await run(f, (s) => s.list(orgId, batchId, { ...query, ...(cursor === undefined ? {} : { cursor }) }));
        expect(result.items.length).toBeLessThanOrEqual(query.limit);
        items.push(...result.items);
        cursor = result.nextCursor;
        if (cursor === undefined) break;
      }
      return items;
    };

    it("records results and lists them in item order with their key and field errors", async () => {
      const f = await setUp();
      await run(f, (s) => s.recordResults(ORG, BATCH, [complete(3), failed(1), complete(2)]));
      const page = await run(f, (s) => s.list(ORG, BATCH, { limit: 10 }));
      expect(page.nextCursor).toBeUndefined();
      expect(page.items).toEqual([
        { itemNumber: 1, status: "FAILED", errors: failed(1).errors },
        { itemNumber: 2, status: "COMPLETE", key: "K-2", errors: [] },
        { itemNumber: 3, status: "COMPLETE", key: "K-3", errors: [] },
      ]);
    });

    it("replaces a result recorded again, so a replayed chunk leaves one row per item", async () => {
      const f = await setUp();
      await run(f, (s) => s.recordResults(ORG, BATCH, [complete(1), failed(2)]));
      await run(f, (s) => s.recordResults(ORG, BATCH, [complete(1, "K-1b"), complete(2)]));
      expect((await run(f, (s) => s.list(ORG, BATCH, { limit: 10 }))).items).toEqual([
        { itemNumber: 1, status: "COMPLETE", key: "K-1b", errors: [] },
        { itemNumber: 2, status: "COMPLETE", key: "K-2", errors: [] },
      ]);
      expect(await run(f, (s) => s.tally(ORG, BATCH))).toEqual({ pending: 0, complete: 2, failed: 0, lastItemNumber: 2 });
    });

    it("tallies the recorded items by status, with the highest item number", async () => {
      const f = await setUp();
      expect(await run(f, (s) => s.tally(ORG, BATCH))).toEqual({ pending: 0, complete: 0, failed: 0, lastItemNumber: 0 });
      await run(f, (s) => s.recordResults(ORG, BATCH, [complete(1), failed(2), failed(7), complete(4)]));
      expect(await run(f, (s) => s.tally(ORG, BATCH))).toEqual({ pending: 0, complete: 2, failed: 2, lastItemNumber: 7 });
    });

    it("filters by status and pages with cursors, every item once", async () => {
      const f = await setUp();
      const results = Array.from({ length: 11 }, (_, i) => (i % 3 === 0 ? failed(i + 1) : complete(i + 1)));
      await run(f, (s) => s.recordResults(ORG, BATCH, results));
      expect((await listAll(f, ORG, BATCH, { limit: 4 })).map((i) => i.itemNumber)).toEqual(results.map((r) => r.itemNumber));
      expect((await listAll(f, ORG, BATCH, { limit: 2, status: "FAILED" })).map((i) => i.itemNumber)).toEqual([1, 4, 7, 10]);
      expect((await listAll(f, ORG, BATCH, { limit: 3, status: "COMPLETE" })).map((i) => i.itemNumber)).toEqual([2, 3, 5, 6, 8, 9, 11]);
      expect(await listAll(f, ORG, BATCH, { limit: 3, status: "PENDING" })).toEqual([]);
      const exact = await run(f, (s) => s.list(ORG, BATCH, { limit: 11 }));
      expect(exact.nextCursor).toBeUndefined();
    });

    it("refuses a cursor it did not hand out", async () => {
      const f = await setUp();
      expect(failureOf(await runExit(f, (s) => s.list(ORG, BATCH, { limit: 3, cursor: "???" })))?._tag).toBe("ErpBatch.CursorInvalid");
    });

    it("keeps batches and organizations apart", async () => {
      const f = await setUp();
      await run(f, (s) => s.recordResults(ORG, BATCH, [complete(1)]));
      await run(f, (s) => s.recordResults(ORG, OTHER_BATCH, [failed(1), failed(2)]));
      expect((await run(f, (s) => s.list(OTHER_ORG, BATCH, { limit: 10 }))).items).toEqual([]);
      expect(await run(f, (s) => s.tally(OTHER_ORG, BATCH))).toEqual({ pending: 0, complete: 0, failed: 0, lastItemNumber: 0 });
      expect(await run(f, (s) => s.getOutboundItems(OTHER_ORG, BATCH))).toEqual([]);
      expect(await run(f, (s) => s.tally(ORG, OTHER_BATCH))).toEqual({ pending: 0, complete: 0, failed: 2, lastItemNumber: 2 });
    });

    it("stores outbound payloads as items 1..n, PENDING, once", async () => {
      const f = await setUp();
      const payloads = [{ invoiceNo: "INV-1", amount: 12.5 }, { invoiceNo: "INV-2", lines: [{ n: 1 }] }, { invoiceNo: "INV-3", note: null }];
      await run(f, (s) => s.putOutboundItems(ORG, BATCH, payloads));
      await run(f, (s) => s.putOutboundItems(ORG, BATCH, [{ invoiceNo: "other" }]));
      expect(await run(f, (s) => s.getOutboundItems(ORG, BATCH))).toEqual(payloads.map((payload, i) => ({ itemNumber: i + 1, status: "PENDING", payload })));
      expect((await run(f, (s) => s.list(ORG, BATCH, { limit: 10 }))).items).toEqual([1, 2, 3].map((itemNumber) => ({ itemNumber, status: "PENDING", errors: [] })));
      expect(await run(f, (s) => s.tally(ORG, BATCH))).toEqual({ pending: 3, complete: 0, failed: 0, lastItemNumber: 3 });
    });

    it("acknowledges some items, then all, keeping the first acknowledgement time", async () => {
      const f = await setUp();
      await run(f, (s) => s.putOutboundItems(ORG, BATCH, [{ n: 1 }, { n: 2 }, { n: 3 }]));
      await run(f, (s) => s.markAcknowledged(ORG, BATCH, [2, 9], T1));
      expect((await run(f, (s) => s.getOutboundItems(ORG, BATCH))).map((i) => [i.itemNumber, i.status, i.acknowledgedAt])).toEqual([
        [1, "PENDING", undefined],
        [2, "COMPLETE", T1],
        [3, "PENDING", undefined],
      ]);
      await run(f, (s) => s.markAcknowledged(ORG, BATCH, "all", T2));
      expect((await run(f, (s) => s.getOutboundItems(ORG, BATCH))).map((i) => [i.itemNumber, i.status, i.acknowledgedAt])).toEqual([
        [1, "COMPLETE", T2],
        [2, "COMPLETE", T1],
        [3, "COMPLETE", T2],
      ]);
      expect(await run(f, (s) => s.tally(ORG, BATCH))).toEqual({ pending: 0, complete: 3, failed: 0, lastItemNumber: 3 });
    });

    it("keeps nothing from a unit of work that fails", async () => {
      const f = await setUp();
      const exit = await runExit(f, (s) =>
        Effect.zipRight(Effect.zipRight(s.recordResults(ORG, BATCH, [complete(1)]), s.putOutboundItems(ORG, OTHER_BATCH, [{ n: 1 }])), Effect.fail("rolled back" as const)),
      );
      expect(failureOf(exit)).toBe("rolled back");
      expect((await run(f, (s) => s.list(ORG, BATCH, { limit: 10 }))).items).toEqual([]);
      expect(await run(f, (s) => s.getOutboundItems(ORG, OTHER_BATCH))).toEqual([]);
    });
  });
};
