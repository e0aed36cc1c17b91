/**
 * AP batches over MemoryDb, with the SQL repository's guarantees: optimistic versions, `batchNo`
 * unique per organization (UniqueConflict on AP_BATCH_NO_CONSTRAINT), events kept beside the
 * state, organizations never see each other's batches, a per-organization batch-number sequence.
 */
import { Effect, Option } from "effect";
import {
  AP_BATCH_NO_CONSTRAINT,
  apBatchCatalogue,
  apBatchViewOf,
  UniqueConflict,
  VersionConflict,
  type ApBatchEvent,
  type ApBatchRepository,
  type ApBatchState,
  type ExistingApBatch,
  type OrganizationId,
  type Versioned,
} from "@batch/core";
import { runCollectionQuery } from "./collection-query";
import { nextSequence, table, type MemoryDb } from "./memory-db";

interface ApBatchRow {
  readonly orgId: OrganizationId;
  readonly state: ExistingApBatch;
  readonly version: number;
  readonly events: ReadonlyArray<ApBatchEvent>;
}

const BATCHES = "ap_batches";
const keyOf = (orgId: OrganizationId, id: string) => JSON.stringify([orgId, id]);

export const makeMemoryApBatchRepository = (db: MemoryDb): ApBatchRepository => {
  const rows = () => table<ApBatchRow>(db, BATCHES);
  const versioned = (row: ApBatchRow): Versioned<ApBatchState> => ({ state: row.state, version: row.version });
  const ofOrg = (orgId: OrganizationId) => [...rows().values()].filter((row) => row.orgId === orgId);

  return {
    get: (orgId, id) => Effect.sync(() => Option.map(Option.fromNullable(rows().get(keyOf(orgId, id))), versioned)),
    save: ({ orgId, id, state, events, expectedVersion }) =>
      Effect.suspend((): Effect.Effect<number, VersionConflict | UniqueConflict> => {
        if (state._tag === "Absent") return Effect.die(new Error("an AP batch is never saved as Absent"));
        const key = keyOf(orgId, id);
        const current = rows().get(key);
        if ((current?.version ?? 0) !== expectedVersion) {
          return Effect.fail(new VersionConflict({ aggregate: "ApBatch", id, expectedVersion }));
        }
        const holder = ofOrg(orgId).find((row) => row.state.batchNo === state.batchNo && row.state.apBatchId !== id);
        if (holder !== undefined) {
          return Effect.fail(
            new UniqueConflict({ constraint: AP_BATCH_NO_CONSTRAINT, message: `batchNo "${state.batchNo}" is taken in this organization` }),
          );
        }
        const version = expectedVersion + 1;
        rows().set(key, { orgId, state, version, events: [...(current?.events ?? []), ...events] });
        return Effect.succeed(version);
      }),
    findByBatchNo: (orgId, batchNo) =>
      Effect.sync(() => Option.map(Option.fromNullable(ofOrg(orgId).find((row) => row.state.batchNo === batchNo)), versioned)),
    nextBatchNumber: (orgId) => Effect.sync(() => nextSequence(db, `ap_batch_no:${orgId}`)),
    query: (orgId, query) =>
      Effect.sync(() => runCollectionQuery(apBatchCatalogue, ofOrg(orgId).map((row) => apBatchViewOf(row.state)), query)),
  };
};

/** Every event saved for the batch, in order (for tests of the event log). */
export const memoryApBatchEvents = (db: MemoryDb, orgId: OrganizationId, id: string): ReadonlyArray<ApBatchEvent> =>
  table<ApBatchRow>(db, BATCHES).get(keyOf(orgId, id))?.events ?? [];
