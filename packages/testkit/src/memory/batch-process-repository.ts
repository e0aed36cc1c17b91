/**
 * BatchProcesses over MemoryDb, with the SQL repository's guarantees: optimistic versions, jobId
 * unique per organization (UniqueConflict on BATCH_PROCESS_JOB_ID_CONSTRAINT), events kept beside
 * the state, organizations isolated, ids from a per-organization sequence.
 */
import { Effect, Option } from "effect";
import {
  BATCH_PROCESS_JOB_ID_CONSTRAINT,
  UniqueConflict,
  VersionConflict,
  type BatchProcessEvent,
  type BatchProcessRepository,
  type BatchProcessState,
  type ExistingBatchProcess,
  type OrganizationId,
  type Versioned,
} from "@batch/core";
import { nextSequence, table, type MemoryDb } from "./memory-db";

interface BatchProcessRow {
  readonly orgId: OrganizationId;
  readonly state: ExistingBatchProcess;
  readonly version: number;
  readonly events: ReadonlyArray<BatchProcessEvent>;
}

const PROCESSES = "batch_processes";
const keyOf = (orgId: OrganizationId, id: number) => JSON.stringify([orgId, id]);

export const makeMemoryBatchProcessRepository = (db: MemoryDb): BatchProcessRepository => {
  const rows = () => table<BatchProcessRow>(db, PROCESSES);
  const versioned = (row: BatchProcessRow): Versioned<ExistingBatchProcess> => ({ state: row.state, version: row.version });
  const ofOrg = (orgId: OrganizationId) => [...rows().values()].filter((row) => row.orgId === orgId);

  return {
    get: (orgId, id) =>
      Effect.sync(() => Option.map(Option.fromNullable(rows().get(keyOf(orgId, id))), (row): Versioned<BatchProcessState> => versioned(row))),
    save: ({ orgId, id, state, events, expectedVersion }) =>
      Effect.suspend((): Effect.Effect<number, VersionConflict | UniqueConflict> => {
        if (state._tag === "Absent") return Effect.die(new Error("a BatchProcess is never saved as Absent"));
        if (state.id !== id || state.orgId !== orgId) return Effect.die(new Error("a BatchProcess is saved under its own id and organization"));
        const key = keyOf(orgId, id);
        const current = rows().get(key);
        if ((current?.version ?? 0) !== expectedVersion) {
          return Effect.fail(new VersionConflict({ aggregate: "BatchProcess", id: String(id), expectedVersion }));
        }
        const holder =
          state.jobId === undefined ? undefined : ofOrg(orgId).find((row) => row.state.jobId === state.jobId && row.state.id !== id);
        if (holder !== undefined) {
          return Effect.fail(
            new UniqueConflict({ constraint: BATCH_PROCESS_JOB_ID_CONSTRAINT, message: `jobId "${state.jobId}" is taken in this organization` }),
          );
        }
        const version = expectedVersion + 1;
        rows().set(key, { orgId, state, version, events: [...(current?.events ?? []), ...events] });
        return Effect.succeed(version);
      }),
    nextId: (orgId) => Effect.sync(() => nextSequence(db, `batch_process_id:${orgId}`)),
    findByJobId: (orgId, jobId) =>
      Effect.sync(() => Option.map(Option.fromNullable(ofOrg(orgId).find((row) => row.state.jobId === jobId)), versioned)),
    childrenOf: (orgId, parentId) =>
      Effect.sync(() =>
        ofOrg(orgId)
          .filter((row) => row.state.parent?.id === parentId)
          .sort((a, b) => a.state.id - b.state.id)
          .map(versioned),
      ),
  };
};

/** Every event saved for the process, in order (for tests of the event log). */
export const memoryBatchProcessEvents = (db: MemoryDb, orgId: OrganizationId, id: number): ReadonlyArray<BatchProcessEvent> =>
  table<BatchProcessRow>(db, PROCESSES).get(keyOf(orgId, id))?.events ?? [];
