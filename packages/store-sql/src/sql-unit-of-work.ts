/**
 * A unit of work is one database transaction: `work` runs against stores built on the
 * transaction; success commits, and any failure (a typed error, a defect, an interruption)
 * rolls back and is passed on unchanged.
 *
 * SQLite: BEGIN IMMEDIATE on the single connection, so units of work run one at a time (in this
 * process through kysely's connection mutex, across processes through SQLite's write lock).
 * PostgreSQL: READ COMMITTED on a pooled connection; a transaction that loses a race the
 * database reports as retryable (serialization failure 40001, deadlock 40P01) is rolled back and
 * run again from the start, which the port allows (`work` has no effects outside the stores).
 */
import { Effect, Exit, Schedule } from "effect";
import type { ControlledTransaction } from "kysely";
import { StoreUnavailable, type UnitOfWork } from "@batch/core";
import type { SqlDatabase, SqlSession } from "./dialects/dialect";
import { isRetryable, storeUnavailable } from "./dialects/errors";
import type { Database } from "./schema";

export interface SqlUnitOfWorkOptions {
  /** Runs of one unit of work when the database keeps reporting retryable conflicts (default 5). */
  readonly maxAttempts?: number;
}

const begin = (database: SqlDatabase) =>
  Effect.tryPromise({
    try: () => database.db.startTransaction().execute(),
    catch: (cause) => storeUnavailable("starting a transaction", cause),
  });

/** Rolls back, ignoring a failure to do so: the connection is released either way and the original outcome matters. */
const rollback = (trx: ControlledTransaction<Database>) =>
  Effect.promise(() => trx.rollback().execute().catch(() => undefined));

/** A failed COMMIT leaves SQLite's transaction open and kysely's connection held: roll back to release both. */
const commit = (trx: ControlledTransaction<Database>) =>
  Effect.tryPromise({ try: () => trx.commit().execute(), catch: (cause) => storeUnavailable("committing", cause) }).pipe(
    Effect.tapError(() => rollback(trx)),
  );

const isRetryableFailure = (error: unknown): boolean => error instanceof StoreUnavailable && isRetryable(error.cause);

export const makeSqlUnitOfWork = <Stores>(
  database: SqlDatabase,
  buildStores: (session: SqlSession) => Stores,
  options: SqlUnitOfWorkOptions = {},
): UnitOfWork<Stores> => {
  const retries = Math.max(0, (options.maxAttempts ?? 5) - 1);
  const retrySchedule = Schedule.exponential("10 millis").pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(retries)));
  return {
    run: <A, E>(work: (stores: Stores) => Effect.Effect<A, E>) => {
      const finish =
        (trx: ControlledTransaction<Database>) =>
        (exit: Exit.Exit<A, E>): Effect.Effect<A, E | StoreUnavailable> =>
          Exit.isSuccess(exit) ? Effect.as(commit(trx), exit.value) : Effect.zipRight(rollback(trx), exit);
      const once: Effect.Effect<A, E | StoreUnavailable> = Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(begin(database), (trx) => {
          const session: SqlSession = { db: trx, dialect: database.dialect, inTransaction: true };
          return restore(Effect.suspend(() => work(buildStores(session)))).pipe(Effect.exit, Effect.flatMap(finish(trx)));
        }),
      );
      return Effect.retry(once, { schedule: retrySchedule, while: (error: E | StoreUnavailable) => isRetryableFailure(error) });
    },
  };
};
