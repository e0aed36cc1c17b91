/**
 * Measures how fast records are ingested through the stores, with production settings (SQLite
 * WAL + synchronous=FULL, PostgreSQL with synchronous_commit on): rows per second for a chunk
 * applied in one unit of work. Not part of the test run; numbers go to docs/storage.md.
 *
 *   npx tsx test/ingest-speed.ts [rows]      (default 200000)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { Effect } from "effect";
import type { Company, OrganizationId } from "@batch/core";
import { makeSqlStores, makeSqlUnitOfWork, openDatabase, type SqlDatabase } from "../src";
import { POSTGRES_URL } from "./databases";

const rows = Number(process.argv[2] ?? 200_000);
const ORG = "org-speed" as OrganizationId;
const companies: ReadonlyArray<Company> = Array.from({ length: rows }, (_, i) => ({
  referenceId: `C${i}`,
  name: `Company number ${i}`,
  registeredCountry: "DE",
  registeredRegion: "BY",
}));
const results = companies.map((c, i) => ({ itemNumber: i + 1, status: "COMPLETE" as const, key: c.referenceId, errors: [] }));

const measure = async (label: string, database: SqlDatabase) => {
  const uow = makeSqlUnitOfWork(database, makeSqlStores);
  const time = async (what: string, work: Parameters<typeof uow.run>[0]) => {
    const start = performance.now();
    await Effect.runPromise(uow.run(work));
    const seconds = (performance.now() - start) / 1000;
    console.log(`${label.padEnd(10)} ${what.padEnd(44)} ${Math.round(rows / seconds).toLocaleString("en").padStart(9)} rows/s`);
  };
  await time("ERP record upsert (insert), one transaction", ({ companies: store }) => store.upsertMany(ORG, companies));
  await time("ERP record upsert (replace), one transaction", ({ companies: store }) => store.upsertMany(ORG, companies));
  await time("item results (8 columns), one transaction", ({ erpBatchItems }) => erpBatchItems.recordResults(ORG, "b1", results));
};

const dir = mkdtempSync(join(tmpdir(), "bp-speed-"));
const sqlite = await openDatabase(`sqlite:${join(dir, "speed.db")}`);
await measure("SQLite", sqlite);
await sqlite.close();
rmSync(dir, { recursive: true, force: true });

const schema = `bp_test_${process.pid}_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: POSTGRES_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);
try {
  const postgres = await openDatabase(`${POSTGRES_URL}?schema=${schema}`);
  await measure("PostgreSQL", postgres);
  await postgres.close();
} finally {
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
