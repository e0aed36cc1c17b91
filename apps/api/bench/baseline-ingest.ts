/**
 * Ingest baseline for the benchmark: the CSV file streamed through csv-parse into better-sqlite3
 * with one prepared INSERT per row in one transaction: the floor of what reading and storing
 * these rows costs, without validation, upserts or per-item results. Prints `{"rows", "seconds"}`.
 *
 * csv-parse and better-sqlite3 are the codecs' and the SQL store's dependencies; they are loaded
 * from those packages so the service and its baseline use the same copies.
 */
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packages = fileURLToPath(new URL("../../../packages/", import.meta.url));
const { parse } = createRequire(path.join(packages, "codecs/package.json"))("csv-parse") as {
  parse: (options: Record<string, unknown>) => NodeJS.ReadWriteStream & AsyncIterable<Array<string>>;
};
type Statement = { run: (...values: Array<string | null>) => unknown };
type Sqlite = { exec: (sql: string) => void; prepare: (sql: string) => Statement; pragma: (p: string) => unknown; close: () => void };
const Database = createRequire(path.join(packages, "store-sql/package.json"))("better-sqlite3") as new (file: string) => Sqlite;

const file = process.argv[2];
if (file === undefined) throw new Error("usage: baseline-ingest.ts <file.csv>");
const dir = mkdtempSync(path.join(tmpdir(), "bp-baseline-"));
const db = new Database(path.join(dir, "baseline.db"));
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");

const started = process.hrtime.bigint();
const parser = createReadStream(file).pipe(parse({ relax_column_count: true }));
let header: Array<string> | undefined;
let insert: Statement | undefined;
let rows = 0;
db.exec("begin");
for await (const record of parser as AsyncIterable<Array<string>>) {
  if (header === undefined) {
    header = record;
    db.exec(`create table invoices (${header.map((c) => `"${c}" text`).join(", ")})`);
    insert = db.prepare(`insert into invoices values (${header.map(() => "?").join(", ")})`);
    continue;
  }
  insert?.run(...record.map((v) => (v === "" ? null : v)));
  rows += 1;
}
db.exec("commit");
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
db.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ rows, seconds })}\n`);
