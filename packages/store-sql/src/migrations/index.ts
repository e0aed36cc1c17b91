/**
 * Schema migrations, listed statically (no directory scan at run time, so bundling or moving
 * the code cannot lose one). Each dialect has the same file set; a test checks the names match.
 * Migrations only move forward: each one upgrades a database of the previous one and keeps its
 * data. All pending migrations run in one transaction (both dialects have transactional DDL),
 * under kysely's migration lock, so concurrent starts cannot apply one twice.
 */
import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResult } from "kysely";
import type { DialectName, SqlDatabase } from "../dialects/dialect";
import * as postgres0001 from "./postgres/0001-foundation";
import * as sqlite0001 from "./sqlite/0001-foundation";
import * as postgresIdentity from "./postgres/0002-identity";
import * as sqliteIdentity from "./sqlite/0002-identity";
import * as postgres0003 from "./postgres/0003-ap";
import * as sqlite0003 from "./sqlite/0003-ap";
import * as postgres0004 from "./postgres/0004-ebill";
import * as sqlite0004 from "./sqlite/0004-ebill";
import * as postgres0005 from "./postgres/0005-payments";
import * as sqlite0005 from "./sqlite/0005-payments";
import * as postgres0006 from "./postgres/0006-erp";
import * as sqlite0006 from "./sqlite/0006-erp";
import * as postgres0007 from "./postgres/0007-idempotency";
import * as sqlite0007 from "./sqlite/0007-idempotency";
import * as postgres0008 from "./postgres/0008-outbound-payload-json";
import * as sqlite0008 from "./sqlite/0008-outbound-payload-json";
import * as postgres0009 from "./postgres/0009-ap-invoice-query-indexes";
import * as sqlite0009 from "./sqlite/0009-ap-invoice-query-indexes";
import * as postgres0010 from "./postgres/0010-payment-line-groups";
import * as sqlite0010 from "./sqlite/0010-payment-line-groups";

export const migrations: Readonly<Record<DialectName, Readonly<Record<string, Migration>>>> = {
  sqlite: {
    "0001-foundation": sqlite0001,
    "0002-identity": sqliteIdentity,
    "0003-ap": sqlite0003,
    "0004-ebill": sqlite0004,
    "0005-payments": sqlite0005,
    "0006-erp": sqlite0006,
    "0007-idempotency": sqlite0007,
    "0008-outbound-payload-json": sqlite0008,
    "0009-ap-invoice-query-indexes": sqlite0009,
    "0010-payment-line-groups": sqlite0010,
  },
  postgres: {
    "0001-foundation": postgres0001,
    "0002-identity": postgresIdentity,
    "0003-ap": postgres0003,
    "0004-ebill": postgres0004,
    "0005-payments": postgres0005,
    "0006-erp": postgres0006,
    "0007-idempotency": postgres0007,
    "0008-outbound-payload-json": postgres0008,
    "0009-ap-invoice-query-indexes": postgres0009,
    "0010-payment-line-groups": postgres0010,
  },
};

const provider = (dialect: DialectName): MigrationProvider => ({
  getMigrations: async () => ({ ...migrations[dialect] }),
});

/** Where kysely keeps its bookkeeping tables: beside ours, in the URL's schema or the connection's current one. */
const bookkeepingSchema = async (database: SqlDatabase): Promise<string | undefined> => {
  if (database.dialect.name !== "postgres") return undefined;
  if (database.schema !== undefined) return database.schema;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(database.db);
  return rows[0]?.schema ?? "public";
};

/** A kysely Migrator over this database's migrations, for tests and tools that move step by step. */
export const makeMigrator = async (database: SqlDatabase): Promise<Migrator> => {
  const schema = await bookkeepingSchema(database);
  return new Migrator({
    db: database.db,
    provider: provider(database.dialect.name),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
};

/** Throws an Error naming the migration that failed; nothing of the pending migrations is kept then. */
const unwrap = (database: SqlDatabase, outcome: { error?: unknown; results?: MigrationResult[] }): ReadonlyArray<string> => {
  if (outcome.error !== undefined) {
    const failed = outcome.results?.find((r) => r.status === "Error")?.migrationName;
    const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    throw new Error(`migrating ${database.description}${failed === undefined ? "" : ` at ${failed}`} failed: ${reason}`, { cause: outcome.error });
  }
  return (outcome.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
};

/** Applies every pending migration; returns the names applied (none when up to date). */
export const migrateToLatest = async (database: SqlDatabase): Promise<ReadonlyArray<string>> =>
  unwrap(database, await (await makeMigrator(database)).migrateToLatest());

/** Applies pending migrations up to and including `name` (tests of upgrades from an older schema). */
export const migrateTo = async (database: SqlDatabase, name: string): Promise<ReadonlyArray<string>> =>
  unwrap(database, await (await makeMigrator(database)).migrateTo(name));
