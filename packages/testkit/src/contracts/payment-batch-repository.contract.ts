/**
 * The contract every PaymentBatchRepository honours (in-memory, SQLite, PostgreSQL): optimistic
 * versions, `company` + `paymentBatchKey` unique per organization, organizations isolated, states
 * kept exactly (decimals and every status variant included), deletes under the version, paged
 * listing, line look-ups for bank answers, nothing kept from a failed unit of work, and a
 * per-company key sequence that is unique and increasing also under concurrent calls.
 */
import { describe, expect, it } from "vitest";
import { Effect, Option } from "effect";
import {
  Decimal,
  fold,
  ibanWithCheckDigits,
  paymentBatchDecider,
  type OrganizationId,
  type PaymentBatch,
  type PaymentBatchCommand,
  type PaymentBatchEvent,
  type PaymentBatchRepository,
} from "@batch/core";
import { aggregateRepositoryChecks, decidedFixture } from "./aggregate-repository.checks";
import { failureOf, freshFixtures, portRunner, type StoreFixture } from "./store-fixture";

type PaymentBatchStores = { readonly paymentBatches: PaymentBatchRepository };

export type PaymentBatchRepositoryFixture = StoreFixture<PaymentBatchStores>;

export type PaymentBatchRepositoryHarness = () => Promise<PaymentBatchRepositoryFixture>;

const ORG = "org-pay-1" as OrganizationId;
const OTHER_ORG = "org-pay-2" as OrganizationId;
const ACTOR = { id: "7a1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Pat Payer" };
const batchId = (n: number) => `c0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const lineId = (batch: number, line: number) => `d0000000-0000-4000-8000-${(batch * 1000 + line).toString(16).padStart(12, "0")}`;
const endToEndId = (batch: number, line: number) => `e2e${batch}x${line}`;
const at = (minute: number) => new Date(Date.parse("2026-04-01T09:00:00.000Z") + minute * 60_000).toISOString();
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));
const IBAN = ibanWithCheckDigits("DE", "370400440532013000");

export interface PaymentBatchSpec {
  readonly n: number;
  readonly company?: string;
  readonly paymentBatchKey?: number;
  /** Transfer amounts of the lines (EUR). */
  readonly amounts?: ReadonlyArray<string>;
  readonly sourceDocs?: ReadonlyArray<string | undefined>;
  /** Export the lines (they get `endToEndId(n, i)`). */
  readonly exported?: boolean;
  /** Bank answers for the first lines, after the export. */
  readonly statuses?: ReadonlyArray<"Success" | "Error">;
  readonly discarded?: boolean;
}

/** A batch built by the decider, with the events that built it. */
export const paymentBatchFixture = (spec: PaymentBatchSpec): { readonly state: PaymentBatch; readonly events: ReadonlyArray<PaymentBatchEvent> } => {
  const stamp = (k: number) => ({ at: at(spec.n * 10 + k / 100), actor: ACTOR });
  const amounts = spec.amounts ?? [];
  const commands: ReadonlyArray<PaymentBatchCommand> = [
    {
      _tag: "CreatePaymentBatch",
      ...stamp(0),
      id: batchId(spec.n),
      company: spec.company ?? "C1",
      paymentBatchKey: spec.paymentBatchKey ?? spec.n,
      documentDate: "2026-04-02",
      currency: "EUR",
      exchangeRate: dec("1"),
      paymentMethod: "TRF",
      bankAccountType: "01",
      financialAccount: "MAIN",
      note: "April run",
      allowExport: true,
      customAttributes: {},
      definitions: [],
      lines: amounts.map((amount, i) => ({
        id: lineId(spec.n, i),
        party: `Creditor ${i}`,
        sourceDoc: spec.sourceDocs?.[i],
        discountAmount: Decimal.zero,
        withholdedAmount: Decimal.zero,
        transferAmount: dec(amount),
        currency: "EUR",
        iBAN: IBAN,
        customAttributes: {},
      })),
    },
    ...(spec.exported === true
      ? [
          {
            _tag: "ExportPaymentBatch",
            ...stamp(1),
            messageId: `msg${spec.n}`,
            exportTransactionGroupId: `grp${spec.n}`,
            exportTransactionIds: amounts.map((_, i) => endToEndId(spec.n, i)),
            version: "pain.001.001.09",
          } as const,
        ]
      : []),
    ...(spec.statuses ?? []).map((status, i): PaymentBatchCommand => ({ _tag: "SetLineStatus", ...stamp(2 + i), lineId: lineId(spec.n, i), status })),
    ...(spec.discarded === true ? [{ _tag: "DiscardPaymentBatch", ...stamp(90) } as const] : []),
  ];
  const { state, events } = decidedFixture(paymentBatchDecider, commands);
  if (state._tag === "Absent") throw new Error("fixture batch was not created");
  return { state, events };
};

export const paymentBatchRepositoryContract = (name: string, harness: PaymentBatchRepositoryHarness) =>
  describe(`PaymentBatchRepository contract: ${name}`, () => {
    const fresh = freshFixtures(harness);
    const pick = (stores: PaymentBatchStores) => stores.paymentBatches;
    const { run, runExit } = portRunner(pick);
    const aggregate = aggregateRepositoryChecks(pick);
    /** The spec's batch as its first save writes it. */
    const created = (spec: PaymentBatchSpec, orgId: OrganizationId = ORG) => {
      const { state, events } = paymentBatchFixture(spec);
      return { orgId, id: state.id, state, events };
    };
    const saveNew = (f: PaymentBatchRepositoryFixture, spec: PaymentBatchSpec, orgId: OrganizationId = ORG) =>
      run(f, (r) => r.save({ ...created(spec, orgId), expectedVersion: 0 }));

    it("gets nothing for an unknown batch or key", async () => {
      const f = await fresh();
      expect(Option.isNone(await run(f, (r) => r.get(ORG, batchId(1))))).toBe(true);
      expect(Option.isNone(await run(f, (r) => r.getByKey(ORG, "C1", 1)))).toBe(true);
    });

    it("saves a new batch at version 1 and gets it back exactly, by id and by key", async () => {
      const f = await fresh();
      const batch = created({ n: 1, paymentBatchKey: 7, amounts: ["0.1", "0.2", "1234567890.99"], sourceDocs: ["INV-1"] });
      const byId = await aggregate.savedExactly(f, batch);
      expect(Decimal.format(byId.state.totalAmount)).toBe("1234567891.29");
      expect(Option.getOrThrow(await run(f, (r) => r.getByKey(ORG, "C1", 7)))).toEqual({ state: batch.state, version: 1 });
    });

    it("keeps every status variant exactly", async () => {
      const f = await fresh();
      const specs: ReadonlyArray<PaymentBatchSpec> = [
        { n: 2, amounts: ["5"], exported: true },
        { n: 3, amounts: ["5", "6"], exported: true, statuses: ["Error"] },
        { n: 4, amounts: ["5", "6"], exported: true, statuses: ["Error", "Success"] },
        { n: 5, amounts: ["5"], exported: true, statuses: ["Success"] },
        { n: 6, amounts: ["5"], exported: true, discarded: true },
      ];
      for (const spec of specs) await aggregate.savedExactly(f, created(spec));
      const tags = await run(f, (r) => Effect.forEach(specs, (s) => r.get(ORG, batchId(s.n))));
      expect(tags.map((t) => Option.getOrThrow(t).state._tag)).toEqual([
        "Submitted",
        "PartiallyCompleted",
        "FinishedWithErrors",
        "FinishedWithoutErrors",
        "Discarded",
      ]);
    });

    it("saves the next state at the loaded version and refuses a stale version, writing nothing", async () => {
      const f = await fresh();
      const exported = paymentBatchFixture({ n: 1, amounts: ["5"], exported: true });
      await aggregate.optimisticSaves(f, created({ n: 1, amounts: ["5"] }), { state: exported.state, events: exported.events.slice(1) });
      expect(exported.state._tag).toBe("Submitted");
    });

    it("refuses to create a batch whose id exists, in any organization", async () => {
      const f = await fresh();
      await saveNew(f, { n: 1, paymentBatchKey: 1 });
      const again = paymentBatchFixture({ n: 1, paymentBatchKey: 2 });
      const same = await runExit(f, (r) => r.save({ orgId: ORG, id: batchId(1), state: again.state, events: again.events, expectedVersion: 0 }));
      expect(failureOf(same)?._tag).toBe("Store.VersionConflict");
      const other = await runExit(f, (r) => r.save({ orgId: OTHER_ORG, id: batchId(1), state: again.state, events: again.events, expectedVersion: 0 }));
      expect(failureOf(other)?._tag).toBe("Store.VersionConflict");
      expect(Option.getOrThrow(await run(f, (r) => r.get(ORG, batchId(1)))).state.paymentBatchKey).toBe(1);
    });

    it("keeps company + paymentBatchKey unique per organization, and only per organization", async () => {
      const f = await fresh();
      await saveNew(f, { n: 1, company: "C1", paymentBatchKey: 1 });
      const taken = await runExit(f, (r) => {
        const { state, events } = paymentBatchFixture({ n: 2, company: "C1", paymentBatchKey: 1 });
        return r.save({ orgId: ORG, id: state.id, state, events, expectedVersion: 0 });
      });
      expect(failureOf(taken)).toMatchObject({ _tag: "Store.UniqueConflict", constraint: "payment_batches.company_key" });
      expect(Option.isNone(await run(f, (r) => r.get(ORG, batchId(2))))).toBe(true);
      expect(await saveNew(f, { n: 2, company: "C2", paymentBatchKey: 1 })).toBe(1);
      expect(await saveNew(f, { n: 3, company: "C1", paymentBatchKey: 1 }, OTHER_ORG)).toBe(1);
    });

    it("follows a company change: the batch is found under its new key only", async () => {
      const f = await fresh();
      const { state, events } = paymentBatchFixture({ n: 1, company: "C1", paymentBatchKey: 4 });
      await run(f, (r) => r.save({ orgId: ORG, id: state.id, state, events, expectedVersion: 0 }));
      const moved = fold(paymentBatchDecider.evolve, state, [{ _tag: "CompanyChanged", at: at(100), actor: ACTOR, company: "C2", paymentBatchKey: 1 }]);
      if (moved._tag === "Absent") throw new Error("moved batch vanished");
      await run(f, (r) => r.save({ orgId: ORG, id: state.id, state: moved, events: [], expectedVersion: 1 }));
      expect(Option.isNone(await run(f, (r) => r.getByKey(ORG, "C1", 4)))).toBe(true);
      expect(Option.getOrThrow(await run(f, (r) => r.getByKey(ORG, "C2", 1))).state.id).toBe(state.id);
    });

    it("never shows a batch or its lines to another organization", async () => {
      const f = await fresh();
      const batch = created({ n: 1, amounts: ["5"], sourceDocs: ["INV-1"], exported: true });
      await run(f, (r) => r.save({ ...batch, expectedVersion: 0 }));
      await aggregate.hiddenFrom(f, OTHER_ORG, batch);
      expect(Option.isNone(await run(f, (r) => r.getByKey(OTHER_ORG, "C1", 1)))).toBe(true);
      expect((await run(f, (r) => r.list(OTHER_ORG, { page: 1, pageSize: 10 }))).totalItems).toBe(0);
      expect(Option.isNone(await run(f, (r) => r.findLineByExportTransactionId(OTHER_ORG, endToEndId(1, 0))))).toBe(true);
      expect(await run(f, (r) => r.findExportedLinesBySourceDoc(OTHER_ORG, "INV-1"))).toEqual([]);
      const del = await runExit(f, (r) => r.delete(OTHER_ORG, batchId(1), 1));
      expect(failureOf(del)?._tag).toBe("Store.VersionConflict");
      expect(Option.isSome(await run(f, (r) => r.get(ORG, batchId(1))))).toBe(true);
    });

    it("deletes a batch at its version only", async () => {
      const f = await fresh();
      await saveNew(f, { n: 1, amounts: ["5"] });
      expect(failureOf(await runExit(f, (r) => r.delete(ORG, batchId(1), 2)))?._tag).toBe("Store.VersionConflict");
      expect(failureOf(await runExit(f, (r) => r.delete(ORG, batchId(9), 1)))?._tag).toBe("Store.VersionConflict");
      await run(f, (r) => r.delete(ORG, batchId(1), 1));
      expect(Option.isNone(await run(f, (r) => r.get(ORG, batchId(1))))).toBe(true);
      expect(Option.isNone(await run(f, (r) => r.getByKey(ORG, "C1", 1)))).toBe(true);
      expect(await saveNew(f, { n: 2, paymentBatchKey: 1 })).toBe(1);
    });

    it("lists by company, then key, in pages from 1", async () => {
      const f = await fresh();
      const specs = [
        { n: 1, company: "C2", paymentBatchKey: 1 },
        { n: 2, company: "C1", paymentBatchKey: 10 },
        { n: 3, company: "C1", paymentBatchKey: 2 },
        { n: 4, company: "C3", paymentBatchKey: 1 },
        { n: 5, company: "C1", paymentBatchKey: 3 },
      ];
      for (const spec of specs) await saveNew(f, spec);
      const pages = await run(f, (r) => Effect.forEach([1, 2, 3, 4], (page) => r.list(ORG, { page, pageSize: 2 })));
      expect(pages.map((p) => p.items.map((v) => `${v.state.company}/${v.state.paymentBatchKey}`))).toEqual([
        ["C1/2", "C1/3"],
        ["C1/10", "C2/1"],
        ["C3/1"],
        [],
      ]);
      expect(pages.map((p) => [p.page, p.pageSize, p.totalItems])).toEqual([
        [1, 2, 5],
        [2, 2, 5],
        [3, 2, 5],
        [4, 2, 5],
      ]);
      expect(pages[0]?.items[0]?.version).toBe(1);
    });

    it("finds an exported line by its exportTransactionId, and exported lines by sourceDoc", async () => {
      const f = await fresh();
      await saveNew(f, { n: 1, amounts: ["5", "6", "7"], sourceDocs: ["INV-1", "INV-2", "INV-1"], exported: true });
      await saveNew(f, { n: 2, amounts: ["8"], sourceDocs: ["INV-1"] });
      await saveNew(f, { n: 3, amounts: ["9"], sourceDocs: ["INV-1"], exported: true, discarded: true });
      expect(Option.getOrThrow(await run(f, (r) => r.findLineByExportTransactionId(ORG, endToEndId(1, 1))))).toEqual({
        paymentBatchId: batchId(1),
        lineId: lineId(1, 1),
      });
      expect(Option.isNone(await run(f, (r) => r.findLineByExportTransactionId(ORG, "nope")))).toBe(true);
      expect(await run(f, (r) => r.findExportedLinesBySourceDoc(ORG, "INV-1"))).toEqual([
        { paymentBatchId: batchId(1), lineId: lineId(1, 0) },
        { paymentBatchId: batchId(1), lineId: lineId(1, 2) },
        { paymentBatchId: batchId(3), lineId: lineId(3, 0) },
      ]);
      expect(await run(f, (r) => r.findExportedLinesBySourceDoc(ORG, "INV-9"))).toEqual([]);
    });

    it("finds the exported lines of a payment information block, in line order, in its organization only", async () => {
      const f = await fresh();
      await saveNew(f, { n: 1, amounts: ["5", "6", "7"], exported: true });
      await saveNew(f, { n: 2, amounts: ["8"], exported: true });
      await saveNew(f, { n: 3, amounts: ["9"] });
      expect(await run(f, (r) => r.findExportedLinesByGroup(ORG, "grp1"))).toEqual([0, 1, 2].map((i) => ({ paymentBatchId: batchId(1), lineId: lineId(1, i) })));
      expect(await run(f, (r) => r.findExportedLinesByGroup(ORG, "grp2"))).toEqual([{ paymentBatchId: batchId(2), lineId: lineId(2, 0) }]);
      expect(await run(f, (r) => r.findExportedLinesByGroup(ORG, "grp3"))).toEqual([]);
      expect(await run(f, (r) => r.findExportedLinesByGroup(OTHER_ORG, "grp1"))).toEqual([]);
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const f = await fresh();
      await aggregate.nothingKeptOnFailure(f, created({ n: 1, amounts: ["5"] }));
    });

    it("payment batch keys are unique and increasing per company", async () => {
      const f = await fresh();
      const next = (orgId: OrganizationId, company: string) => run(f, (r) => r.nextPaymentBatchKey(orgId, company));
      expect([await next(ORG, "C1"), await next(ORG, "C1"), await next(ORG, "C2"), await next(ORG, "C1"), await next(OTHER_ORG, "C1")]).toEqual([
        1, 2, 1, 3, 1,
      ]);
      const concurrent = await Effect.runPromise(
        Effect.all(
          Array.from({ length: 24 }, (_, i) => f.uow.run(({ paymentBatches }) => paymentBatches.nextPaymentBatchKey(ORG, i % 2 === 0 ? "C1" : "C3"))),
          { concurrency: "unbounded" },
        ),
      );
      const c1 = concurrent.filter((_, i) => i % 2 === 0);
      const c3 = concurrent.filter((_, i) => i % 2 === 1);
      expect(new Set(c1).size).toBe(12);
      expect(new Set(c3).size).toBe(12);
      expect(Math.min(...c1)).toBeGreaterThan(3);
      expect([...c3].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(await next(ORG, "C1")).toBeGreaterThan(Math.max(...c1));
      expect(await next(ORG, "C3")).toBe(13);
    });
  });
