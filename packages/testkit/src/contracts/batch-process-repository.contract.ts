/**
 * The contract every BatchProcessRepository honours (in-memory, SQLite, PostgreSQL): optimistic
 * versions, jobId unique per organization, organizations isolated, increasing ids, children
 * listed in id order, states kept exactly, nothing kept from a failed unit of work.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Effect, Either, Exit, Option } from "effect";
import {
  BATCH_PROCESS_JOB_ID_CONSTRAINT,
  batchProcessDecider,
  batchProcessInputKey,
  batchProcessOutputKey,
  fold,
  type BatchProcessCommand,
  type BatchProcessEvent,
  type BatchProcessRepository,
  type BlobKey,
  type ExistingBatchProcess,
  type OrganizationId,
  type UnitOfWork,
} from "@batch/core";

export interface BatchProcessRepositoryFixture {
  readonly uow: UnitOfWork<{ readonly batchProcesses: BatchProcessRepository }>;
  readonly close?: () => Promise<void>;
}

export type BatchProcessRepositoryHarness = () => Promise<BatchProcessRepositoryFixture>;

const ORG = "org-bp-1" as OrganizationId;
const OTHER_ORG = "org-bp-2" as OrganizationId;
const ACTOR = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "ERP client" };
const at = (minute: number) => new Date(Date.parse("2026-03-01T10:00:00.000Z") + minute * 60_000).toISOString();
const inputKey = (orgId: OrganizationId, id: number): BlobKey => Either.getOrThrow(batchProcessInputKey(orgId, id));
const outputKey = (orgId: OrganizationId, id: number): BlobKey => Either.getOrThrow(batchProcessOutputKey(orgId, id));

/** The state and events a command sequence produces; a refusal is a bug in the test. */
const build = (commands: ReadonlyArray<BatchProcessCommand>) => {
  let state = batchProcessDecider.initialState;
  const events: Array<BatchProcessEvent> = [];
  for (const command of commands) {
    const decided = batchProcessDecider.decide(state, command);
    if (Either.isLeft(decided)) throw new Error(`fixture command refused: ${decided.left.message}`);
    events.push(...decided.right);
    state = fold(batchProcessDecider.evolve, state, decided.right);
  }
  if (state._tag === "Absent") throw new Error("fixture built no process");
  return { state: state as ExistingBatchProcess, events };
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
    let open: BatchProcessRepositoryFixture | undefined;
    afterEach(async () => {
      await open?.close?.();
      open = undefined;
    });
    const fresh = async () => {
      open = await harness();
      return open;
    };
    const run = <A, E>(f: BatchProcessRepositoryFixture, work: (repo: BatchProcessRepository) => Effect.Effect<A, E>) =>
      Effect.runPromise(f.uow.run(({ batchProcesses }) => work(batchProcesses)));
    const runExit = <A, E>(f: BatchProcessRepositoryFixture, work: (repo: BatchProcessRepository) => Effect.Effect<A, E>) =>
      Effect.runPromiseExit(f.uow.run(({ batchProcesses }) => work(batchProcesses)));
    const saveNew = (f: BatchProcessRepositoryFixture, built: { state: ExistingBatchProcess; events: ReadonlyArray<BatchProcessEvent> }) =>
      run(f, (repo) => repo.save({ orgId: built.state.orgId, id: built.state.id, state: built.state, events: built.events, expectedVersion: 0 }));
    const failureTag = (exit: Exit.Exit<unknown, unknown>) =>
      Exit.isFailure(exit) && exit.cause._tag === "Fail" ? (exit.cause.error as { _tag: string })._tag : undefined;

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
      expect(await saveNew(f, built)).toBe(1);
      const got = await run(f, (repo) => repo.get(ORG, 3));
      expect(Option.getOrThrow(got)).toEqual({ state: built.state, version: 1 });
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
      for (const b of [built, step, failedImport]) await saveNew(f, b);
      for (const b of [built, step, failedImport]) {
        expect(Option.getOrThrow(await run(f, (repo) => repo.get(ORG, b.state.id))).state).toEqual(b.state);
      }
      expect(Option.getOrThrow(await run(f, (repo) => repo.get(ORG, 11))).state).not.toHaveProperty("jobId");
    });

    it("saves under optimistic versions: a stale save and a second creation fail and change nothing", async () => {
      const f = await fresh();
      const created = upload(3, "JOB");
      await saveNew(f, created);
      const finalized = build([uploadCommand(3, "JOB"), { _tag: "Finalize", inputBytes: 10, viaParent: false, at: at(1), actor: ACTOR }]);
      expect(await run(f, (repo) => repo.save({ orgId: ORG, id: 3, state: finalized.state, events: finalized.events.slice(1), expectedVersion: 1 }))).toBe(2);
      const stale = await runExit(f, (repo) => repo.save({ orgId: ORG, id: 3, state: created.state, events: [], expectedVersion: 1 }));
      expect(failureTag(stale)).toBe("Store.VersionConflict");
      const again = await runExit(f, (repo) => repo.save({ orgId: ORG, id: 3, state: created.state, events: created.events, expectedVersion: 0 }));
      expect(failureTag(again)).toBe("Store.VersionConflict");
      expect(Option.getOrThrow(await run(f, (repo) => repo.get(ORG, 3)))).toEqual({ state: finalized.state, version: 2 });
    });

    it("refuses a jobId taken in the organization, and allows it in another", async () => {
      const f = await fresh();
      await saveNew(f, upload(1, "SAME"));
      const clash = await runExit(f, (repo) => {
        const b = upload(2, "SAME");
        return repo.save({ orgId: ORG, id: 2, state: b.state, events: b.events, expectedVersion: 0 });
      });
      expect(Exit.isFailure(clash)).toBe(true);
      if (Exit.isFailure(clash) && clash.cause._tag === "Fail") {
        expect(clash.cause.error).toMatchObject({ _tag: "Store.UniqueConflict", constraint: BATCH_PROCESS_JOB_ID_CONSTRAINT });
      }
      expect(Option.isNone(await run(f, (repo) => repo.get(ORG, 2)))).toBe(true);
      expect(await saveNew(f, upload(1, "SAME", { orgId: OTHER_ORG }))).toBe(1);
    });

    it("never shows one organization's processes to another", async () => {
      const f = await fresh();
      await saveNew(f, upload(5, "MINE"));
      expect(Option.isNone(await run(f, (repo) => repo.get(OTHER_ORG, 5)))).toBe(true);
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
