/**
 * The contract every ApInvoiceStore honours (in-memory, SQLite, PostgreSQL): invoices unique by
 * id and by `invoiceNo` + `vendorNo` per organization, organizations isolated, every property kept
 * exactly, upserts that leave batched invoices alone and do not touch unchanged ones, batch
 * membership changed only from the right status, nothing kept from a failed unit of work, and
 * the collection-query semantics of @batch/core's collection-query.ts.
 */
import { describe, expect, it } from "vitest";
import { Effect, Either, FastCheck as fc, Option } from "effect";
import {
  AP_INVOICE_KEY_CONSTRAINT,
  apInvoiceCatalogue,
  apInvoiceIdOf,
  Decimal,
  Filter,
  FilterLiteral,
  newApInvoice,
  validateCollectionQuery,
  cursorOf,
  type ApInvoice,
  type ApInvoiceData,
  type ApInvoiceStore,
  type ApStamp,
  type CollectionQuery,
  type OrganizationId,
} from "@batch/core";
import { apInvoiceDataArb } from "../arbitraries/ap-invoice";
import { failureOf, freshFixtures, portRunner, type StoreFixture } from "./store-fixture";

type ApInvoiceStores = { readonly apInvoices: ApInvoiceStore };

export type ApInvoiceStoreFixture = StoreFixture<ApInvoiceStores>;

export type ApInvoiceStoreHarness = () => Promise<ApInvoiceStoreFixture>;

const ORG = "org-ap-1" as OrganizationId;
const OTHER_ORG = "org-ap-2" as OrganizationId;
const ALICE = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Alice" };
const BOB = { id: "7a2f1d2b-4c3e-4d6f-9a81-223344556677", name: "Bob" };
const at = (minute: number) => new Date(Date.parse("2026-03-01T10:00:00.000Z") + minute * 60_000).toISOString();
const stamp = (minute: number, actor = ALICE): ApStamp => ({ at: at(minute), actor });
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));
const BATCH_1 = { apBatchId: "c0000000-0000-4000-8000-000000000001", apBatchNo: "AP-000001" };
const BATCH_2 = { apBatchId: "c0000000-0000-4000-8000-000000000002", apBatchNo: "AP-000002" };

const data = (invoiceNo: string, more: Partial<ApInvoiceData> = {}): ApInvoiceData => ({
  vendorNo: "V100",
  invoiceNo,
  matchedInvoiceStatusId: 3,
  matchedInvoiceStatus: "Vouchered",
  ...more,
});
const idOf = (d: ApInvoiceData, orgId = ORG) => apInvoiceIdOf(orgId, d.vendorNo, d.invoiceNo);
const invoice = (d: ApInvoiceData, minute = 0, orgId = ORG): ApInvoice => newApInvoice(idOf(d, orgId), d, stamp(minute));

export const apInvoiceStoreContract = (name: string, harness: ApInvoiceStoreHarness) =>
  describe(`ApInvoiceStore contract: ${name}`, () => {
    const fresh = freshFixtures(harness);
    const { run, runExit } = portRunner((stores: ApInvoiceStores) => stores.apInvoices);
    const failure = async <A, E>(f: ApInvoiceStoreFixture, work: (store: ApInvoiceStore) => Effect.Effect<A, E>) => failureOf(await runExit(f, work));
    const get = async (f: ApInvoiceStoreFixture, id: string, orgId = ORG) => Option.getOrUndefined(await run(f, (s) => s.get(orgId, id)));
    const insert = (f: ApInvoiceStoreFixture, ...invoices: ReadonlyArray<ApInvoice>) =>
      run(f, (s) => Effect.forEach(invoices, (i) => s.insert(ORG, i), { discard: true }));

    it("inserts an invoice and finds it by id and by natural key", async () => {
      const f = await fresh();
      const inv = invoice(data("INV-1", { invoiceValidationTotal: dec("1234.56") }));
      await insert(f, inv);
      expect(await get(f, inv.apMatchedInvoiceId)).toEqual(inv);
      expect(Option.getOrUndefined(await run(f, (s) => s.findByKey(ORG, { vendorNo: "V100", invoiceNo: "INV-1" })))).toEqual(inv);
      expect(Option.isNone(await run(f, (s) => s.findByKey(ORG, { vendorNo: "V100", invoiceNo: "inv-1" })))).toBe(true);
      expect(await get(f, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
    });

    it("keeps every property of any invoice exactly", async () => {
      const f = await fresh();
      await fc.assert(
        fc.asyncProperty(apInvoiceDataArb({ key: fc.record({ vendorNo: fc.constant("V-prop"), invoiceNo: fc.uuid() }) }), async (d) => {
          const inv = invoice(d);
          await insert(f, inv);
          expect(await get(f, inv.apMatchedInvoiceId)).toEqual(inv);
        }),
        { numRuns: 40 },
      );
    });

    it("refuses a second invoice with the same natural key or id, writing nothing", async () => {
      const f = await fresh();
      await insert(f, invoice(data("INV-1")));
      const clash = { ...invoice(data("INV-1", { notes: "second" })), apMatchedInvoiceId: "d0000000-0000-4000-8000-000000000001" };
      expect(await failure(f, (s) => s.insert(ORG, clash))).toMatchObject({ _tag: "Store.UniqueConflict", constraint: AP_INVOICE_KEY_CONSTRAINT });
      const sameId = { ...invoice(data("INV-1")), invoiceNo: "INV-OTHER" };
      expect(await failure(f, (s) => s.insert(ORG, sameId))).toMatchObject({ _tag: "Store.UniqueConflict", constraint: AP_INVOICE_KEY_CONSTRAINT });
      expect(await get(f, clash.apMatchedInvoiceId)).toBeUndefined();
      expect((await run(f, (s) => s.query(ORG, { count: true }))).count).toBe(1);
    });

    it("never shows an invoice to another organization, which may hold the same natural key", async () => {
      const f = await fresh();
      const mine = invoice(data("INV-1"));
      await insert(f, mine);
      expect(await get(f, mine.apMatchedInvoiceId, OTHER_ORG)).toBeUndefined();
      expect(Option.isNone(await run(f, (s) => s.findByKey(OTHER_ORG, { vendorNo: "V100", invoiceNo: "INV-1" })))).toBe(true);
      const theirs = invoice(data("INV-1"), 0, OTHER_ORG);
      await run(f, (s) => s.insert(OTHER_ORG, theirs));
      expect(Option.isNone(await run(f, (s) => s.addToBatch(OTHER_ORG, mine.apMatchedInvoiceId, BATCH_1, stamp(1))))).toBe(true);
      expect((await get(f, mine.apMatchedInvoiceId))?.matchedInvoiceStatus).toBe("Vouchered");
      expect((await run(f, (s) => s.query(OTHER_ORG, {}))).rows).toEqual([theirs]);
    });

    describe("upsertFromRecords", () => {
      it("inserts new invoices with the given id and the stamp as creation and update", async () => {
        const f = await fresh();
        const d = data("INV-1", { invoiceValidationTotal: dec("10.5") });
        const [outcome] = await run(f, (s) => s.upsertFromRecords(ORG, [{ apMatchedInvoiceId: idOf(d), data: d }], stamp(1)));
        expect(outcome).toEqual({ _tag: "Inserted", invoice: newApInvoice(idOf(d), d, stamp(1)) });
        expect(await get(f, idOf(d))).toEqual(newApInvoice(idOf(d), d, stamp(1)));
      });

      it("leaves an invoice that already holds the data untouched, lastUpdated included", async () => {
        const f = await fresh();
        const d = data("INV-1", { taxAmount: dec("1.20"), invoiceDate: "2026-02-01T00:00:00.000Z" });
        await run(f, (s) => s.upsertFromRecords(ORG, [{ apMatchedInvoiceId: idOf(d), data: d }], stamp(1)));
        const again = await run(f, (s) => s.upsertFromRecords(ORG, [{ apMatchedInvoiceId: idOf(d), data: { ...d, taxAmount: dec("1.2") } }], stamp(9, BOB)));
        expect(again.map((o) => o._tag)).toEqual(["Unchanged"]);
        expect(await get(f, idOf(d))).toEqual(newApInvoice(idOf(d), d, stamp(1)));
      });

      it("replaces the data of an existing invoice, keeping its id and creation, clearing what the record leaves out", async () => {
        const f = await fresh();
        const first = data("INV-1", { notes: "first", invoiceValidationTotal: dec("5"), matchedInvoiceStatusId: 1, matchedInvoiceStatus: "Pending" });
        const existing = invoice(first, 0);
        await insert(f, existing);
        const next = data("INV-1", { vendorName: "ACME", invoiceValidationTotal: dec("6") });
        const [outcome] = await run(f, (s) => s.upsertFromRecords(ORG, [{ apMatchedInvoiceId: "d0000000-0000-4000-8000-00000000000f", data: next }], stamp(5, BOB)));
        const expected = {
          ...newApInvoice(existing.apMatchedInvoiceId, next, stamp(5, BOB)),
          createdBy: ALICE.id,
          createdByUserName: ALICE.name,
          dateCreated: at(0),
        };
        expect(outcome).toEqual({ _tag: "Updated", invoice: expected });
        const stored = await get(f, existing.apMatchedInvoiceId);
        expect(stored).toEqual(expected);
        expect(stored).not.toHaveProperty("notes");
      });

      it("applies two records for one invoice in one call one after the other", async () => {
        const f = await fresh();
        const a = data("INV-1", { notes: "a" });
        const b = data("INV-1", { notes: "b" });
        const outcomes = await run(f, (s) =>
          s.upsertFromRecords(ORG, [{ apMatchedInvoiceId: idOf(a), data: a }, { apMatchedInvoiceId: idOf(b), data: b }, { apMatchedInvoiceId: idOf(b), data: b }], stamp(1)),
        );
        expect(outcomes.map((o) => o._tag)).toEqual(["Inserted", "Updated", "Unchanged"]);
        expect((await get(f, idOf(a)))?.notes).toBe("b");
      });

      it("leaves Batched and Exported invoices unchanged and says so", async () => {
        const f = await fresh();
        const batched = data("INV-B");
        const exported = data("INV-E");
        await insert(f, invoice(batched), invoice(exported));
        await run(f, (s) => Effect.all([s.addToBatch(ORG, idOf(batched), BATCH_1, stamp(1)), s.addToBatch(ORG, idOf(exported), BATCH_2, stamp(1))]));
        await run(f, (s) => s.exportBatch(ORG, BATCH_2.apBatchId, [idOf(exported)], stamp(2)));
        const before = [await get(f, idOf(batched)), await get(f, idOf(exported))];
        const outcomes = await run(f, (s) =>
          s.upsertFromRecords(
            ORG,
            [batched, exported].map((d) => ({ apMatchedInvoiceId: idOf(d), data: { ...d, notes: "changed", matchedInvoiceStatusId: 1, matchedInvoiceStatus: "Pending" } })),
            stamp(3),
          ),
        );
        expect(outcomes.map((o) => [o._tag, o.invoice.matchedInvoiceStatus])).toEqual([["Locked", "Batched"], ["Locked", "Exported"]]);
        expect([await get(f, idOf(batched)), await get(f, idOf(exported))]).toEqual(before);
      });
    });

    describe("batch membership", () => {
      it("adds a Vouchered invoice to a batch once, recording when and by whom", async () => {
        const f = await fresh();
        const d = data("INV-1");
        await insert(f, invoice(d));
        const joined = Option.getOrThrow(await run(f, (s) => s.addToBatch(ORG, idOf(d), BATCH_1, stamp(2, BOB))));
        expect(joined).toMatchObject({
          matchedInvoiceStatusId: 4,
          matchedInvoiceStatus: "Batched",
          apBatchId: BATCH_1.apBatchId,
          apBatchNo: BATCH_1.apBatchNo,
          dateSubmitted: at(2),
          submittedBy: BOB.id,
          submittedByUserName: BOB.name,
          lastUpdated: at(2),
          lastUpdatedBy: BOB.id,
        });
        expect(await get(f, idOf(d))).toEqual(joined);
        expect(Option.isNone(await run(f, (s) => s.addToBatch(ORG, idOf(d), BATCH_2, stamp(3))))).toBe(true);
        expect(Option.isNone(await run(f, (s) => s.addToBatch(ORG, idOf(d), BATCH_1, stamp(3))))).toBe(true);
        expect(await get(f, idOf(d))).toEqual(joined);
      });

      it("adds no invoice that is not Vouchered, and none that does not exist", async () => {
        const f = await fresh();
        const pending = data("INV-P", { matchedInvoiceStatusId: 1, matchedInvoiceStatus: "Pending" });
        const matched = data("INV-M", { matchedInvoiceStatusId: 2, matchedInvoiceStatus: "Matched" });
        await insert(f, invoice(pending), invoice(matched));
        for (const d of [pending, matched, data("INV-NONE")]) {
          expect(Option.isNone(await run(f, (s) => s.addToBatch(ORG, idOf(d), BATCH_1, stamp(1))))).toBe(true);
        }
        expect((await get(f, idOf(pending)))?.matchedInvoiceStatus).toBe("Pending");
      });

      it("removes an invoice from its own batch only, back to Vouchered without batch fields", async () => {
        const f = await fresh();
        const d = data("INV-1");
        const original = invoice(d);
        await insert(f, original);
        await run(f, (s) => s.addToBatch(ORG, idOf(d), BATCH_1, stamp(1)));
        expect(Option.isNone(await run(f, (s) => s.removeFromBatch(ORG, idOf(d), BATCH_2.apBatchId, stamp(2))))).toBe(true);
        const released = Option.getOrThrow(await run(f, (s) => s.removeFromBatch(ORG, idOf(d), BATCH_1.apBatchId, stamp(3, BOB))));
        expect(released).toEqual({ ...original, lastUpdated: at(3), lastUpdatedBy: BOB.id, lastUpdatedByUserName: BOB.name });
        expect(await get(f, idOf(d))).toEqual(released);
        expect(Option.isNone(await run(f, (s) => s.removeFromBatch(ORG, idOf(d), BATCH_1.apBatchId, stamp(4))))).toBe(true);
      });

      it("exports the listed invoices Batched in the batch, in the listed order, and no others", async () => {
        const f = await fresh();
        const [a, b, c, other, loose] = ["INV-A", "INV-B", "INV-C", "INV-O", "INV-L"].map((n) => data(n));
        await insert(f, ...[a, b, c, other, loose].map((d) => invoice(d!)));
        await run(f, (s) =>
          Effect.all([
            s.addToBatch(ORG, idOf(a!), BATCH_1, stamp(1)),
            s.addToBatch(ORG, idOf(b!), BATCH_1, stamp(1)),
            s.addToBatch(ORG, idOf(c!), BATCH_1, stamp(1)),
            s.addToBatch(ORG, idOf(other!), BATCH_2, stamp(1)),
          ]),
        );
        const exported = await run(f, (s) => s.exportBatch(ORG, BATCH_1.apBatchId, [idOf(c!), idOf(a!), idOf(other!), idOf(loose!)], stamp(5)));
        expect(exported.map((i) => i.invoiceNo)).toEqual(["INV-C", "INV-A"]);
        expect(exported.every((i) => i.matchedInvoiceStatusId === 5 && i.matchedInvoiceStatus === "Exported" && i.lastUpdated === at(5))).toBe(true);
        const statuses = await Promise.all([a, b, c, other, loose].map(async (d) => (await get(f, idOf(d!)))?.matchedInvoiceStatus));
        expect(statuses).toEqual(["Exported", "Batched", "Exported", "Batched", "Vouchered"]);
      });
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const f = await fresh();
      const d = data("INV-1");
      await insert(f, invoice(d));
      const error = await failure(f, (s) =>
        Effect.all([s.addToBatch(ORG, idOf(d), BATCH_1, stamp(1)), s.insert(ORG, invoice(data("INV-2")))]).pipe(Effect.zipRight(Effect.fail("boom" as const))),
      );
      expect(error).toBe("boom");
      expect((await get(f, idOf(d)))?.matchedInvoiceStatus).toBe("Vouchered");
      expect(await get(f, idOf(data("INV-2")))).toBeUndefined();
    });

    describe("query", () => {
      const specs: ReadonlyArray<ApInvoiceData> = [
        data("INV-1", { invoiceValidationTotal: dec("0.3"), vendorName: "Acme Corp", invoiceDate: "2026-01-15T00:00:00.000Z", sequenceNo: 2 }),
        data("INV-2", { invoiceValidationTotal: dec("100"), vendorName: "Globex", poType: "Return", sequenceNo: 1 }),
        data("INV-3", { vendorNo: "V200", invoiceValidationTotal: dec("0.30"), notes: "urgent ACME", matchedInvoiceStatusId: 1, matchedInvoiceStatus: "Pending" }),
        data("INV-4", { vendorNo: "V200", vendorName: "acme gmbh" }),
        data("INV-5", { invoiceValidationTotal: dec("-5"), purchaseOrderId: "e0000000-0000-4000-8000-0000000000aa" }),
      ];
      const seeded = async () => {
        const f = await fresh();
        await insert(f, ...specs.map((d, i) => invoice(d, 10 - i)));
        await run(f, (s) => Effect.all([s.addToBatch(ORG, idOf(specs[0]!), BATCH_1, stamp(20)), s.addToBatch(ORG, idOf(specs[1]!), BATCH_1, stamp(20))]));
        await run(f, (s) => s.insert(OTHER_ORG, invoice(specs[0]!, 0, OTHER_ORG)));
        return f;
      };
      const nos = async (f: ApInvoiceStoreFixture, query: CollectionQuery, scope?: { readonly apBatchId?: string }) => {
        const valid = Either.getOrThrowWith(validateCollectionQuery(apInvoiceCatalogue, query), (e) => new Error(e.message));
        const result = await run(f, (s) => s.query(ORG, valid, scope));
        return { nos: result.rows.map((row) => row.invoiceNo), count: result.count };
      };
      const S = FilterLiteral.string;
      const N = (text: string) => FilterLiteral.number(dec(text));

      it("lists by dateCreated then id when unordered, only the batch's invoices when scoped", async () => {
        const f = await seeded();
        expect((await nos(f, {})).nos).toEqual(["INV-5", "INV-4", "INV-3", "INV-2", "INV-1"]);
        expect((await nos(f, { count: true }, { apBatchId: BATCH_1.apBatchId })).nos).toEqual(["INV-2", "INV-1"]);
        expect((await nos(f, { count: true }, { apBatchId: BATCH_2.apBatchId })).count).toBe(0);
      });

      it("filters on strings, integers, decimals, GUIDs, date-times and null", async () => {
        const f = await seeded();
        expect((await nos(f, { filter: Filter.eq("matchedInvoiceStatus", S("Vouchered")) })).nos).toEqual(["INV-5", "INV-4"]);
        expect((await nos(f, { filter: Filter.eq("matchedInvoiceStatusId", N("4")) })).nos).toEqual(["INV-2", "INV-1"]);
        expect((await nos(f, { filter: Filter.eq("invoiceValidationTotal", N("0.300")) })).nos).toEqual(["INV-3", "INV-1"]);
        expect((await nos(f, { filter: Filter.eq("invoiceValidationTotal", FilterLiteral.null) })).nos).toEqual(["INV-4"]);
        expect((await nos(f, { filter: Filter.ne("poType", S("Return")) })).nos).toEqual(["INV-5", "INV-4", "INV-3", "INV-1"]);
        expect((await nos(f, { filter: Filter.eq("purchaseOrderId", FilterLiteral.guid("E0000000-0000-4000-8000-0000000000AA")) })).nos).toEqual(["INV-5"]);
        expect((await nos(f, { filter: Filter.eq("apBatchId", S(BATCH_1.apBatchId)) })).nos).toEqual(["INV-2", "INV-1"]);
        expect((await nos(f, { filter: Filter.eq("invoiceDate", FilterLiteral.dateTime("2026-01-15")) })).nos).toEqual(["INV-1"]);
        expect((await nos(f, { filter: Filter.and(Filter.eq("vendorNo", S("V200")), Filter.not(Filter.contains("vendorName", "acme"))) })).nos).toEqual(["INV-3"]);
        expect((await nos(f, { filter: Filter.or(Filter.startsWith("vendorName", "Acme"), Filter.endsWith("invoiceNo", "5")) })).nos).toEqual(["INV-5", "INV-1"]);
      });

      it("orders by decimals with absent values first, then by further properties and id", async () => {
        const f = await seeded();
        const byId = (...ds: ReadonlyArray<ApInvoiceData>) => [...ds].sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1)).map((d) => d.invoiceNo);
        const [inv1, , inv3, inv4] = specs as [ApInvoiceData, ApInvoiceData, ApInvoiceData, ApInvoiceData, ApInvoiceData];
        expect((await nos(f, { orderBy: [{ property: "invoiceValidationTotal", direction: "asc" }] })).nos).toEqual([
          "INV-4",
          "INV-5",
          ...byId(inv1, inv3),
          "INV-2",
        ]);
        expect(
          (await nos(f, { orderBy: [{ property: "vendorNo", direction: "desc" }, { property: "sequenceNo", direction: "desc" }] })).nos,
        ).toEqual([...byId(inv3, inv4), "INV-1", "INV-2", "INV-5"]);
      });

      it("searches every string property without case, and pages after ordering with a count", async () => {
        const f = await seeded();
        expect((await nos(f, { search: "acme" })).nos).toEqual(["INV-4", "INV-3", "INV-1"]);
        expect((await nos(f, { search: "AP-000001" })).nos).toEqual(["INV-2", "INV-1"]);
        const page = await nos(f, { orderBy: [{ property: "invoiceNo", direction: "asc" }], skip: 1, top: 2, count: true });
        expect(page).toEqual({ nos: ["INV-2", "INV-3"], count: 5 });
      });

      it("continues after a keyset position in every order, absent values included, one row per page", async () => {
        const f = await seeded();
        const orders: ReadonlyArray<CollectionQuery["orderBy"]> = [
          undefined,
          [{ property: "invoiceValidationTotal", direction: "asc" }],
          [{ property: "invoiceValidationTotal", direction: "desc" }],
          [{ property: "vendorNo", direction: "desc" }, { property: "sequenceNo", direction: "asc" }],
          [{ property: "poType", direction: "desc" }, { property: "invoiceDate", direction: "desc" }],
        ];
        for (const orderBy of orders) {
          const query: CollectionQuery = orderBy === undefined ? {} : { orderBy };
          const whole = (await nos(f, query)).nos;
          const paged: Array<string> = [];
          let after: CollectionQuery["after"];
          for (;;) {
            const valid = Either.getOrThrowWith(validateCollectionQuery(apInvoiceCatalogue, { ...query, top: 1, ...(after === undefined ? {} : { after }) }), (e) => new Error(e.message));
            const result = await run(f, (s) => s.query(ORG, valid));
            const last = result.rows[0];
            if (last === undefined) break;
            paged.push(last.invoiceNo);
            after = cursorOf(apInvoiceCatalogue, valid, last);
          }
          expect(paged).toEqual(whole);
        }
      });
    });
  });
