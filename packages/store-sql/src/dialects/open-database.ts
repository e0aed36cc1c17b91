import { Either } from "effect";
import type { SqlDatabase } from "./dialect";
import { parseDatabaseUrl } from "./database-url";
import { openPostgres, type PostgresOptions } from "./postgres";
import { openSqlite } from "./sqlite";
import { migrateToLatest } from "../migrations";

export interface OpenDatabaseOptions extends PostgresOptions {
  /** Bring the schema to the latest migration before returning (default true: API.md runs migrations at start). */
  readonly migrate?: boolean;
  /** Base of a relative `sqlite:` path (default: the working directory). */
  readonly cwd?: string;
}

/**
 * Opens the database a `BATCH_DATABASE_URL` names and, unless told not to, migrates it. Throws
 * an Error naming the variable when the URL is malformed, and the driver's error when the
 * database cannot be opened or migrated (the connections are closed again then).
 */
export const openDatabase = async (url: string, options: OpenDatabaseOptions = {}): Promise<SqlDatabase> => {
  const parsed = parseDatabaseUrl(url, options.cwd);
  if (Either.isLeft(parsed)) throw new Error(`BATCH_DATABASE_URL ${parsed.left}`);
  const target = parsed.right;
  const database =
    target._tag === "postgres" ? openPostgres(target, options) : openSqlite(target._tag === "sqlite" ? target.path : ":memory:");
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(database);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
};
