/**
 * A payment batch repository of this application's own: the batches live in a Map, and a unit of
 * work runs on a copy of it that replaces the committed Map only when the work succeeds. Units of
 * work run one at a time, which is all the isolation an in-process store needs.
 *
 * It implements @batch/core's PaymentBatchRepository port; test/map-payment-batch-store.test.ts
 * proves it with @batch/testkit's contract suite, the same one the SQL repositories pass.
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
  type UnitOfWork,
  type Versioned,
} from "@batch/core";

interface Row {
  readonly orgId: OrganizationId;
  readonly state: PaymentBatch;
  readonly version: number;
  readonly events: ReadonlyArray<PaymentBatchEvent>;
}

interface Tables {
  readonly batches: Map<string, Row>;
  readonly keys: Map<string, number>;
}

export interface PaymentBatchStores {
  readonly paymentBatches: PaymentBatchRepository;
}

/** The name the contract (and the SQL schema) gives the company + paymentBatchKey uniqueness. */
export const COMPANY_KEY_CONSTRAINT = "payment_batches.company_key";

const byCompanyThenKey = (a: PaymentBatch, b: PaymentBatch): number =>
  (a.company < b.company ? -1 : a.company > b.company ? 1 : 0) || a.paymentBatchKey - b.paymentBatchKey || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const repositoryOver = (tables: Tables): PaymentBatchRepository => {
  const ofOrg = (orgId: OrganizationId): Array<Row> => [...tables.batches.values()].filter((row) => row.orgId === orgId);
  const rowOf = (orgId: OrganizationId, id: string): Option.Option<Row> =>
    Option.filter(Option.fromNullable(tables.batches.get(id)), (row) => row.orgId === orgId);
  const versioned = (row: Row): Versioned<PaymentBatch> => ({ state: row.state, version: row.version });
  const exportedLines = (orgId: OrganizationId) =>
    ofOrg(orgId).flatMap((row) => row.state.lines.map((line) => ({ batchId: row.state.id, line })));
  const location = (paymentBatchId: string, lineId: string): PaymentBatchLineLocation => ({ paymentBatchId, lineId });

  return {
    get: (orgId, id) => Effect.sync(() => Option.map(rowOf(orgId, id), versioned)),
    save: ({ orgId, id, state, events, expectedVersion }) =>
      Effect.suspend((): Effect.Effect<number, VersionConflict | UniqueConflict> => {
        const current = tables.batches.get(id);
        // A batch of another organization under the same id is a conflict, never visible.
        const currentVersion = current === undefined ? 0 : current.orgId === orgId ? current.version : -1;
        if (currentVersion !== expectedVersion || state.id !== id) {
          return Effect.fail(new VersionConflict({ aggregate: "PaymentBatch", id, expectedVersion }));
        }
        const taken = ofOrg(orgId).some(
          (row) => row.state.id !== id && row.state.company === state.company && row.state.paymentBatchKey === state.paymentBatchKey,
        );
        if (taken) {
          return Effect.fail(
            new UniqueConflict({
              constraint: COMPANY_KEY_CONSTRAINT,
              message: `paymentBatchKey ${state.paymentBatchKey} of company "${state.company}" is taken`,
            }),
          );
        }
        tables.batches.set(id, { orgId, state, version: expectedVersion + 1, events: [...(current?.events ?? []), ...events] });
        return Effect.succeed(expectedVersion + 1);
      }),
    delete: (orgId, id, expectedVersion) =>
      Effect.suspend(() => {
        const current = rowOf(orgId, id);
        if (Option.isNone(current) || current.value.version !== expectedVersion) {
          return Effect.fail(new VersionConflict({ aggregate: "PaymentBatch", id, expectedVersion }));
        }
        tables.batches.delete(id);
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
        const all = ofOrg(orgId).sort((a, b) => byCompanyThenKey(a.state, b.state));
        return { items: all.slice((page - 1) * pageSize, page * pageSize).map(versioned), page, pageSize, totalItems: all.length };
      }),
    nextPaymentBatchKey: (orgId, company) =>
      Effect.sync(() => {
        const sequence = JSON.stringify([orgId, company]);
        const next = (tables.keys.get(sequence) ?? 0) + 1;
        tables.keys.set(sequence, next);
        return next;
      }),
    findLineByExportTransactionId: (orgId, exportTransactionId) =>
      Effect.sync(() =>
        Option.map(
          Option.fromNullable(exportedLines(orgId).find(({ line }) => line.exportTransactionId === exportTransactionId)),
          ({ batchId, line }) => location(batchId, line.id),
        ),
      ),
    findExportedLinesBySourceDoc: (orgId, sourceDoc) =>
      Effect.sync(() =>
        exportedLines(orgId)
          .filter(({ line }) => line.sourceDoc === sourceDoc && line.exportTransactionId !== undefined)
          .map(({ batchId, line }) => location(batchId, line.id))
          .sort((a, b) => (a.paymentBatchId < b.paymentBatchId ? -1 : a.paymentBatchId > b.paymentBatchId ? 1 : a.lineId < b.lineId ? -1 : 1)),
      ),
    // One payment information block is one batch's export: its lines, in line order.
    findExportedLinesByGroup: (orgId, exportTransactionGroupId) =>
      Effect.sync(() =>
        exportedLines(orgId)
          .filter(({ line }) => line.exportTransactionGroupId === exportTransactionGroupId && line.exportTransactionId !== undefined)
          .map(({ batchId, line }) => location(batchId, line.id)),
      ),
  };
};

/** A fresh, empty store behind a unit of work: what a use case of @batch/core is given. */
export const makeMapPaymentBatchStore = (): UnitOfWork<PaymentBatchStores> => {
  let committed: Tables = { batches: new Map(), keys: new Map() };
  const oneAtATime = Effect.unsafeMakeSemaphore(1);
  return {
    run: (work) =>
      oneAtATime.withPermits(1)(
        Effect.suspend(() => {
          const draft: Tables = { batches: new Map(committed.batches), keys: new Map(committed.keys) };
          return Effect.tap(work({ paymentBatches: repositoryOver(draft) }), () => {
            committed = draft;
          });
        }),
      ),
  };
};
