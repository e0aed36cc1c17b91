/**
 * The in-memory store behind every in-memory adapter: named tables of immutable values. The
 * in-memory unit of work serialises transactions and, when one fails, puts every table back as
 * it was, so the in-memory adapters honour the same all-or-nothing contract as the SQL ones.
 */
import { Effect, Exit } from "effect";
import type { UnitOfWork } from "@batch/core";

export interface MemoryDb {
  readonly tables: Map<string, Map<string, unknown>>;
  /** Serialises units of work, as SQLite's single writer does. */
  readonly lock: Effect.Semaphore;
  /** Autonumber sequences (payment batch keys, process ids). */
  readonly sequences: Map<string, number>;
}

export const makeMemoryDb = (): MemoryDb => ({
  tables: new Map(),
  lock: Effect.runSync(Effect.makeSemaphore(1)),
  sequences: new Map(),
});

/** The table of that name, created on first use. Store values must never be mutated in place. */
export const table = <V>(db: MemoryDb, name: string): Map<string, V> => {
  let t = db.tables.get(name);
  if (t === undefined) {
    t = new Map();
    db.tables.set(name, t);
  }
  return t as Map<string, V>;
};

/** The next value of a named sequence (1, 2, 3, ...). Rolled back with the unit of work. */
export const nextSequence = (db: MemoryDb, name: string): number => {
  const next = (db.sequences.get(name) ?? 0) + 1;
  db.sequences.set(name, next);
  return next;
};

interface Snapshot {
  readonly tables: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, unknown]>]>;
  readonly sequences: ReadonlyArray<readonly [string, number]>;
}

const snapshot = (db: MemoryDb): Snapshot => ({
  tables: [...db.tables].map(([name, rows]) => [name, [...rows]] as const),
  sequences: [...db.sequences],
});

/** Restores in place, so stores holding a table reference keep seeing the live table. */
const restore = (db: MemoryDb, s: Snapshot): void => {
  const names = new Set(s.tables.map(([name]) => name));
  for (const [name, rows] of db.tables) if (!names.has(name)) rows.clear();
  for (const [name, rows] of s.tables) {
    const live = table(db, name);
    live.clear();
    for (const [k, v] of rows) live.set(k, v);
  }
  db.sequences.clear();
  for (const [k, v] of s.sequences) db.sequences.set(k, v);
};

/**
 * A unit of work over stores built on `db`. Not re-entrant: a use case never runs a unit of work
 * inside another.
 */
export const makeMemoryUnitOfWork = <Stores>(db: MemoryDb, stores: Stores): UnitOfWork<Stores> => ({
  run: <A, E>(work: (stores: Stores) => Effect.Effect<A, E>) =>
    db.lock.withPermits(1)(
      Effect.suspend(() => {
        const before = snapshot(db);
        // onExit also runs when the work is interrupted, which must roll back as a failure does.
        return work(stores).pipe(Effect.onExit((exit) => (Exit.isFailure(exit) ? Effect.sync(() => restore(db, before)) : Effect.void)));
      }),
    ),
});
