/**
 * Test databases. PostgreSQL is part of the normal test run, never skipped: each database gets
 * its own schema `bp_test_<pid>_<random>` on the test server, created when opened and dropped
 * when closed, so parallel test files and other people's runs never see each other's rows.
 * SQLite databases are temporary files (or `:memory:` where a file adds nothing).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type SqlDatabase } from "../src";

export const POSTGRES_URL = process.env.BATCH_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const admin = async <A>(f: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required by the store-sql tests and is not reachable at ${POSTGRES_URL} ` +
        `(${error instanceof Error ? error.message : String(error)}). Start it ` +
        "(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or point BATCH_TEST_POSTGRES_URL at one. " +
        "These tests fail rather than skip.",
      { cause: error },
    );
  }
  try {
    return await f(client);
  } finally {
    await client.end();
  }
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

let swept: Promise<void> | undefined;
/** Drops schemas left behind by test processes on this machine that died before closing them. */
const sweepAbandonedSchemas = () =>
  (swept ??= admin(async (client) => {
    const { rows } = await client.query<{ name: string }>("select nspname as name from pg_namespace where nspname like 'bp\\_test\\_%'");
    for (const { name } of rows) {
      const pid = Number(/^bp_test_(\d+)_/.exec(name)?.[1]);
      if (Number.isSafeInteger(pid) && pid !== process.pid && !isAlive(pid)) await client.query(`drop schema if exists ${name} cascade`);
    }
  }));

/**
 * A migrated PostgreSQL database in a schema of its own; `close` drops the schema. Commits do not
 * wait for the WAL flush (synchronous_commit=off): tests check behaviour, and a flush per commit
 * would dominate their time on a slow disk. Nothing else changes.
 */
export const openTestPostgres = async (options: { readonly migrate?: boolean; readonly poolSize?: number; readonly poolTimeoutMs?: number } = {}): Promise<SqlDatabase> => {
  await sweepAbandonedSchemas();
  const schema = `bp_test_${process.pid}_${randomBytes(5).toString("hex")}`;
  await admin((client) => client.query(`create schema ${schema}`));
  const url = `${POSTGRES_URL}${POSTGRES_URL.includes("?") ? "&" : "?"}schema=${schema}&options=${encodeURIComponent("-c synchronous_commit=off")}`;
  const database = await openDatabase(url, options);
  return {
    ...database,
    close: async () => {
      await database.close();
      await admin((client) => client.query(`drop schema if exists ${schema} cascade`));
    },
  };
};

/** Another connection pool on the same schema, as a second process would have. */
export const openPostgresPeer = (database: SqlDatabase, poolSize = 4): Promise<SqlDatabase> =>
  openDatabase(`${POSTGRES_URL}${POSTGRES_URL.includes("?") ? "&" : "?"}schema=${database.schema ?? ""}`, { migrate: false, poolSize });

/** A migrated SQLite database in a fresh temporary directory; `close` removes it. */
export const openTestSqlite = async (options: { readonly migrate?: boolean } = {}): Promise<SqlDatabase & { readonly path: string }> => {
  const dir = mkdtempSync(join(tmpdir(), "bp-sqlite-"));
  const path = join(dir, "batchport.db");
  const database = await openDatabase(`sqlite:${path}`, options);
  return {
    ...database,
    path,
    close: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
