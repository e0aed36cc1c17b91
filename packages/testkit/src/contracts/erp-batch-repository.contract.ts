/**
 * The contract every ErpBatchRepository honours (in-memory, SQLite, PostgreSQL): optimistic
 * versions, `clientRefId` + `referenceId` unique per organization among inbound batches,
 * organizations isolated, every state kept exactly, listings filtered and paged in a stable
 * order, the outbound pick-up queue, and nothing kept from a failed unit of work.
 */
import { describe, expect, it } from "vitest";
import { Option } from "effect";
import {
  ERP_BATCH_CLIENT_REFERENCE_CONSTRAINT,
  erpBatchDecider,
  erpBatchStatusOf,
  type ErpBatchCommand,
  type ErpBatchEvent,
  type ErpBatchRepository,
  type ErpBatchStatus,
  type ExistingErpBatch,
  type OrganizationId,
  type PayloadObjectType,
} from "@batch/core";
import { aggregateRepositoryChecks, decidedFixture } from "./aggregate-repository.checks";
import { failureOf, freshFixtures, portRunner, type StoreFixture } from "./store-fixture";

type ErpBatchStores = { readonly erpBatches: ErpBatchRepository };

export type ErpBatchRepositoryFixture = StoreFixture<ErpBatchStores>;

export type ErpBatchRepositoryHarness = () => Promise<ErpBatchRepositoryFixture>;

const ORG = "org-erp-1" as OrganizationId;
const OTHER_ORG = "org-erp-2" as OrganizationId;
const ACTOR = { id: "7a1e0c1a-3b2d-4c5e-8f70-112233445566", name: "ERP client" };
const DIGEST = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";
export const erpBatchIdOf = (n: number) => `c0000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
const at = (minute: number) => new Date(Date.parse("2026-03-01T10:00:00.000Z") + minute * 60_000).toISOString();

export interface ErpBatchSpec {
  readonly n: number;
  readonly status: ErpBatchStatus;
  readonly direction?: "INBOUND" | "OUTBOUND";
  readonly orgId?: OrganizationId;
  readonly clientRefId?: string;
  readonly referenceId?: string;
  readonly payloadObjectType?: PayloadObjectType;
  readonly totalLineItemCount?: number;
  /** Minutes after the base time at which it is created (defaults to n). */
  readonly minute?: number;
}

/** A batch in the given status, built by the decider, with the events that built it. */
export const erpBatchFixture = (spec: ErpBatchSpec): { readonly state: ExistingErpBatch; readonly events: ReadonlyArray<ErpBatchEvent> } => {
  const batchId = erpBatchIdOf(spec.n);
  const minute = spec.minute ?? spec.n;
  const stamp = (k: number) => ({ batchId, at: at(minute + k / 100), actor: ACTOR });
  const orgId = spec.orgId ?? ORG;
  const payloadObjectType = spec.payloadObjectType ?? "COMPANY";
  const commands: Array<ErpBatchCommand> = [];
  if (spec.direction === "OUTBOUND") {
    commands.push({ _tag: "EmitOutbound", ...stamp(0), orgId, payloadObjectType, itemCount: 3 });
    if (spec.status === "PARTIAL_PENDING") commands.push({ _tag: "AcknowledgeItems", ...stamp(1), itemNumbers: [2] });
    if (spec.status === "COMPLETE_SUCCESS") commands.push({ _tag: "AcknowledgeItems", ...stamp(1) });
  } else {
    commands.push({
      _tag: "CreateForBlockTransfer",
      ...stamp(0),
      orgId,
      clientRefId: spec.clientRefId ?? `client-${spec.n}`,
      referenceId: spec.referenceId ?? `ref-${spec.n}`,
      payloadObjectType,
      format: "JSON",
      totalPayloadSize: 5,
      ...(spec.totalLineItemCount === undefined ? {} : { totalLineItemCount: spec.totalLineItemCount }),
      settings: { dataBlockSize: 3, maxPayloadSize: 100 },
    });
    const receiving = ["QUEUED", "PROCESSING", "COMPLETE_SUCCESS", "COMPLETE_WITH_ERRORS", "FAILED"].includes(spec.status);
    if (receiving) {
      commands.push({ _tag: "ReceiveBlock", ...stamp(1), blockNumber: 2, size: 2, digest: DIGEST });
      commands.push({ _tag: "ReceiveBlock", ...stamp(2), blockNumber: 1, size: 3, digest: DIGEST });
    }
    if (receiving && spec.status !== "QUEUED") commands.push({ _tag: "StartProcessing", ...stamp(3) });
    const total = spec.totalLineItemCount ?? 2;
    if (spec.status === "COMPLETE_SUCCESS") commands.push({ _tag: "CompleteProcessing", ...stamp(4), itemCounts: { total, succeeded: total, failed: 0 } });
    if (spec.status === "COMPLETE_WITH_ERRORS") {
      commands.push({ _tag: "CompleteProcessing", ...stamp(4), itemCounts: { total, succeeded: total - 1, failed: 1 } });
    }
    if (spec.status === "FAILED") {
      commands.push({ _tag: "FailProcessing", ...stamp(4), reason: "PayloadMalformed", errors: [{ field: "", message: "the payload is not JSON" }] });
    }
    if (spec.status === "RECEIVING") commands.push({ _tag: "ReceiveBlock", ...stamp(1), blockNumber: 2, size: 2, digest: DIGEST });
    if (spec.status === "CANCELLED") commands.push({ _tag: "CancelBatch", ...stamp(1) });
  }
  const { state, events } = decidedFixture(erpBatchDecider, commands);
  if (state._tag === "Absent" || erpBatchStatusOf(state) !== spec.status) throw new Error(`fixture did not reach ${spec.status}`);
  return { state, events };
};

export const erpBatchRepositoryContract = (name: string, harness: ErpBatchRepositoryHarness): void => {
  describe(`ErpBatchRepository contract: ${name}`, () => {
    const setUp = freshFixtures(harness);
    const pick = (stores: ErpBatchStores) => stores.erpBatches;
    const { run, runExit } = portRunner(pick);
    const aggregate = aggregateRepositoryChecks(pick);
    /** The spec's batch as its first save writes it. */
    const created = (spec: ErpBatchSpec) => {
      const { state, events } = erpBatchFixture(spec);
      return { orgId: spec.orgId ?? ORG, id: state.batchId, state, events };
    };
    const insert = (f: ErpBatchRepositoryFixture, spec: ErpBatchSpec) => {
      const batch = created(spec);
      return run(f, (repo) => repo.save({ ...batch, expectedVersion: 0 })).then(() => batch.state);
    };

    it("gets nothing for an unknown batch", async () => {
      const f = await setUp();
      expect(Option.isNone(await run(f, (repo) => repo.get(ORG, erpBatchIdOf(404))))).toBe(true);
    });

    it("keeps every state exactly, at version 1 after the first save", async () => {
      const f = await setUp();
      const specs: ReadonlyArray<ErpBatchSpec> = [
        { n: 1, status: "AWAITING_DATA" },
        { n: 2, status: "RECEIVING", totalLineItemCount: 2 },
        { n: 3, status: "QUEUED" },
        { n: 4, status: "PROCESSING" },
        { n: 5, status: "COMPLETE_SUCCESS" },
        { n: 6, status: "COMPLETE_WITH_ERRORS", totalLineItemCount: 3 },
        { n: 7, status: "FAILED" },
        { n: 8, status: "CANCELLED" },
        { n: 9, status: "PENDING", direction: "OUTBOUND" },
        { n: 10, status: "PARTIAL_PENDING", direction: "OUTBOUND" },
        { n: 11, status: "COMPLETE_SUCCESS", direction: "OUTBOUND" },
      ];
      for (const spec of specs) await aggregate.savedExactly(f, created(spec));
    });

    it("saves a new version only from the version it was loaded at", async () => {
      const f = await setUp();
      const after = erpBatchFixture({ n: 1, status: "RECEIVING" });
      await aggregate.optimisticSaves(f, created({ n: 1, status: "AWAITING_DATA" }), { state: after.state, events: after.events.slice(1) });
    });

    it("keeps clientRefId + referenceId unique per organization among inbound batches", async () => {
      const f = await setUp();
      await insert(f, { n: 1, status: "AWAITING_DATA", clientRefId: "sap", referenceId: "r1" });
      const duplicate = erpBatchFixture({ n: 2, status: "AWAITING_DATA", clientRefId: "sap", referenceId: "r1" });
      const exit = await runExit(f, (repo) => repo.save({ orgId: ORG, id: duplicate.state.batchId, state: duplicate.state, events: duplicate.events, expectedVersion: 0 }));
      expect(failureOf(exit)).toMatchObject({ _tag: "Store.UniqueConflict", constraint: ERP_BATCH_CLIENT_REFERENCE_CONSTRAINT });
      expect(Option.isNone(await run(f, (repo) => repo.get(ORG, duplicate.state.batchId)))).toBe(true);
      // Another reference, or the same in another organization, is free.
      await insert(f, { n: 3, status: "AWAITING_DATA", clientRefId: "sap", referenceId: "r2" });
      await insert(f, { n: 4, status: "AWAITING_DATA", clientRefId: "sap", referenceId: "r1", orgId: OTHER_ORG });
      // The holder itself saves again under its own reference.
      const received = erpBatchFixture({ n: 1, status: "RECEIVING", clientRefId: "sap", referenceId: "r1" });
      expect(await run(f, (repo) => repo.save({ orgId: ORG, id: received.state.batchId, state: received.state, events: [], expectedVersion: 1 }))).toBe(2);
    });

    it("finds an inbound batch by its client reference, in its organization only", async () => {
      const f = await setUp();
      const state = await insert(f, { n: 1, status: "RECEIVING", clientRefId: "sap", referenceId: "r1" });
      const found = await run(f, (repo) => repo.findByClientReference(ORG, "sap", "r1"));
      expect(Option.getOrThrow(found)).toEqual({ state, version: 1 });
      expect(Option.isNone(await run(f, (repo) => repo.findByClientReference(ORG, "sap", "r2")))).toBe(true);
      expect(Option.isNone(await run(f, (repo) => repo.findByClientReference(OTHER_ORG, "sap", "r1")))).toBe(true);
    });

    it("never shows one organization's batches to another", async () => {
      const f = await setUp();
      const mine = created({ n: 1, status: "AWAITING_DATA" });
      await run(f, (repo) => repo.save({ ...mine, expectedVersion: 0 }));
      await insert(f, { n: 2, status: "PENDING", direction: "OUTBOUND", orgId: OTHER_ORG });
      await aggregate.hiddenFrom(f, OTHER_ORG, mine, created({ n: 1, status: "AWAITING_DATA", orgId: OTHER_ORG }));
      const listed = await run(f, (repo) => repo.list(OTHER_ORG, { limit: 10 }));
      expect(listed.items.map((b) => b.batchId)).toEqual([erpBatchIdOf(2)]);
      expect(await run(f, (repo) => repo.listOutboundPending(ORG))).toEqual([]);
    });

    it("lists newest first, filtered by status, type, client reference and direction", async () => {
      const f = await setUp();
      await insert(f, { n: 1, status: "AWAITING_DATA", clientRefId: "sap", payloadObjectType: "COMPANY", minute: 1 });
      await insert(f, { n: 2, status: "QUEUED", clientRefId: "sap", payloadObjectType: "COMPANY_CODE", minute: 2 });
      await insert(f, { n: 3, status: "QUEUED", clientRefId: "oracle", payloadObjectType: "COMPANY", minute: 3 });
      await insert(f, { n: 4, status: "PENDING", direction: "OUTBOUND", payloadObjectType: "INVOICE", minute: 4 });
      await insert(f, { n: 5, status: "COMPLETE_SUCCESS", direction: "OUTBOUND", payloadObjectType: "INVOICE", minute: 4 });
      const ids = async (query: Parameters<ErpBatchRepository["list"]>[1]) => (await run(f, (repo) => repo.list(ORG, query))).items.map((b) => b.batchId);
      // Same createdAt: the larger batchId first.
      expect(await ids({ limit: 10 })).toEqual([5, 4, 3, 2, 1].map(erpBatchIdOf));
      expect(await ids({ limit: 10, status: "QUEUED" })).toEqual([3, 2].map(erpBatchIdOf));
      expect(await ids({ limit: 10, status: "COMPLETE_SUCCESS" })).toEqual([erpBatchIdOf(5)]);
      expect(await ids({ limit: 10, payloadObjectType: "COMPANY" })).toEqual([3, 1].map(erpBatchIdOf));
      expect(await ids({ limit: 10, clientRefId: "sap" })).toEqual([2, 1].map(erpBatchIdOf));
      expect(await ids({ limit: 10, direction: "OUTBOUND" })).toEqual([5, 4].map(erpBatchIdOf));
      expect(await ids({ limit: 10, direction: "INBOUND", status: "QUEUED", clientRefId: "oracle" })).toEqual([erpBatchIdOf(3)]);
    });

    it("pages through a listing with cursors, every batch once, the last page without a cursor", async () => {
      const f = await setUp();
      for (let n = 1; n <= 7; n++) await insert(f, { n, status: "AWAITING_DATA", minute: Math.ceil(n / 2) });
      const seen: Array<string> = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await run(f, (repo) => repo.list(ORG, { limit: 3, ...(cursor === undefined ? {} : { cursor }) }));
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((b) => b.batchId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== undefined && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map(erpBatchIdOf));
      const exact = await run(f, (repo) => repo.list(ORG, { limit: 7 }));
      expect(exact.items).toHaveLength(7);
      expect(exact.nextCursor).toBeUndefined();
    });

    it("refuses a cursor it did not hand out", async () => {
      const f = await setUp();
      await insert(f, { n: 1, status: "AWAITING_DATA" });
      const exit = await runExit(f, (repo) => repo.list(ORG, { limit: 3, cursor: "not-a-cursor" }));
      expect(failureOf(exit)?._tag).toBe("ErpBatch.CursorInvalid");
    });

    it("queues outbound batches for pick-up oldest first while PENDING or PARTIAL_PENDING", async () => {
      const f = await setUp();
      await insert(f, { n: 1, status: "PARTIAL_PENDING", direction: "OUTBOUND", payloadObjectType: "INVOICE", minute: 5 });
      await insert(f, { n: 2, status: "PENDING", direction: "OUTBOUND", payloadObjectType: "PAYMENT_STATUS", minute: 3 });
      await insert(f, { n: 3, status: "COMPLETE_SUCCESS", direction: "OUTBOUND", payloadObjectType: "INVOICE", minute: 1 });
      await insert(f, { n: 4, status: "QUEUED", payloadObjectType: "INVOICE", minute: 2 });
      await insert(f, { n: 5, status: "PENDING", direction: "OUTBOUND", payloadObjectType: "INVOICE", minute: 4 });
      const ids = async (type?: PayloadObjectType) => (await run(f, (repo) => repo.listOutboundPending(ORG, type))).map((b) => b.batchId);
      expect(await ids()).toEqual([2, 5, 1].map(erpBatchIdOf));
      expect(await ids("INVOICE")).toEqual([5, 1].map(erpBatchIdOf));
      expect(await ids("COMPANY")).toEqual([]);
    });

    it("keeps nothing from a unit of work that fails", async () => {
      const f = await setUp();
      await aggregate.nothingKeptOnFailure(f, created({ n: 1, status: "AWAITING_DATA" }));
      expect(Option.isNone(await run(f, (repo) => repo.findByClientReference(ORG, "client-1", "ref-1")))).toBe(true);
    });
  });
};
