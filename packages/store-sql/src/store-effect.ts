/**
 * Kysely promises as Effects with port errors. Stores never let a driver error escape: it
 * becomes UniqueConflict (a natural key is taken) or StoreUnavailable (with the driver error as
 * its cause, which the unit of work reads to decide on a retry).
 */
import { Effect } from "effect";
import { sql } from "kysely";
import type { StoreUnavailable, UniqueConflict } from "@batch/core";
import type { SqlSession } from "./dialects/dialect";
import { storeUnavailable, toStoreError } from "./dialects/errors";

/** A read, or a write that cannot clash with a unique key. */
export const query = <A>(what: string, run: () => Promise<A>): Effect.Effect<A, StoreUnavailable> =>
  Effect.tryPromise({ try: run, catch: (cause) => storeUnavailable(what, cause) });

/**
 * A write that may clash with a unique key. On PostgreSQL inside a transaction it runs under a
 * savepoint, so after a UniqueConflict the unit of work can go on (return the existing batch,
 * report a conflict) instead of finding its transaction aborted. `conflictNames` renames keys
 * ("<table>.<columns>", see dialects/errors.ts) to the constraint names a port promises.
 */
export const guardedWrite = <A>(
  session: SqlSession,
  what: string,
  run: () => Promise<A>,
  conflictNames?: Readonly<Record<string, string>>,
): Effect.Effect<A, UniqueConflict | StoreUnavailable> => {
  if (!(session.inTransaction && session.dialect.failedStatementAbortsTransaction)) {
    return Effect.tryPromise({ try: run, catch: (cause) => toStoreError(what, cause, conflictNames) });
  }
  const { db } = session;
  return Effect.tryPromise({
    try: async () => {
      await sql`savepoint guarded_write`.execute(db);
      try {
        const result = await run();
        await sql`release savepoint guarded_write`.execute(db);
        return result;
      } catch (error) {
        await sql`rollback to savepoint guarded_write`.execute(db);
        await sql`release savepoint guarded_write`.execute(db);
        throw error;
      }
    },
    catch: (cause) => toStoreError(what, cause, conflictNames),
  });
};
