/**
 * What differs between SQLite and PostgreSQL, as the stores see it. Everything else is written
 * once against `Kysely<Database>`.
 */
import type { Expression, Kysely, RawBuilder, SqlBool } from "kysely";
import type { Database } from "../schema";

export type DialectName = "sqlite" | "postgres";

export interface SqlDialect {
  readonly name: DialectName;
  /**
   * Most bind parameters one statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER (32,766
   * since 3.32), PostgreSQL's protocol limit (65,535). Bulk writes chunk rows to stay below it.
   */
  readonly maxBindParameters: number;
  /**
   * Locks the rows a claim selects and skips rows another transaction holds (PostgreSQL `FOR
   * UPDATE SKIP LOCKED`), so concurrent claimers never wait for or take the same row. SQLite has
   * one writer: a claim is a single UPDATE statement and needs no row lock.
   */
  readonly lockSkippingLocked: <Q extends { forUpdate(): Q; skipLocked(): Q }>(query: Q) => Q;
  /**
   * Locks rows read in order to be changed, until the unit of work ends (PostgreSQL `FOR UPDATE`),
   * so a read-compute-write cannot lose a concurrent change. SQLite's transaction holds the only
   * write lock from its start (BEGIN IMMEDIATE) and needs none.
   */
  readonly lockForUpdate: <Q extends { forUpdate(): Q }>(query: Q) => Q;
  /**
   * Whether a failed statement aborts the surrounding transaction (PostgreSQL: "current
   * transaction is aborted"), so a write that may fail on a unique key runs under a savepoint
   * when the caller is to carry on after the conflict. SQLite undoes only the failed statement.
   */
  readonly failedStatementAbortsTransaction: boolean;
  /**
   * Case-sensitive text tests (OData `contains`, `startswith`, `endswith` compare exactly). Not
   * LIKE: SQLite's LIKE ignores ASCII case, and a needle would need its `%`/`_` escaped. NULL
   * when the value is NULL; the caller makes that false.
   */
  readonly textContains: (value: Expression<unknown>, needle: string) => RawBuilder<SqlBool>;
  readonly textStartsWith: (value: Expression<unknown>, prefix: string) => RawBuilder<SqlBool>;
  readonly textEndsWith: (value: Expression<unknown>, suffix: string) => RawBuilder<SqlBool>;
  /**
   * Unicode lower case, as JavaScript's toLowerCase (for `$search`): PostgreSQL's lower() under a
   * UTF-8 database; on SQLite, whose lower() folds only ASCII, a function registered at open.
   */
  readonly lowerCase: (value: Expression<unknown>) => RawBuilder<string>;
  /**
   * An expression that sorts exact decimals by value: PostgreSQL `numeric` sorts natively; SQLite
   * keeps decimals as text, so a function registered at open maps each to a text key whose
   * binary order is numeric order (exact at any size, unlike a cast to REAL).
   */
  readonly decimalOrder: (value: Expression<unknown>) => Expression<unknown>;
  /** Text sorted by Unicode code point: SQLite's default BINARY collation; PostgreSQL's "C" collation (its default follows the locale). */
  readonly codePointOrder: (value: Expression<unknown>) => Expression<unknown>;
  /**
   * A condition true for every row of `index`'s table whose text columns hold `needle` in any
   * case (a superset: the caller keeps its exact test), answered from the table's text index
   * (PostgreSQL: a pg_trgm GIN index on the lower-cased columns; SQLite: an FTS5 trigram table),
   * or undefined when the index cannot answer for this needle (too short, or not ASCII on SQLite,
   * whose FTS5 folds case differently from toLowerCase beyond ASCII).
   */
  readonly textIndexPrefilter: (index: TextSearchIndex, needle: string) => RawBuilder<SqlBool> | undefined;
}

/** A table's text index (migration 0009): the string columns it covers, in order. */
export interface TextSearchIndex {
  readonly table: string;
  /** SQLite: the FTS5 trigram table over `columns` (external content, rowid of `table`). */
  readonly ftsTable: string;
  readonly columns: ReadonlyArray<string>;
}

/** The database a store works on: the root connection, or the transaction of a unit of work. */
export interface SqlSession {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
  /** True inside a unit of work's transaction (a savepoint is possible, the connection is held). */
  readonly inTransaction: boolean;
}

/** An open database: the root session, and how to let it go. */
export interface SqlDatabase extends SqlSession {
  /** The URL it was opened from, without any password. */
  readonly description: string;
  /** PostgreSQL: the schema named by the URL's `schema` parameter, when it names one. */
  readonly schema?: string;
  /** Closes every connection. Idempotent. */
  readonly close: () => Promise<void>;
}
