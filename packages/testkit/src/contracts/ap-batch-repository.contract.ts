/**
 * The contract every ApBatchRepository honours (in-memory, SQLite, PostgreSQL): optimistic
 * versions, `batchNo` unique per organization, organizations isolated, a per-organization
 * batch-number sequence, states kept exactly (decimals included), nothing kept from a failed unit
 * of work, and the collection-query semantics of @batch/core's collection-query.ts.
 */
import { describe, expect, it } from "vitest";
import { Effect, Either, Option } from "effect";
import {
  AP_BATCH_NO_CONSTRAINT,
  apBatchCatalogue,
  apBatchDecider,
  Decimal,
  Filter,
  FilterLiteral,
  validateCollectionQuery,
  type ApBatchCommand,
  type ApBatchEvent,
  type ApBatchRepository,
  type CollectionQuery,
  type ExistingApBatch,
  type OrganizationId,
} from "@batch/core";
import { aggregateRepositoryChecks, decidedFixture } from "./aggregate-repository.checks";
import { failureOf, freshFixtures, portRunner, type StoreFixture } from "./store-fixture";

type ApBatchStores = { readonly apBatches: ApBatchRepository };

export type ApBatchRepositoryFixture = StoreFixture<ApBatchStores>;

export type ApBatchRepositoryHarness = () => Promise<ApBatchRepositoryFixture>;

const ORG = "org-ap-1" as OrganizationId;
const OTHER_ORG = "org-ap-2" as OrganizationId;
const ACTOR = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Ada Admin" };
const id = (n: number) => `a0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const invoiceId = (n: number) => `b0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const at = (minute: number) => new Date(Date.parse("2026-03-01T10:00:00.000Z") + minute * 60_000).toISOString();
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

interface BatchSpec {
  readonly n: number;
  readonly batchNo: string;
  readonly reference?: string;
  readonly totals?: ReadonlyArray<string | undefined>;
  readonly status?: "Open" | "Queued" | "Exported";
  readonly minute?: number;
}

/** A batch built by the decider, with the events that built it. */
export const apBatchFixture = (spec: BatchSpec): { readonly state: ExistingApBatch; readonly events: ReadonlyArray<ApBatchEvent> } => {
  const apBatchId = id(spec.n);
  const minute = spec.minute ?? spec.n;
  const stamp = (k: number) => ({ apBatchId, at: at(minute + k / 100), actor: ACTOR });
  const commands: ReadonlyArray<ApBatchCommand> = [
    { _tag: "Create", ...stamp(0), batchNo: spec.batchNo, ...(spec.reference === undefined ? {} : { reference: spec.reference }) },
    ...(spec.totals ?? []).map(
      (total, i): ApBatchCommand => ({
        _tag: "AddInvoice",
        ...stamp(1 + i),
        invoice: {
          apMatchedInvoiceId: invoiceId(spec.n * 100 + i),
          matchedInvoiceStatus: "Vouchered",
          ...(total === undefined ? {} : { invoiceValidationTotal: dec(total) }),
        },
      }),
    ),
    ...(spec.status === "Queued" ? [{ _tag: "SubmitToQueued", ...stamp(50) } as const] : []),
    ...(spec.status === "Exported" ? [{ _tag: "Export", ...stamp(60), outboundBatchId: id(1000 + spec.n) } as const] : []),
  ];
  const { state, events } = decidedFixture(apBatchDecider, commands);
  if (state._tag === "Absent") throw new Error("fixture batch was not created");
  return { state, events };
};

export const apBatchRepositoryContract = (name: string, harness: ApBatchRepositoryHarness) =>
  describe(`ApBatchRepository contract: ${name}`, () => {
    const fresh = freshFixtures(harness);
    const pick = (stores: ApBatchStores) => stores.apBatches;
    const { run, runExit } = portRunner(pick);
    const aggregate = aggregateRepositoryChecks(pick);
    /** The spec's batch as its first save writes it. */
    const created = (spec: BatchSpec, orgId: OrganizationId = ORG) => {
      const { state, events } = apBatchFixture(spec);
      return { orgId, id: state.apBatchId, state, events };
    };
    const saveNew = (f: ApBatchRepositoryFixture, spec: BatchSpec, orgId: OrganizationId = ORG) => run(f, (r) => r.save({ ...created(spec, orgId), expectedVersion: 0 }));

    it("gets nothing for an unknown batch", async () => {
      const f = await fresh();
      expect(Option.isNone(await run(f, (r) => r.get(ORG, id(1))))).toBe(true);
    });

    it("saves a new batch at version 1 and gets it back exactly", async () => {
      const f = await fresh();
      const got = await aggregate.savedExactly(f, created({ n: 1, batchNo: "B-1", reference: "March run", totals: ["0.1", "0.2", undefined, "-1234567890123.4567"] }));
      expect(got.state._tag === "Absent" ? undefined : Decimal.format(got.state.batchTotal)).toBe("-1234567890123.1567");
    });

    it("keeps every variant exactly: Queued, and Exported with its export date and outbound batch", async () => {
      const f = await fresh();
      for (const spec of [
        { n: 2, batchNo: "B-2", status: "Queued" as const, totals: ["5"] },
        { n: 3, batchNo: "B-3", status: "Exported" as const, totals: ["7.25", "0.75"] },
      ]) {
        await aggregate.savedExactly(f, created(spec));
      }
    });

    it("saves the next state at the loaded version and refuses a stale version, writing nothing", async () => {
      const f = await fresh();
      const queued = apBatchFixture({ n: 1, batchNo: "B-1", status: "Queued" });
      await aggregate.optimisticSaves(f, created({ n: 1, batchNo: "B-1" }), { state: queued.state, events: queued.events.slice(1) });
    });

    it("refuses to create a batch whose id exists (expectedVersion 0)", async () => {
      const f = await fresh();
      await saveNew(f, { n: 1, batchNo: "B-1" });
      const again = apBatchFixture({ n: 1, batchNo: "B-9" });
      const exit = await runExit(f, (r) => r.save({ orgId: ORG, id: id(1), state: again.state, events: again.events, expectedVersion: 0 }));
      expect(failureOf(exit)?._tag).toBe("Store.VersionConflict");
      expect(Option.getOrThrow(await run(f, (r) => r.get(ORG, id(1)))).state).toMatchObject({ batchNo: "B-1" });
    });

    it("keeps batchNo unique per organization, and only per organization", async () => {
      const f = await fresh();
      await saveNew(f, { n: 1, batchNo: "B-1" });
      const exit = await runExit(f, (r) => {
        const { state, events } = apBatchFixture({ n: 2, batchNo: "B-1" });
        return r.save({ orgId: ORG, id: id(2), state, events, expectedVersion: 0 });
      });
      expect(failureOf(exit)).toMatchObject({
        _tag: "Store.UniqueConflict",
        constraint: AP_BATCH_NO_CONSTRAINT,
      });
      expect(Option.isNone(await run(f, (r) => r.get(ORG, id(2))))).toBe(true);
      expect(await saveNew(f, { n: 2, batchNo: "B-1" }, OTHER_ORG)).toBe(1);
      expect(await saveNew(f, { n: 3, batchNo: "b-1" })).toBe(1);
    });

    it("finds a batch by its exact batchNo in its organization only", async () => {
      const f = await fresh();
      await saveNew(f, { n: 1, batchNo: "B-1" });
      const found = Option.getOrThrow(await run(f, (r) => r.findByBatchNo(ORG, "B-1")));
      expect(found.state).toMatchObject({ apBatchId: id(1) });
      expect(found.version).toBe(1);
      expect(Option.isNone(await run(f, (r) => r.findByBatchNo(ORG, "b-1")))).toBe(true);
      expect(Option.isNone(await run(f, (r) => r.findByBatchNo(OTHER_ORG, "B-1")))).toBe(true);
    });

    it("never shows a batch to another organization", async () => {
      const f = await fresh();
      const batch = created({ n: 1, batchNo: "B-1" });
      await run(f, (r) => r.save({ ...batch, expectedVersion: 0 }));
      await aggregate.hiddenFrom(f, OTHER_ORG, batch);
      expect((await run(f, (r) => r.query(OTHER_ORG, { count: true }))).count).toBe(0);
    });

    it("numbers batches 1, 2, 3 per organization", async () => {
      const f = await fresh();
      expect(await run(f, (r) => Effect.all([r.nextBatchNumber(ORG), r.nextBatchNumber(ORG), r.nextBatchNumber(OTHER_ORG)]))).toEqual([1, 2, 1]);
      expect(await run(f, (r) => r.nextBatchNumber(ORG))).toBe(3);
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const f = await fresh();
      await aggregate.nothingKeptOnFailure(f, created({ n: 1, batchNo: "B-1" }));
      expect(Option.isNone(await run(f, (r) => r.findByBatchNo(ORG, "B-1")))).toBe(true);
    });

    describe("query", () => {
      const specs: ReadonlyArray<BatchSpec> = [
        { n: 1, batchNo: "B-001", reference: "March payables", totals: ["0.1", "0.2"], minute: 5 },
        { n: 2, batchNo: "B-002", totals: ["100"], status: "Queued", minute: 1 },
        { n: 3, batchNo: "X-003", reference: "march extras", totals: ["0.3"], status: "Exported", minute: 3 },
        { n: 4, batchNo: "B-004", reference: "Ünïcode ✓", minute: 3 },
        { n: 5, batchNo: "B-005", totals: ["100"], minute: 2 },
      ];
      const seeded = async () => {
        const f = await fresh();
        for (const spec of specs) await saveNew(f, spec);
        await saveNew(f, { n: 9, batchNo: "B-001", reference: "March payables" }, OTHER_ORG);
        return f;
      };
      const ids = async (f: ApBatchRepositoryFixture, query: CollectionQuery) => {
        const valid = Either.getOrThrowWith(validateCollectionQuery(apBatchCatalogue, query), (e) => new Error(e.message));
        const result = await run(f, (r) => r.query(ORG, valid));
        return { ids: result.rows.map((row) => Number.parseInt(row.apBatchId.slice(-12), 16)), count: result.count, rows: result.rows };
      };
      const S = FilterLiteral.string;

      it("lists the organization's batches as seed views, by dateCreated then id when unordered", async () => {
        const f = await seeded();
        const { ids: order, rows, count } = await ids(f, {});
        expect(order).toEqual([2, 5, 3, 4, 1]);
        expect(count).toBeUndefined();
        const first = rows.find((row) => row.batchNo === "B-001");
        expect(first).toMatchObject({ batchStatusId: 1, batchStatus: "Open", invoiceCount: 2, isScheduledExporting: false, reference: "March payables" });
        expect(first && Decimal.format(first.batchTotal)).toBe("0.3");
        expect(rows.find((row) => row.batchNo === "X-003")).toMatchObject({ batchStatusId: 3, lastExportDate: expect.any(String) });
      });

      it("filters with eq, ne, contains, startswith, endswith, and, or, not", async () => {
        const f = await seeded();
        expect((await ids(f, { filter: Filter.eq("batchNo", S("B-002")) })).ids).toEqual([2]);
        expect((await ids(f, { filter: Filter.startsWith("batchNo", "B-00") })).ids).toEqual([2, 5, 4, 1]);
        expect((await ids(f, { filter: Filter.endsWith("batchNo", "3") })).ids).toEqual([3]);
        expect((await ids(f, { filter: Filter.contains("reference", "arch") })).ids).toEqual([3, 1]);
        expect((await ids(f, { filter: Filter.contains("reference", "March") })).ids).toEqual([1]);
        expect((await ids(f, { filter: Filter.and(Filter.startsWith("batchNo", "B"), Filter.eq("batchStatusId", FilterLiteral.number(dec("2")))) })).ids).toEqual([2]);
        expect((await ids(f, { filter: Filter.or(Filter.eq("batchStatus", S("Exported")), Filter.eq("isScheduledExporting", FilterLiteral.boolean(true))) })).ids).toEqual([2, 3]);
        expect((await ids(f, { filter: Filter.not(Filter.startsWith("batchNo", "B")) })).ids).toEqual([3]);
      });

      it("treats absent values with two-valued logic", async () => {
        const f = await seeded();
        expect((await ids(f, { filter: Filter.eq("reference", FilterLiteral.null) })).ids).toEqual([2, 5]);
        expect((await ids(f, { filter: Filter.ne("reference", FilterLiteral.null) })).ids).toEqual([3, 4, 1]);
        expect((await ids(f, { filter: Filter.ne("reference", S("March payables")) })).ids).toEqual([2, 5, 3, 4]);
        expect((await ids(f, { filter: Filter.not(Filter.contains("reference", "arch")) })).ids).toEqual([2, 5, 4]);
        expect((await ids(f, { filter: Filter.eq("lastExportDate", FilterLiteral.null) })).ids).toEqual([2, 5, 4, 1]);
      });

      it("compares decimals exactly, GUIDs without case and date-times as instants", async () => {
        const f = await seeded();
        expect((await ids(f, { filter: Filter.eq("batchTotal", FilterLiteral.number(dec("0.30"))) })).ids).toEqual([3, 1]);
        expect((await ids(f, { filter: Filter.eq("apBatchId", FilterLiteral.guid(id(4).toUpperCase())) })).ids).toEqual([4]);
        expect((await ids(f, { filter: Filter.eq("dateCreated", FilterLiteral.dateTime("2026-03-01T12:02:00+02:00")) })).ids).toEqual([5]);
        expect((await ids(f, { filter: Filter.eq("createdBy", S(ACTOR.id)) })).ids).toHaveLength(5);
      });

      it("orders by up to five properties, absent values first ascending, ties by id", async () => {
        const f = await seeded();
        expect((await ids(f, { orderBy: [{ property: "batchTotal", direction: "desc" }] })).ids).toEqual([2, 5, 1, 3, 4]);
        expect((await ids(f, { orderBy: [{ property: "batchTotal", direction: "asc" }] })).ids).toEqual([4, 1, 3, 2, 5]);
        expect((await ids(f, { orderBy: [{ property: "reference", direction: "asc" }] })).ids).toEqual([2, 5, 1, 3, 4]);
        expect((await ids(f, { orderBy: [{ property: "reference", direction: "desc" }] })).ids).toEqual([4, 3, 1, 2, 5]);
        expect(
          (await ids(f, { orderBy: [{ property: "batchStatusId", direction: "desc" }, { property: "batchNo", direction: "desc" }] })).ids,
        ).toEqual([3, 2, 5, 4, 1]);
      });

      it("searches every string property without case", async () => {
        const f = await seeded();
        expect((await ids(f, { search: "MARCH" })).ids).toEqual([3, 1]);
        expect((await ids(f, { search: "x-00" })).ids).toEqual([3]);
        expect((await ids(f, { search: "ünï" })).ids).toEqual([4]);
        expect((await ids(f, { search: "ada admin" })).ids).toHaveLength(5);
        expect((await ids(f, { search: "nothing like it" })).ids).toEqual([]);
      });

      it("pages with skip and top after ordering, counting every match", async () => {
        const f = await seeded();
        const page = await ids(f, { filter: Filter.startsWith("batchNo", "B"), skip: 1, top: 2, count: true });
        expect(page.ids).toEqual([5, 4]);
        expect(page.count).toBe(4);
        expect((await ids(f, { top: 0, count: true })).count).toBe(5);
        expect((await ids(f, { skip: 10 })).ids).toEqual([]);
      });
    });
  });
