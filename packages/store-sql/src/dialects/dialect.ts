/**
 * What differs between SQLite and PostgreSQL, as the stores see it. Everything else is written
 * once against `Kysely<Database>`.
 */
import type { Kysely } from "kysely";
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
   * Whether a failed statement aborts the surrounding transaction (PostgreSQL: "current
   * transaction is aborted"), so a write that may fail on a unique key runs under a savepoint
   * when the caller is to carry on after the conflict. SQLite undoes only the failed statement.
   */
  readonly failedStatementAbortsTransaction: boolean;
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
