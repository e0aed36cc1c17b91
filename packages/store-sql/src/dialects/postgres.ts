/**
 * PostgreSQL through a `pg` pool. Transactions run at READ COMMITTED: aggregates are guarded by
 * their `version` column and job claims by row locks, so no transaction needs SERIALIZABLE; a
 * deadlock (40P01) is still retried by the unit of work.
 *
 * Values come back in the shapes SQLite gives, so stores are written once: `numeric` as its
 * exact text (pg's default), `bigint` as a number (ids and counts stay far below 2^53),
 * `timestamptz` as an ISO 8601 UTC string with milliseconds, `json`/`jsonb` as the raw text.
 */
import pg from "pg";
import { Kysely, PostgresDialect, sql, type RawBuilder, type SqlBool } from "kysely";
import type { Database } from "../schema";
import type { SqlDatabase, SqlDialect } from "./dialect";

export const postgresDialect: SqlDialect = {
  name: "postgres",
  maxBindParameters: 65_535,
  lockSkippingLocked: (query) => query.forUpdate().skipLocked(),
  lockForUpdate: (query) => query.forUpdate(),
  failedStatementAbortsTransaction: true,
  textContains: (value, needle) => sql<boolean>`(strpos(${value}, ${needle}::text) > 0)`,
  textStartsWith: (value, prefix) => sql<boolean>`starts_with(${value}, ${prefix}::text)`,
  textEndsWith: (value, suffix) => sql<boolean>`(right(${value}, char_length(${suffix}::text)) = ${suffix}::text)`,
  lowerCase: (value) => sql<string>`lower(${value})`,
  decimalOrder: (value) => value,
  codePointOrder: (value) => sql`${value} collate "C"`,
  textIndexPrefilter: (index, needle) =>
    // Trigrams need 3 characters; beyond ASCII lower() and toLowerCase may differ.
    [...needle].length < 3 || !/^[\x20-\x7e]*$/.test(needle)
      ? undefined
      : sql<SqlBool>`(${lowerConcatenation(index.columns)} like ${`%${escapeLike(needle.toLowerCase())}%`} escape '\\')`,
};

// Type OIDs from pg_type.
const INT8 = 20;
const JSON_OID = 114;
const JSONB = 3802;
const TIMESTAMPTZ = 1184;

const parseInt8 = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} does not fit a JavaScript number exactly`);
  return n;
};

const defaultTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ) as (value: string) => Date;
const parseTimestamptz = (value: string): string => defaultTimestamptz(value).toISOString();
const keepText = (value: string): string => value;

const typeParsers: Readonly<Record<number, (value: string) => unknown>> = {
  [INT8]: parseInt8,
  [JSON_OID]: keepText,
  [JSONB]: keepText,
  [TIMESTAMPTZ]: parseTimestamptz,
};

const types = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    (format ?? "text") === "text" && typeParsers[oid] !== undefined ? typeParsers[oid] : pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

export interface PostgresOptions {
  /** Most connections the pool opens (default 10). */
  readonly poolSize?: number;
  /**
   * How long a unit of work waits for a pooled connection, or for a new connection to open,
   * before it fails with StoreUnavailable (default 5000 ms). Without a bound, requests arriving
   * faster than transactions finish would queue for ever; with it they are refused (503) while
   * the pool is busy, and served again as soon as it is not.
   */
  readonly poolTimeoutMs?: number;
  /**
   * Called when a pooled connection fails (the server restarted, a network cut,
   * pg_terminate_backend), idle or in use. The pool drops that connection and opens a new one on
   * demand; a query that was running on it fails on its own.
   */
  readonly onConnectionError?: (error: Error) => void;
}

export const openPostgres = (
  target: { readonly connectionString: string; readonly schema?: string; readonly options?: string; readonly redacted: string },
  options: PostgresOptions = {},
): SqlDatabase => {
  // The schema name was checked to be a plain identifier (database-url.ts), so it needs no quoting.
  const serverOptions = [target.options, target.schema === undefined ? undefined : `-c search_path=${target.schema}`].filter((o) => o !== undefined).join(" ");
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.poolTimeoutMs ?? 5000,
    // A server that vanished without closing the connection (a cut network) is noticed.
    keepAlive: true,
    types,
    // The schema too, so an operator (or a fault test) tells services sharing a database apart.
    application_name: (target.schema === undefined ? "batchport" : `batchport/${target.schema}`).slice(0, 63),
    ...(serverOptions === "" ? {} : { options: serverOptions }),
  });
  const onConnectionError = options.onConnectionError ?? (() => undefined);
  pool.on("error", onConnectionError);
  // pg-pool listens for a client's 'error' only while the client is idle, and a client in use
  // whose connection ends emits one (even between the queries of a transaction); unheard, it would
  // end the process. The client is then not queryable: its next query fails, and the pool drops it
  // when it is released.
  pool.on("connect", (client) => client.on("error", onConnectionError));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    dialect: postgresDialect,
    inTransaction: false,
    description: target.redacted,
    ...(target.schema === undefined ? {} : { schema: target.schema }),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
};

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The expression the trigram index of migration 0009 is built on: the lower-cased string columns
 * joined by U+001F. It must be written exactly so for the planner to use the index (concat_ws
 * is not immutable, hence coalesce and ||).
 */
export const lowerConcatenation = (columns: ReadonlyArray<string>): RawBuilder<string> =>
  sql<string>`lower(${sql.raw(columns.map((c) => `coalesce("${c}", '')`).join(" || chr(31) || "))})`;
