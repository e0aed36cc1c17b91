/**
 * Payment batches (seed 003): the state as JSON beside its listing columns; `company` +
 * `paymentBatchKey` unique per organization and the id unique in the store; the lines copied to
 * `payment_batch_lines` at every save, so the bank's answers (EndToEndId, sourceDoc) find their
 * line by index. Keys come from a counter per company whose row lock serialises concurrent
 * creators, so keys are unique and increasing.
 */
import { Effect, Option } from "effect";
import {
  type OrganizationId,
  type PaymentBatch,
  type PaymentBatchEvent,
  type PaymentBatchLineLocation,
  type PaymentBatchRepository,
  type PaymentBatchState,
  type Versioned,
} from "@batch/core";
import { makeAggregateStore, type AggregateTable } from "./aggregate-table";
import { insertMany } from "./bulk-write";
import { decimalToColumn, structuralJson } from "./columns";
import { nextCounterValue } from "./counters";
import type { SqlSession } from "./dialects/dialect";
import { query } from "./store-effect";

const existing = (state: PaymentBatchState): PaymentBatch => {
  // The port removes batches with `delete`; there is no row for "Absent".
  if (state._tag === "Absent") throw new TypeError("an Absent payment batch cannot be saved");
  return state;
};

const writeLines = (session: SqlSession, orgId: OrganizationId, id: string | number, state: PaymentBatchState) => {
  const batch = existing(state);
  return query("replacing payment batch lines", () => session.db.deleteFrom("payment_batch_lines").where("payment_batch_id", "=", String(id)).execute()).pipe(
    Effect.zipRight(
      insertMany(
        session,
        "storing payment batch lines",
        "payment_batch_lines",
        batch.lines.map((line, position) => ({
          payment_batch_id: String(id),
          line_id: line.id,
          org_id: orgId,
          position,
          status: line.status,
          party: line.party,
          source_doc: line.sourceDoc ?? null,
          transfer_amount: decimalToColumn(line.transferAmount),
          currency: line.currency,
          export_transaction_id: line.exportTransactionId ?? null,
          export_transaction_group_id: line.exportTransactionGroupId ?? null,
        })),
      ).pipe(Effect.catchTag("Store.UniqueConflict", (e) => Effect.die(e))),
    ),
  );
};

const paymentBatchTable: AggregateTable<PaymentBatchState, PaymentBatchEvent> = {
  table: "payment_batches",
  aggregate: "PaymentBatch",
  idColumn: "id",
  idUnique: "store",
  state: structuralJson(),
  event: structuralJson(),
  columnsOf: (state) => {
    const batch = existing(state);
    return {
      company: batch.company,
      payment_batch_key: batch.paymentBatchKey,
      status: batch._tag,
      currency: batch.currency,
      total_amount: decimalToColumn(batch.totalAmount),
      created_at: batch.createdAt,
      last_updated: batch.lastUpdated,
    };
  },
  conflictNames: { "payment_batches.company+payment_batch_key": "payment_batches.company_key" },
  writeChildren: writeLines,
};

const batches = (found: ReadonlyArray<Versioned<PaymentBatchState>>) => found as ReadonlyArray<Versioned<PaymentBatch>>;

export const makeSqlPaymentBatchRepository = (session: SqlSession): PaymentBatchRepository => {
  const { db, dialect } = session;
  const store = makeAggregateStore<string, PaymentBatchState, PaymentBatchEvent>(session, paymentBatchTable);
  const location = (row: { readonly payment_batch_id: string; readonly line_id: string }): PaymentBatchLineLocation => ({
    paymentBatchId: row.payment_batch_id,
    lineId: row.line_id,
  });
  return {
    get: (orgId, id) => Effect.map(store.get(orgId, id), (found) => found as Option.Option<Versioned<PaymentBatch>>),
    save: (request) => Effect.suspend(() => store.save(request)),
    delete: (orgId, id, expectedVersion) => store.remove(orgId, id, expectedVersion),
    getByKey: (orgId, companyKey, paymentBatchKey) =>
      store.findWhere(orgId, { company: companyKey, payment_batch_key: paymentBatchKey }).pipe(Effect.map((found) => Option.fromNullable(batches(found)[0]))),
    list: (orgId, { page, pageSize }) =>
      Effect.all([
        query("listing payment batches", () =>
          db
            .selectFrom("payment_batches")
            .select(["state", "version"])
            .where("org_id", "=", orgId)
            .orderBy((eb) => dialect.codePointOrder(eb.ref("company")))
            .orderBy("payment_batch_key")
            .orderBy((eb) => dialect.codePointOrder(eb.ref("id")))
            .limit(pageSize)
            .offset((page - 1) * pageSize)
            .execute(),
        ),
        query("counting payment batches", () =>
          db.selectFrom("payment_batches").select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow(),
        ),
      ]).pipe(
        Effect.map(([rows, count]) => ({
          items: rows.map((row) => ({ state: paymentBatchTable.state.decode(String(row.state)) as PaymentBatch, version: Number(row.version) })),
          page,
          pageSize,
          totalItems: Number(count.n),
        })),
      ),
    nextPaymentBatchKey: (orgId, company) => nextCounterValue(session, orgId, `payment_batch_key:${company}`),
    findLineByExportTransactionId: (orgId, exportTransactionId) =>
      query("finding a payment batch line", () =>
        db
          .selectFrom("payment_batch_lines")
          .select(["payment_batch_id", "line_id"])
          .where("org_id", "=", orgId)
          .where("export_transaction_id", "=", exportTransactionId)
          .executeTakeFirst(),
      ).pipe(Effect.map((row) => Option.map(Option.fromNullable(row), location))),
    findExportedLinesBySourceDoc: (orgId, sourceDoc) =>
      query("finding payment batch lines", () =>
        db
          .selectFrom("payment_batch_lines")
          .select(["payment_batch_id", "line_id"])
          .where("org_id", "=", orgId)
          .where("source_doc", "=", sourceDoc)
          .where("export_transaction_id", "is not", null)
          .orderBy((eb) => dialect.codePointOrder(eb.ref("payment_batch_id")))
          .orderBy((eb) => dialect.codePointOrder(eb.ref("line_id")))
          .execute(),
      ).pipe(Effect.map((rows) => rows.map(location))),
    findExportedLinesByGroup: (orgId, exportTransactionGroupId) =>
      query("finding payment batch lines", () =>
        db
          .selectFrom("payment_batch_lines")
          .select(["payment_batch_id", "line_id"])
          .where("org_id", "=", orgId)
          .where("export_transaction_group_id", "=", exportTransactionGroupId)
          .where("export_transaction_id", "is not", null)
          .orderBy("payment_batch_id")
          .orderBy("position")
          .execute(),
      ).pipe(Effect.map((rows) => rows.map(location))),
  };
};
