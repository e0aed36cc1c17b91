/**
 * Fresh databases for the contract suites, cheaply: each test file migrates one PostgreSQL schema
 * and one SQLite file once; a test then gets the schema emptied (DELETE of every row)
 * or a copy of the migrated file. Tests in a file run one after the other, so they never share
 * rows; the schema is dropped and the files removed when the file's tests end. Neither waits
 * for its disk at commit (durability is checked in dialects.test.ts, behaviour here).
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { sql } from "kysely";
import { makeSqlStores, makeSqlUnitOfWork, openDatabase, type SqlDatabase, type SqlSession } from "../src";
import { openTestPostgres, openTestSqlite } from "./databases";

let postgres: Promise<SqlDatabase> | undefined;
let sqliteTemplate: Promise<{ readonly path: string; readonly dir: string }> | undefined;
const scratch = mkdtempSync(join(tmpdir(), "bp-sqlite-copies-"));
let copies = 0;

afterAll(async () => {
  await (await postgres)?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The file's PostgreSQL schema with every table emptied; closing it keeps the schema for the next test. */
export const freshPostgres = async (): Promise<SqlDatabase> => {
  const database = await (postgres ??= openTestPostgres());
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = ${database.schema} and table_type = 'BASE TABLE' and table_name not like 'kysely%'`.execute(database.db);
  // DELETE, not TRUNCATE: on a few rows it is much cheaper (TRUNCATE makes new files for every table). Identity columns keep counting.
  await sql.raw(rows.map((r) => `delete from "${r.name}";`).join(" ")).execute(database.db);
  return { ...database, close: async () => undefined };
};

/** A copy of a SQLite file migrated once for this test file. */
export const freshSqlite = async (): Promise<SqlDatabase & { readonly path: string }> => {
  const template = await (sqliteTemplate ??= openTestSqlite().then(async (db) => {
    const dir = mkdtempSync(join(tmpdir(), "bp-sqlite-template-"));
    const path = join(dir, "template.db");
    // VACUUM INTO writes a complete, checkpointed copy (no -wal file to carry along).
    await sql`vacuum into ${path}`.execute(db.db);
    await db.close();
    return { path, dir };
  }));
  copies += 1;
  const path = join(scratch, `copy-${copies}.db`);
  copyFileSync(template.path, path);
  const database = await openDatabase(`sqlite:${path}`, { migrate: false });
  // As for PostgreSQL (databases.ts): behaviour is under test, not the disk's fsync.
  await sql`pragma synchronous = OFF`.execute(database.db);
  return {
    ...database,
    path,
    close: async () => {
      await database.close();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    },
  };
};

/** The databases every contract suite runs against. */
export const testDatabases: ReadonlyArray<readonly [string, () => Promise<SqlDatabase>]> = [
  ["SQLite", freshSqlite],
  ["PostgreSQL", freshPostgres],
];

/** A fresh database with a unit of work over the stores `pick` takes from the full bag. */
export const sqlFixture =
  <Stores>(open: () => Promise<SqlDatabase>, pick: (stores: ReturnType<typeof makeSqlStores>, session: SqlSession) => Stores) =>
  async () => {
    const database = await open();
    return {
      uow: makeSqlUnitOfWork(database, (session) => pick(makeSqlStores(session), session)),
      close: () => database.close(),
    };
  };
