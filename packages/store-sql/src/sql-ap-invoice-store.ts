/**
 * AP invoices (seed 001): one column per property (so `/odata/Invoices` queries are SQL), unique
 * per organization by id and by `invoiceNo` + `vendorNo`.
 *
 * Every change is a pure function of the core's ap-invoice.ts applied to the invoice as stored:
 * the rows are read locked (`FOR UPDATE` on PostgreSQL; SQLite's transaction is exclusive), the
 * function decides, and the result is written in the same unit of work, so no concurrent unit of
 * work can put an invoice in two batches or overwrite a batched one. Uploads are written in
 * multi-row upserts whose DO UPDATE also refuses a Batched or Exported row, which covers an
 * invoice created concurrently after the read.
 */
import { Effect, Option } from "effect";
import type { ExpressionBuilder } from "kysely";
import {
  AP_INVOICE_KEY_CONSTRAINT,
  apInvoiceCatalogue,
  searchableProperties,
  apInvoiceStatusIdOf,
  batchApInvoice,
  exportApInvoice,
  unbatchApInvoice,
  upsertApInvoice,
  type ApInvoice,
  type ApInvoiceStore,
  type ApInvoiceUpsert,
  type CollectionQuery,
  type OrganizationId,
} from "@batch/core";
import { insertMany, rowsPerStatement, upsertMany } from "./bulk-write";
import type { SqlSession } from "./dialects/dialect";
import { propertiesOf, propertyColumnsOf, rowOf } from "./property-columns";
import { buildSqlCollectionQuery, runSqlCollectionQuery, type QueryableTable } from "./sql-collection-query";
import { query } from "./store-effect";

const columns = propertyColumnsOf(apInvoiceCatalogue);
/** Every string column, as migration 0009 indexes them for `contains` and `$search`. */
const TEXT_COLUMNS = searchableProperties(apInvoiceCatalogue).map((property) => columns[property]?.column ?? property);
const queryable: QueryableTable = {
  table: "ap_invoices",
  catalogue: apInvoiceCatalogue,
  columns,
  textIndex: { table: "ap_invoices", ftsTable: "ap_invoices_search", columns: TEXT_COLUMNS },
};
const conflictNames = {
  "ap_invoices.ap_matched_invoice_id": AP_INVOICE_KEY_CONSTRAINT,
  "ap_invoices.vendor_no+invoice_no": AP_INVOICE_KEY_CONSTRAINT,
};
/** Kept from the first write: the id and the creation fields. */
const KEPT = new Set(["ap_matched_invoice_id", "created_by", "created_by_user_name", "date_created"]);
const updatedColumns = Object.values(columns)
  .map((c) => c.column)
  .filter((c) => !KEPT.has(c));
const LOCKED_STATUS_IDS = [apInvoiceStatusIdOf("Batched"), apInvoiceStatusIdOf("Exported")];

const invoiceOf = (row: Readonly<Record<string, unknown>>) => propertiesOf(columns, row) as ApInvoice;
const keyOf = (vendorNo: string, invoiceNo: string) => JSON.stringify([vendorNo, invoiceNo]);

export const makeSqlApInvoiceStore = (session: SqlSession): ApInvoiceStore => {
  const { db, dialect } = session;
  const rowFor = (orgId: OrganizationId, invoice: ApInvoice) => {
    const row = rowOf(columns, invoice);
    row.org_id = orgId;
    return row;
  };
  const chunkSize = rowsPerStatement(session, 3);

  /** The stored invoices with these ids, locked for the unit of work. */
  const readLocked = (orgId: OrganizationId, ids: ReadonlyArray<string>) =>
    Effect.forEach(
      Array.from({ length: Math.ceil(ids.length / chunkSize) }, (_, i) => ids.slice(i * chunkSize, (i + 1) * chunkSize)),
      (chunk) =>
        query("loading AP invoices", () =>
          dialect.lockForUpdate(db.selectFrom("ap_invoices").selectAll().where("org_id", "=", orgId).where("ap_matched_invoice_id", "in", chunk)).execute(),
        ),
    ).pipe(Effect.map((chunks) => new Map(chunks.flat().map((row) => [String(row.ap_matched_invoice_id), invoiceOf(row)]))));

  /** The stored invoices with these natural keys, locked for the unit of work. */
  const readLockedByKey = (orgId: OrganizationId, keys: ReadonlyArray<readonly [string, string]>) =>
    Effect.forEach(
      Array.from({ length: Math.ceil(keys.length / chunkSize) }, (_, i) => keys.slice(i * chunkSize, (i + 1) * chunkSize)),
      (chunk) =>
        query("loading AP invoices", () =>
          dialect
            .lockForUpdate(
              db
                .selectFrom("ap_invoices")
                .selectAll()
                .where("org_id", "=", orgId)
                .where((eb) => eb(eb.refTuple("vendor_no", "invoice_no"), "in", chunk.map(([v, i]) => eb.tuple(v, i)))),
            )
            .execute(),
        ),
    ).pipe(Effect.map((chunks) => new Map(chunks.flat().map((row) => [keyOf(String(row.vendor_no), String(row.invoice_no)), invoiceOf(row)]))));

  /** Replaces stored invoices (by id) with their changed values. */
  const rewrite = (orgId: OrganizationId, invoices: ReadonlyArray<ApInvoice>) =>
    upsertMany(session, "updating AP invoices", "ap_invoices", invoices.map((i) => rowFor(orgId, i)), {
      key: ["ap_matched_invoice_id"],
      update: updatedColumns,
    }).pipe(Effect.catchTag("Store.UniqueConflict", (e) => Effect.die(e)));

  const change = (orgId: OrganizationId, ids: ReadonlyArray<string>, f: (invoice: ApInvoice) => Option.Option<ApInvoice>) =>
    readLocked(orgId, ids).pipe(
      // One after the other, as separate calls would: an id listed twice meets its changed self.
      Effect.map((stored) =>
        ids.map((id) => {
          const changed = Option.flatMap(Option.fromNullable(stored.get(id)), f);
          if (Option.isSome(changed)) stored.set(id, changed.value);
          return changed;
        }),
      ),
      Effect.tap((changed) => rewrite(orgId, changed.flatMap((o) => (Option.isSome(o) ? [o.value] : [])))),
    );

  const changeOne = (orgId: OrganizationId, id: string, f: (invoice: ApInvoice) => Option.Option<ApInvoice>) =>
    change(orgId, [id], f).pipe(Effect.map((changed) => changed[0] ?? Option.none()));

  const selectOne = (orgId: OrganizationId, where: Readonly<Record<string, string>>) =>
    query("loading an AP invoice", () => {
      let select = db.selectFrom("ap_invoices").selectAll().where("org_id", "=", orgId);
      for (const [column, value] of Object.entries(where)) select = select.where(column, "=", value);
      return select.executeTakeFirst();
    }).pipe(Effect.map((row) => Option.map(Option.fromNullable(row), invoiceOf)));

  return {
    get: (orgId, id) => selectOne(orgId, { ap_matched_invoice_id: id }),
    findByKey: (orgId, { vendorNo, invoiceNo }) => selectOne(orgId, { vendor_no: vendorNo, invoice_no: invoiceNo }),
    insert: (orgId, invoice) => Effect.suspend(() => insertMany(session, "inserting an AP invoice", "ap_invoices", [rowFor(orgId, invoice)], conflictNames)),

    upsertFromRecords: (orgId, requests, stamp) =>
      Effect.gen(function* () {
        const keys = new Map(requests.map(({ data }) => [keyOf(data.vendorNo, data.invoiceNo), [data.vendorNo, data.invoiceNo] as const]));
        const current = yield* readLockedByKey(orgId, [...keys.values()]);
        const written = new Map<string, ApInvoice>();
        const outcomes = requests.map(({ apMatchedInvoiceId, data }): ApInvoiceUpsert => {
          const key = keyOf(data.vendorNo, data.invoiceNo);
          const outcome = upsertApInvoice(current.get(key), apMatchedInvoiceId, data, stamp);
          if (outcome._tag === "Inserted" || outcome._tag === "Updated") {
            current.set(key, outcome.invoice);
            written.set(key, outcome.invoice);
          }
          return outcome;
        });
        yield* upsertMany(
          session,
          "upserting AP invoices",
          "ap_invoices",
          [...written.values()].map((invoice) => rowFor(orgId, invoice)),
          {
            key: ["org_id", "vendor_no", "invoice_no"],
            update: updatedColumns,
            updateWhere: (eb: ExpressionBuilder<Record<string, Record<string, unknown>>, string>) =>
              eb(eb.ref("ap_invoices.matched_invoice_status_id"), "not in", LOCKED_STATUS_IDS),
          },
        ).pipe(Effect.catchTag("Store.UniqueConflict", (e) => Effect.die(e)));
        return outcomes;
      }),

    addToBatch: (orgId, id, batch, stamp) => changeOne(orgId, id, (invoice) => batchApInvoice(invoice, batch, stamp)),
    removeFromBatch: (orgId, id, apBatchId, stamp) => changeOne(orgId, id, (invoice) => unbatchApInvoice(invoice, apBatchId, stamp)),
    exportBatch: (orgId, apBatchId, ids, stamp) =>
      change(orgId, ids, (invoice) => exportApInvoice(invoice, apBatchId, stamp)).pipe(
        Effect.map((changed) => changed.flatMap((o) => (Option.isSome(o) ? [o.value] : []))),
      ),

    query: (orgId, collectionQuery, scope) =>
      runSqlCollectionQuery(
        session,
        queryable,
        { org_id: orgId, ...(scope?.apBatchId === undefined ? {} : { ap_batch_id: scope.apBatchId }) },
        collectionQuery,
      ).pipe(Effect.map(({ rows, count }) => ({ rows: rows.map(invoiceOf), ...(count === undefined ? {} : { count }) }))),
  };
};

/**
 * The SQL `query` runs for an organization's invoices (the page, and the count when asked),
 * compiled for the session's dialect: what benchmarks send straight through the driver.
 */
export const compileApInvoiceQuery = (session: SqlSession, orgId: OrganizationId, collectionQuery: CollectionQuery) => {
  const { rows, count } = buildSqlCollectionQuery(session, queryable, { org_id: orgId }, collectionQuery);
  return { rows: rows.compile(), ...(count === undefined ? {} : { count: count.compile() }) };
};
