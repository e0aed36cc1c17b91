/**
 * SQLite through better-sqlite3 (synchronous; kysely's SqliteDialect runs it on one connection
 * behind a mutex, so a transaction holds the connection and everything else in the process
 * waits for it).
 *
 * Durability (docs/storage.md): WAL with `synchronous=FULL`. In WAL mode NORMAL already keeps
 * every committed transaction through a crash of the process (the WAL write has reached the
 * operating system before COMMIT returns); FULL adds an fsync of the WAL at each commit, so a
 * commit also survives an operating-system crash or a power loss. A 201 for a received block
 * tells the ERP it may forget the block, so the commit behind it must outlive the machine, not
 * only the process; the price is one fsync per transaction, which bulk writes amortise.
 */
import BetterSqlite3 from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver, type SqlBool, type SqliteDatabase } from "kysely";
import type { Database } from "../schema";
import { decimalOrderKey } from "./decimal-order-key";
import type { SqlDatabase, SqlDialect } from "./dialect";
import { makeLruCache } from "../lru-cache";

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;
/**
 * The connection's page cache, in KiB (SQLite's default is 2 MiB). Bulk upserts land on pages
 * all over the invoices' unique indexes; with the default cache those pages are read back from
 * the file for every chunk.
 */
const PAGE_CACHE_KIB = 32 * 1024;
/**
 * Pages the WAL may hold before a commit copies them into the database file (SQLite's default
 * is 1,000, 4 MB). One chunk of a bulk upsert can dirty more than that, so with the default every
 * commit is followed by a checkpoint that writes and fsyncs the same index pages again; a larger
 * WAL copies a page once for many commits. `journal_size_limit` gives the space back after a
 * checkpoint.
 */
const WAL_CHECKPOINT_PAGES = 16_384;
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export const sqliteDialect: SqlDialect = {
  name: "sqlite",
  maxBindParameters: 32_766,
  lockSkippingLocked: (query) => query,
  lockForUpdate: (query) => query,
  failedStatementAbortsTransaction: false,
  textContains: (value, needle) => sql<boolean>`(instr(${value}, ${needle}) > 0)`,
  // substr counts characters as length does; an empty affix is handled by the caller's guard.
  textStartsWith: (value, prefix) => sql<boolean>`(substr(${value}, 1, length(${prefix})) = ${prefix})`,
  textEndsWith: (value, suffix) => sql<boolean>`(substr(${value}, -length(${suffix})) = ${suffix})`,
  lowerCase: (value) => sql<string>`bp_lower(${value})`,
  decimalOrder: (value) => sql`bp_decimal_order(${value})`,
  codePointOrder: (value) => value,
  textIndexPrefilter: (index, needle) =>
    // Trigrams need 3 characters; beyond ASCII FTS5's case folding and toLowerCase may differ.
    [...needle].length < 3 || !/^[\x20-\x7e]*$/.test(needle)
      ? undefined
      : sql<SqlBool>`(rowid in (select rowid from ${sql.table(index.ftsTable)} where ${sql.table(index.ftsTable)} match ${`"${needle.replace(/"/g, '""')}"`}))`,
};

/** The functions `sqliteDialect` calls, registered on every connection. */
/** The functions the SQLite queries call (bp_lower, bp_decimal_order), for a connection opened elsewhere. */
export const registerFunctions = (database: BetterSqlite3.Database): void => {
  database.function("bp_lower", { deterministic: true }, (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value));
  database.function("bp_decimal_order", { deterministic: true }, (value: unknown) =>
    value === null || value === undefined ? null : decimalOrderKey(String(value)),
  );
};

/**
 * Transactions start with BEGIN IMMEDIATE: the write lock is taken at the start, so two
 * processes on one file (an `api` and a `worker`) queue on busy_timeout instead of one of them
 * failing with SQLITE_BUSY when its read transaction tries to become a write transaction.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/** SQLite has transactional DDL; kysely's adapter says no only to stay safe for all builds. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Prepared statements kept per connection; least recently used ones are dropped first. A
 * prepared multi-row insert of 30,000 parameters takes a few MiB, and the stores use about a
 * dozen such shapes.
 */
const MAX_CACHED_STATEMENTS = 32;

/**
 * The connection as kysely's driver sees it, with prepared statements cached by their SQL:
 * kysely prepares every statement it runs, and preparing a multi-row insert of thousands of
 * parameters costs as much as running it. A cached statement is never used by two queries at
 * once, as the driver runs one query at a time on its single connection (a streamed query holds
 * the connection until its iterator ends).
 */
const withStatementCache = (database: BetterSqlite3.Database): SqliteDatabase => {
  const statements = makeLruCache<BetterSqlite3.Statement>(MAX_CACHED_STATEMENTS);
  return {
    close: () => database.close(),
    prepare: (text) => {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
};

class BatchportSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  constructor(database: BetterSqlite3.Database) {
    const cached = withStatementCache(database);
    super({ database: cached });
    this.#database = cached;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * The settings every connection to a Batchport SQLite file runs with: WAL, `synchronous=FULL`,
 * the page cache and checkpoint interval above, foreign keys, the busy timeout. Exported for the
 * benchmark's storage floor, which writes the service's tables as the service does.
 */
export const configureSqliteConnection = (database: { pragma: (source: string) => unknown }): void => {
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = FULL");
  database.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  database.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  database.pragma("foreign_keys = ON");
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
};

/** Opens (creating when missing, with its directory) the database file, or a private in-memory database for `:memory:`. */
export const openSqlite = (path: string | ":memory:"): SqlDatabase => {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  // The busy timeout, like every other setting, is configureSqliteConnection's.
  const database = new BetterSqlite3(path);
  try {
    configureSqliteConnection(database);
    registerFunctions(database);
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new BatchportSqliteDialect(database) });
  let closed = false;
  return {
    db,
    dialect: sqliteDialect,
    inTransaction: false,
    description: path === ":memory:" ? "sqlite::memory:" : `sqlite:${path}`,
    close: async () => {
      if (closed) return;
      closed = true;
      // Lets SQLite refresh the statistics its planner uses, as its documentation advises at close.
      if (database.open) database.pragma("optimize");
      await db.destroy();
    },
  };
};
