/**
 * The contract every BatchProcessRepository honours (in-memory, SQLite, PostgreSQL): optimistic
 * versions, jobId unique per organization, organizations isolated, increasing ids, children
 * listed in id order, states kept exactly, nothing kept from a failed unit of work.
 */
import { describe, expect, it } from "vitest";
import { Effect, Either, Exit, Option } from "effect";
import {
  BATCH_PROCESS_JOB_ID_CONSTRAINT,
  batchProcessDecider,
  batchProcessInputKey,
  batchProcessOutputKey,
  type BatchProcessCommand,
  type BatchProcessEvent,
  type BatchProcessRepository,
  type BlobKey,
  type ExistingBatchProcess,
  type OrganizationId,
} from "@batch/core";
import { aggregateRepositoryChecks, decidedFixture } from "./aggregate-repository.checks";
import { failureOf, freshFixtures, portRunner, type StoreFixture } from "./store-fixture";

type BatchProcessStores = { readonly batchProcesses: BatchProcessRepository };

export type BatchProcessRepositoryFixture = StoreFixture<BatchProcessStores>;

export type BatchProcessRepositoryHarness = () => Promise<BatchProcessRepositoryFixture>;

const ORG = "org-bp-1" as OrganizationId;
const OTHER_ORG = "org-bp-2" as OrganizationId;
const ACTOR = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "ERP client" };
const at = (minute: number) => new Date(Date.parse("2026-03-01T10:00:00.000Z") + minute * 60_000).toISOString();
const inputKey = (orgId: OrganizationId, id: number): BlobKey => Either.getOrThrow(batchProcessInputKey(orgId, id));
const outputKey = (orgId: OrganizationId, id: number): BlobKey => Either.getOrThrow(batchProcessOutputKey(orgId, id));

type Built = { readonly state: ExistingBatchProcess; readonly events: ReadonlyArray<BatchProcessEvent> };

/** The state and events a command sequence produces; a refusal is a bug in the test. */
const build = (commands: ReadonlyArray<BatchProcessCommand>): Built => {
  const { state, events } = decidedFixture(batchProcessDecider, commands);
  if (state._tag === "Absent") throw new Error("fixture built no process");
  return { state, events };
};

interface UploadOptions {
  readonly orgId?: OrganizationId;
  readonly parent?: { readonly id: number; readonly jobId?: string };
}

const uploadCommand = (id: number, jobId: string, options: UploadOptions = {}): BatchProcessCommand => {
  const orgId = options.orgId ?? ORG;
  return {
    _tag: "CreateUpload",
    orgId,
    id,
    jobId,
    subOperation: options.parent === undefined ? "Invoice" : "Invoice Line Item",
    inputFilename: `${jobId}.csv`,
    inputKey: inputKey(orgId, id),
    ...(options.parent === undefined ? {} : { parent: options.parent }),
    at: at(0),
    actor: ACTOR,
  };
};

const upload = (id: number, jobId: string, options: UploadOptions = {}) => build([uploadCommand(id, jobId, options)]);

export const batchProcessRepositoryContract = (name: string, harness: BatchProcessRepositoryHarness) =>
  describe(`BatchProcessRepository contract: ${name}`, () => {
    const fresh = freshFixtures(harness);
    const pick = (stores: BatchProcessStores) => stores.batchProcesses;
    const { run, runExit } = portRunner(pick);
    const aggregate = aggregateRepositoryChecks(pick);
    /** The process as its first save writes it. */
    const created = (built: Built) => ({ orgId: built.state.orgId, id: built.state.id, state: built.state, events: built.events });
    const saveNew = (f: BatchProcessRepositoryFixture, built: Built) => run(f, (repo) => repo.save({ ...created(built), expectedVersion: 0 }));

    it("hands out ids from 1 that only grow", async () => {
      const f = await fresh();
      const ids = await run(f, (repo) => Effect.all([repo.nextId(ORG), repo.nextId(ORG), repo.nextId(ORG)]));
      expect(ids[0]).toBeGreaterThanOrEqual(1);
      expect(ids.every(Number.isSafeInteger)).toBe(true);
      expect(ids[1]).toBeGreaterThan(ids[0]!);
      expect(ids[2]).toBeGreaterThan(ids[1]!);
      const later = await run(f, (repo) => repo.nextId(ORG));
      expect(later).toBeGreaterThan(ids[2]!);
      const other = await run(f, (repo) => repo.nextId(OTHER_ORG));
      expect(other).toBeGreaterThanOrEqual(1);
    });

    it("keeps a state exactly and finds it by id and by jobId", async () => {
      const f = await fresh();
      const built = upload(3, "AUG_2020_INV");
      await aggregate.savedExactly(f, created(built));
      const byJob = await run(f, (repo) => repo.findByJobId(ORG, "AUG_2020_INV"));
      expect(Option.getOrThrow(byJob)).toEqual({ state: built.state, version: 1 });
      expect(Option.isNone(await run(f, (repo) => repo.get(ORG, 4)))).toBe(true);
      expect(Option.isNone(await run(f, (repo) => repo.findByJobId(ORG, "aug_2020_inv")))).toBe(true);
    });

    it("keeps terminal states with counts, output key, failure and children exactly", async () => {
      const f = await fresh();
      const parent = { id: 10, jobId: "INIT" };
      const built = build([
        {
          _tag: "StartBatchInit",
          orgId: ORG,
          id: 10,
          jobId: "INIT",
          steps: [
            { step: "carryForwardInvoice", id: 11 },
            { step: "zeroOutCustomerBalance", id: 12 },
          ],
          at: at(0),
          actor: ACTOR,
        },
        { _tag: "RecordChildOutcome", childId: 11, status: "Success", at: at(1), actor: ACTOR },
        { _tag: "RecordChildOutcome", childId: 12, status: "Success", at: at(1), actor: ACTOR },
        { _tag: "Complete", rowsRead: 0, successCount: 0, failCount: 0, at: at(2), actor: ACTOR },
      ]);
      const step = build([
        { _tag: "StartBatchInitStep", orgId: ORG, id: 11, step: "carryForwardInvoice", parent, at: at(0), actor: ACTOR },
        { _tag: "Complete", rowsRead: 20375, successCount: 20375, failCount: 0, at: at(1), actor: ACTOR },
      ]);
      const failedImport = build([
        { _tag: "StartJsonImport", orgId: ORG, id: 13, jobId: "JSON-1", subOperation: "Invoice", at: at(0), actor: ACTOR },
        { _tag: "Complete", rowsRead: 2, successCount: 0, failCount: 2, outputKey: outputKey(ORG, 13), failure: "the input file is unreadable at line 3: x", at: at(1), actor: ACTOR },
      ]);
      for (const b of [built, step, failedImport]) await aggregate.savedExactly(f, created(b));
      expect(Option.getOrThrow(await run(f, (repo) => repo.get(ORG, 11))).state).not.toHaveProperty("jobId");
    });

    it("saves under optimistic versions: a stale save and a second creation fail and change nothing", async () => {
      const f = await fresh();
      const finalized = build([uploadCommand(3, "JOB"), { _tag: "Finalize", inputBytes: 10, viaParent: false, at: at(1), actor: ACTOR }]);
      await aggregate.optimisticSaves(f, created(upload(3, "JOB")), { state: finalized.state, events: finalized.events.slice(1) });
    });

    it("refuses a jobId taken in the organization, and allows it in another", async () => {
      const f = await fresh();
      await saveNew(f, upload(1, "SAME"));
      const clash = await runExit(f, (repo) => {
        const b = upload(2, "SAME");
        return repo.save({ orgId: ORG, id: 2, state: b.state, events: b.events, expectedVersion: 0 });
      });
      expect(failureOf(clash)).toMatchObject({ _tag: "Store.UniqueConflict", constraint: BATCH_PROCESS_JOB_ID_CONSTRAINT });
      expect(Option.isNone(await run(f, (repo) => repo.get(ORG, 2)))).toBe(true);
      expect(await saveNew(f, upload(1, "SAME", { orgId: OTHER_ORG }))).toBe(1);
    });

    it("never shows one organization's processes to another", async () => {
      const f = await fresh();
      const mine = upload(5, "MINE");
      await saveNew(f, mine);
      await aggregate.hiddenFrom(f, OTHER_ORG, created(mine), created(upload(5, "MINE", { orgId: OTHER_ORG })));
      expect(Option.isNone(await run(f, (repo) => repo.findByJobId(OTHER_ORG, "MINE")))).toBe(true);
      expect(await run(f, (repo) => repo.childrenOf(OTHER_ORG, 5))).toEqual([]);
    });

    it("lists the children of a parent in id order", async () => {
      const f = await fresh();
      await saveNew(f, upload(4, "INV"));
      await saveNew(f, upload(9, "ITM_2", { parent: { id: 4, jobId: "INV" } }));
      await saveNew(f, upload(5, "ITM_1", { parent: { id: 4 } }));
      await saveNew(f, upload(6, "OTHER_INV"));
      await saveNew(f, upload(5, "FOREIGN_ITM", { orgId: OTHER_ORG, parent: { id: 4 } }));
      const children = await run(f, (repo) => repo.childrenOf(ORG, 4));
      expect(children.map((c) => c.state.id)).toEqual([5, 9]);
      expect(children.map((c) => c.version)).toEqual([1, 1]);
      expect(await run(f, (repo) => repo.childrenOf(ORG, 6))).toEqual([]);
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const f = await fresh();
      const exit = await Effect.runPromiseExit(
        f.uow.run(({ batchProcesses }) =>
          Effect.gen(function* () {
            const id = yield* batchProcesses.nextId(ORG);
            const b = upload(id, "ROLLED_BACK");
            yield* batchProcesses.save({ orgId: ORG, id, state: b.state, events: b.events, expectedVersion: 0 });
            return yield* Effect.fail("abandoned" as const);
          }),
        ),
      );
      expect(Exit.isFailure(exit)).toBe(true);
      expect(Option.isNone(await run(f, (repo) => repo.findByJobId(ORG, "ROLLED_BACK")))).toBe(true);
    });
  });
