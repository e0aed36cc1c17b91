/**
 * Second ingest reference for the benchmark: the least work that storing these invoices the way
 * the service stores them can cost, to tell the service's own overhead from the cost of its data.
 * csv-parse reads the CSV, and better-sqlite3 inserts, per row, the invoice into the service's
 * `ap_invoices` table (its migrations: every column, the id and natural-key unique indexes and the
 * query indexes; the id derived as the service derives it) and the item's result into
 * `erp_batch_items`, in multi-row prepared statements, one transaction per 5,000 rows as the
 * worker commits, stamped with the time of their chunk as the worker stamps them, with the
 * service's connection settings (`configureSqliteConnection`: WAL, synchronous=FULL, its page
 * cache and checkpoint interval). Nothing is validated, looked up or upserted. Prints
 * `{"rows", "seconds"}`.
 */
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apInvoiceIdOf, DEFAULT_APPLY_CHUNK_SIZE, type OrganizationId } from "@batch/core";
import { configureSqliteConnection, openDatabase } from "@batch/store-sql";

const packages = fileURLToPath(new URL("../../../packages/", import.meta.url));
const { parse } = createRequire(path.join(packages, "codecs/package.json"))("csv-parse") as {
  parse: (options: Record<string, unknown>) => NodeJS.ReadWriteStream & AsyncIterable<Array<string>>;
};
type Statement = { run: (parameters: ReadonlyArray<unknown>) => unknown };
type Sqlite = { exec: (sql: string) => void; prepare: (sql: string) => Statement; pragma: (p: string) => unknown; close: () => void };
const Database = createRequire(path.join(packages, "store-sql/package.json"))("better-sqlite3") as new (file: string) => Sqlite;

const file = process.argv[2];
if (file === undefined) throw new Error("usage: storage-floor-ingest.ts <file.csv>");
const dir = mkdtempSync(path.join(tmpdir(), "bp-floor-"));
const dbFile = path.join(dir, "floor.db");
const migrated = await openDatabase(`sqlite:${dbFile}`);
await migrated.close();
const db = new Database(dbFile);
configureSqliteConnection(db);

const ORG = "bench-org" as OrganizationId;
const BATCH = "bench-batch";
/** The unit of work's time, as the worker stamps a chunk: `date_created` of the rows it creates. */
let at = new Date().toISOString();
const INVOICE_COLUMNS = [
  "org_id", "ap_matched_invoice_id", "vendor_no", "invoice_no", "vendor_name", "invoice_date", "invoice_due_date",
  "invoice_validation_total", "tax_amount", "reference", "notes", "po_type", "matched_invoice_status_id", "matched_invoice_status",
  "created_by", "created_by_user_name", "date_created", "last_updated", "last_updated_by", "last_updated_by_user_name",
];
const ITEM_COLUMNS = ["org_id", "batch_id", "item_number", "status", "key", "errors"];

/** A multi-row INSERT per row count, prepared once, as the service's stores write. */
const inserter = (table: string, columns: ReadonlyArray<string>) => {
  const perStatement = Math.min(1000, Math.floor(32_766 / columns.length));
  const statements = new Map<number, Statement>();
  const statementFor = (rows: number) => {
    let statement = statements.get(rows);
    if (statement === undefined) {
      const row = `(${columns.map(() => "?").join(", ")})`;
      statement = db.prepare(`insert into ${table} (${columns.join(", ")}) values ${Array.from({ length: rows }, () => row).join(", ")}`);
      statements.set(rows, statement);
    }
    return statement;
  };
  return (rows: ReadonlyArray<ReadonlyArray<unknown>>) => {
    for (let start = 0; start < rows.length; start += perStatement) {
      const slice = rows.slice(start, start + perStatement);
      statementFor(slice.length).run(slice.flat());
    }
  };
};
const insertInvoices = inserter("ap_invoices", INVOICE_COLUMNS);
const insertItems = inserter("erp_batch_items", ITEM_COLUMNS);

const started = process.hrtime.bigint();
const parser = createReadStream(file).pipe(parse({ relax_column_count: true }));
let header: Map<string, number> | undefined;
let invoices: Array<ReadonlyArray<unknown>> = [];
let items: Array<ReadonlyArray<unknown>> = [];
let rows = 0;
const commit = () => {
  db.exec("begin immediate");
  insertInvoices(invoices);
  insertItems(items);
  db.exec("commit");
  invoices = [];
  items = [];
  at = new Date().toISOString();
};
for await (const record of parser as AsyncIterable<Array<string>>) {
  if (header === undefined) {
    header = new Map(record.map((name, i) => [name, i]));
    continue;
  }
  const cell = (name: string): string | null => {
    const value = record[header?.get(name) ?? -1];
    return value === undefined || value === "" ? null : value;
  };
  const vendorNo = cell("vendorNo") ?? "";
  const invoiceNo = cell("invoiceNo") ?? "";
  rows += 1;
  invoices.push([
    ORG, apInvoiceIdOf(ORG, vendorNo, invoiceNo), vendorNo, invoiceNo, cell("vendorName"), cell("invoiceDate"), cell("invoiceDueDate"),
    cell("invoiceValidationTotal"), cell("taxAmount"), cell("reference"), cell("notes"), cell("poType"), 3, "Vouchered",
    "worker", "worker", at, at, "worker", "worker",
  ]);
  items.push([ORG, BATCH, rows, "COMPLETE", `${invoiceNo}/${vendorNo}`, "[]"]);
  if (invoices.length >= DEFAULT_APPLY_CHUNK_SIZE) commit();
}
if (invoices.length > 0) commit();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
db.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ rows, seconds })}\n`);
