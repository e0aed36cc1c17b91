/**
 * ERP batches over MemoryDb, with the SQL repository's guarantees: optimistic versions,
 * `clientRefId` + `referenceId` unique per organization among inbound batches, events kept beside
 * the state, organizations never see each other's batches, listings in a stable order with
 * opaque cursors.
 */
import { Effect, Option } from "effect";
import {
  ERP_BATCH_CLIENT_REFERENCE_CONSTRAINT,
  ErpBatchCursorInvalid,
  erpBatchDirectionOf,
  erpBatchStatusOf,
  isInboundErpBatch,
  isOutboundErpBatch,
  UniqueConflict,
  VersionConflict,
  type ErpBatchEvent,
  type ErpBatchListQuery,
  type ErpBatchRepository,
  type ExistingErpBatch,
  type InboundState,
  type OrganizationId,
  type OutboundState,
  type Versioned,
} from "@batch/core";
import { table, type MemoryDb } from "./memory-db";

interface ErpBatchRow {
  readonly orgId: OrganizationId;
  readonly state: ExistingErpBatch;
  readonly version: number;
  readonly events: ReadonlyArray<ErpBatchEvent>;
}

const BATCHES = "erp_batches";
const keyOf = (orgId: OrganizationId, id: string) => JSON.stringify([orgId, id]);

/** Newest first: createdAt descending, then batchId descending. */
const newestFirst = (a: ExistingErpBatch, b: ExistingErpBatch): number =>
  a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.batchId < b.batchId ? 1 : a.batchId > b.batchId ? -1 : 0;

const encodeCursor = (state: ExistingErpBatch): string => Buffer.from(JSON.stringify(["erp-batches", state.createdAt, state.batchId])).toString("base64url");

const decodeCursor = (cursor: string): Option.Option<{ readonly createdAt: string; readonly batchId: string }> => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === "erp-batches" && typeof parsed[1] === "string" && typeof parsed[2] === "string") {
      return Option.some({ createdAt: parsed[1], batchId: parsed[2] });
    }
  } catch {
    // not base64url JSON: not one of ours
  }
  return Option.none();
};

const matches = (state: ExistingErpBatch, query: ErpBatchListQuery): boolean =>
  (query.status === undefined || erpBatchStatusOf(state) === query.status) &&
  (query.payloadObjectType === undefined || state.payloadObjectType === query.payloadObjectType) &&
  (query.direction === undefined || erpBatchDirectionOf(state) === query.direction) &&
  (query.clientRefId === undefined || (isInboundErpBatch(state) && state.clientRefId === query.clientRefId));

export const makeMemoryErpBatchRepository = (db: MemoryDb): ErpBatchRepository => {
  const rows = () => table<ErpBatchRow>(db, BATCHES);
  const ofOrg = (orgId: OrganizationId) => [...rows().values()].filter((row) => row.orgId === orgId);

  return {
    get: (orgId, id) =>
      Effect.sync(() => Option.map(Option.fromNullable(rows().get(keyOf(orgId, id))), (row): Versioned<ExistingErpBatch> => ({ state: row.state, version: row.version }))),

    save: ({ orgId, id, state, events, expectedVersion }) =>
      Effect.suspend((): Effect.Effect<number, VersionConflict | UniqueConflict> => {
        const key = keyOf(orgId, id);
        const current = rows().get(key);
        if ((current?.version ?? 0) !== expectedVersion) return Effect.fail(new VersionConflict({ aggregate: "ErpBatch", id, expectedVersion }));
        if (isInboundErpBatch(state)) {
          const holder = ofOrg(orgId).find(
            (row) => isInboundErpBatch(row.state) && row.state.batchId !== id && row.state.clientRefId === state.clientRefId && row.state.referenceId === state.referenceId,
          );
          if (holder !== undefined) {
            return Effect.fail(
              new UniqueConflict({
                constraint: ERP_BATCH_CLIENT_REFERENCE_CONSTRAINT,
                message: `clientRefId "${state.clientRefId}" with referenceId "${state.referenceId}" is taken in this organization`,
              }),
            );
          }
        }
        const version = expectedVersion + 1;
        rows().set(key, { orgId, state, version, events: [...(current?.events ?? []), ...events] });
        return Effect.succeed(version);
      }),

    findByClientReference: (orgId, clientRefId, referenceId) =>
      Effect.sync(() => {
        const row = ofOrg(orgId).find((r) => isInboundErpBatch(r.state) && r.state.clientRefId === clientRefId && r.state.referenceId === referenceId);
        return row === undefined ? Option.none() : Option.some({ state: row.state as InboundState, version: row.version });
      }),

    list: (orgId, query) =>
      Effect.suspend(() => {
        const after = query.cursor === undefined ? Option.none() : decodeCursor(query.cursor);
        if (query.cursor !== undefined && Option.isNone(after)) return Effect.fail(new ErpBatchCursorInvalid({ cursor: query.cursor }));
        const sorted = ofOrg(orgId)
          .map((row) => row.state)
          .filter((state) => matches(state, query))
          .sort(newestFirst);
        const start = Option.match(after, {
          onNone: () => 0,
          onSome: (c) => {
            const i = sorted.findIndex((s) => newestFirst(s, { ...s, createdAt: c.createdAt, batchId: c.batchId }) > 0);
            return i === -1 ? sorted.length : i;
          },
        });
        const items = sorted.slice(start, start + query.limit);
        const last = items.at(-1);
        return Effect.succeed(start + query.limit < sorted.length && last !== undefined ? { items, nextCursor: encodeCursor(last) } : { items });
      }),

    listOutboundPending: (orgId, payloadObjectType) =>
      Effect.sync(() =>
        ofOrg(orgId)
          .map((row) => row.state)
          .filter(
            (state): state is OutboundState =>
              isOutboundErpBatch(state) &&
              state._tag !== "OutboundComplete" &&
              (payloadObjectType === undefined || state.payloadObjectType === payloadObjectType),
          )
          .sort((a, b) => -newestFirst(a, b)),
      ),
  };
};

/** Every event saved for the batch, in order (for tests of the event log). */
export const memoryErpBatchEvents = (db: MemoryDb, orgId: OrganizationId, id: string): ReadonlyArray<ErpBatchEvent> =>
  table<ErpBatchRow>(db, BATCHES).get(keyOf(orgId, id))?.events ?? [];
