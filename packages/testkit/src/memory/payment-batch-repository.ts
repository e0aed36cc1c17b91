/**
 * Payment batches over MemoryDb, with the SQL repository's guarantees: optimistic versions,
 * `company` + `paymentBatchKey` unique per organization (UniqueConflict on
 * PAYMENT_BATCH_KEY_CONSTRAINT), ids unique across organizations, events kept beside the state,
 * organizations never see each other's batches, a per-company key sequence that rolls back with
 * the unit of work.
 */
import { Effect, Option } from "effect";
import {
  UniqueConflict,
  VersionConflict,
  type OrganizationId,
  type PaymentBatch,
  type PaymentBatchEvent,
  type PaymentBatchLineLocation,
  type PaymentBatchRepository,
  type Versioned,
} from "@batch/core";
import { nextSequence, table, type MemoryDb } from "./memory-db";

export const PAYMENT_BATCH_KEY_CONSTRAINT = "payment_batches.company_key";

interface PaymentBatchRow {
  readonly orgId: OrganizationId;
  readonly state: PaymentBatch;
  readonly version: number;
  readonly events: ReadonlyArray<PaymentBatchEvent>;
}

const BATCHES = "payment_batches";

const byKey = (a: PaymentBatch, b: PaymentBatch): number =>
  a.company < b.company ? -1 : a.company > b.company ? 1 : a.paymentBatchKey - b.paymentBatchKey || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const makeMemoryPaymentBatchRepository = (db: MemoryDb): PaymentBatchRepository => {
  const rows = () => table<PaymentBatchRow>(db, BATCHES);
  const versioned = (row: PaymentBatchRow): Versioned<PaymentBatch> => ({ state: row.state, version: row.version });
  const ofOrg = (orgId: OrganizationId) => [...rows().values()].filter((row) => row.orgId === orgId);
  const rowOf = (orgId: OrganizationId, id: string) => Option.filter(Option.fromNullable(rows().get(id)), (row) => row.orgId === orgId);
  const lines = (orgId: OrganizationId) => ofOrg(orgId).flatMap((row) => row.state.lines.map((line) => ({ batch: row.state, line })));
  const location = (batch: PaymentBatch, lineId: string): PaymentBatchLineLocation => ({ paymentBatchId: batch.id, lineId });

  return {
    get: (orgId, id) => Effect.sync(() => Option.map(rowOf(orgId, id), versioned)),
    save: ({ orgId, id, state, events, expectedVersion }) =>
      Effect.suspend((): Effect.Effect<number, VersionConflict | UniqueConflict> => {
        const current = rows().get(id);
        const currentVersion = current === undefined ? 0 : current.orgId === orgId ? current.version : -1;
        if (currentVersion !== expectedVersion || state.id !== id) {
          return Effect.fail(new VersionConflict({ aggregate: "PaymentBatch", id, expectedVersion }));
        }
        const holder = ofOrg(orgId).find(
          (row) => row.state.id !== id && row.state.company === state.company && row.state.paymentBatchKey === state.paymentBatchKey,
        );
        if (holder !== undefined) {
          return Effect.fail(
            new UniqueConflict({
              constraint: PAYMENT_BATCH_KEY_CONSTRAINT,
              message: `paymentBatchKey ${state.paymentBatchKey} of company "${state.company}" is taken in this organization`,
            }),
          );
        }
        const version = expectedVersion + 1;
        rows().set(id, { orgId, state, version, events: [...(current?.events ?? []), ...events] });
        return Effect.succeed(version);
      }),
    delete: (orgId, id, expectedVersion) =>
      Effect.suspend(() => {
        const current = rowOf(orgId, id);
        if (Option.isNone(current) || current.value.version !== expectedVersion) {
          return Effect.fail(new VersionConflict({ aggregate: "PaymentBatch", id, expectedVersion }));
        }
        rows().delete(id);
        return Effect.void;
      }),
    getByKey: (orgId, companyKey, paymentBatchKey) =>
      Effect.sync(() =>
        Option.map(
          Option.fromNullable(ofOrg(orgId).find((row) => row.state.company === companyKey && row.state.paymentBatchKey === paymentBatchKey)),
          versioned,
        ),
      ),
    list: (orgId, { page, pageSize }) =>
      Effect.sync(() => {
        const all = ofOrg(orgId).sort((a, b) => byKey(a.state, b.state));
        return { items: all.slice((page - 1) * pageSize, page * pageSize).map(versioned), page, pageSize, totalItems: all.length };
      }),
    nextPaymentBatchKey: (orgId, company) => Effect.sync(() => nextSequence(db, `payment_batch_key:${JSON.stringify([orgId, company])}`)),
    findLineByExportTransactionId: (orgId, exportTransactionId) =>
      Effect.sync(() =>
        Option.map(
          Option.fromNullable(lines(orgId).find(({ line }) => line.exportTransactionId === exportTransactionId)),
          ({ batch, line }) => location(batch, line.id),
        ),
      ),
    findExportedLinesBySourceDoc: (orgId, sourceDoc) =>
      Effect.sync(() =>
        lines(orgId)
          .filter(({ line }) => line.sourceDoc === sourceDoc && line.exportTransactionId !== undefined)
          .map(({ batch, line }) => location(batch, line.id))
          .sort((a, b) => (a.paymentBatchId + "\u0000" + a.lineId < b.paymentBatchId + "\u0000" + b.lineId ? -1 : 1)),
      ),
    findExportedLinesByGroup: (orgId, exportTransactionGroupId) =>
      Effect.sync(() =>
        lines(orgId)
          .filter(({ line }) => line.exportTransactionGroupId === exportTransactionGroupId && line.exportTransactionId !== undefined)
          .map(({ batch, line }) => location(batch, line.id)),
      ),
  };
};

/** Every event saved for the batch, in order (for tests of the event log). */
export const memoryPaymentBatchEvents = (db: MemoryDb, id: string): ReadonlyArray<PaymentBatchEvent> =>
  table<PaymentBatchRow>(db, BATCHES).get(id)?.events ?? [];
