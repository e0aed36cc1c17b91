/**
 * Many rows in few statements: multi-row INSERTs chunked to stay under the dialect's bind
 * parameter limit (rows × columns), and under a row cap past which bigger statements stop
 * paying (measured: docs/storage.md). Every record store writes through these.
 */
import { Effect } from "effect";
import { CompiledQuery, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type SqlBool } from "kysely";
import type { StoreUnavailable, UniqueConflict } from "@batch/core";
import type { SqlSession } from "./dialects/dialect";
import type { Database } from "./schema";
import { makeLruCache } from "./lru-cache";
import { guardedWrite } from "./store-effect";

/** Rows per statement at most, whatever the parameter limit allows. */
export const MAX_ROWS_PER_STATEMENT = 1000;

export type TableName = keyof Database & string;
type Row<T extends TableName> = Insertable<Database[T]>;
type Column<T extends TableName> = keyof Database[T] & string;

export interface UpsertPolicy<T extends TableName> {
  /** The unique key that identifies a row (ON CONFLICT target). */
  readonly key: ReadonlyArray<Column<T>>;
  /** Columns an existing row takes from the new one; none: the existing row is kept as it is. */
  readonly update: ReadonlyArray<Column<T>>;
  /** Only existing rows meeting this condition are updated (ON CONFLICT ... DO UPDATE ... WHERE); the others are kept. */
  readonly updateWhere?: (existing: ExpressionBuilder<Record<string, Record<string, unknown>>, string>) => Expression<SqlBool>;
}

/** Rows per statement for rows of `columns` columns. */
export const rowsPerStatement = (session: SqlSession, columns: number): number =>
  Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(session.dialect.maxBindParameters / Math.max(1, columns))));

/**
 * Later rows win over earlier ones with the same key, as sequential upserts would; one statement
 * must not hold a key twice (PostgreSQL: "ON CONFLICT DO UPDATE command cannot affect row a second time").
 */
const lastPerKey = <T extends TableName>(rows: ReadonlyArray<Row<T>>, key: ReadonlyArray<Column<T>>): ReadonlyArray<Row<T>> => {
  const byKey = new Map<unknown, Row<T>>();
  const [single] = key;
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    // A NUL never occurs in the key columns' text, so joining on it cannot make two keys one.
    const id = key.length === 1 && single !== undefined ? values[single] : key.map((c) => String(values[c])).join("\u0000");
    byKey.delete(id);
    byKey.set(id, row);
  }
  return byKey.size === rows.length ? rows : [...byKey.values()];
};

const chunks = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** The statements are built with the table as a type parameter; kysely cannot check a generic table name, so they are typed here once. */
const untyped = (db: Kysely<Database>) => db as unknown as Kysely<Record<string, Record<string, unknown>>>;

/**
 * Compiled multi-row statements, by the SQL of their one-row form and their row count: the SQL
 * text and the parameters after the rows' values (the conflict clause's). Not the compiled query
 * itself, whose operation tree holds a node per value. A few tables and chunk sizes fill the 64 kept.
 */
const templates = makeLruCache<{ readonly sql: string; readonly tail: ReadonlyArray<unknown> }>(64);

/**
 * The statement for one chunk. Building a 1,000-row statement with kysely costs more than
 * running it, so the SQL of each shape (the one-row statement's SQL, and the number of rows) is
 * compiled once and reused with each chunk's parameters, across calls and units of work.
 */
const makeChunkWriter = (session: SqlSession, table: string, columns: ReadonlyArray<string>, policy: UpsertPolicy<TableName> | undefined) => {
  const build = (chunk: ReadonlyArray<Record<string, unknown>>) => {
    const insert = untyped(session.db).insertInto(table).values(chunk as Array<Record<string, unknown>>);
    if (policy === undefined) return insert;
    return insert.onConflict((oc) => {
      const target = oc.columns(policy.key as ReadonlyArray<string>);
      if (policy.update.length === 0) return target.doNothing();
      const update = target.doUpdateSet((eb) => Object.fromEntries(policy.update.map((c) => [c, eb.ref(`excluded.${c}`)])));
      const { updateWhere } = policy;
      return updateWhere === undefined ? update : update.where((eb) => updateWhere(eb as unknown as ExpressionBuilder<Record<string, Record<string, unknown>>, string>));
    });
  };
  const parametersOf = (chunk: ReadonlyArray<Record<string, unknown>>): Array<unknown> => {
    const out: Array<unknown> = [];
    for (const row of chunk) for (const column of columns) out.push(row[column]);
    return out;
  };
  let shape: string | undefined;
  return async (chunk: ReadonlyArray<Record<string, unknown>>): Promise<unknown> => {
    const values = parametersOf(chunk);
    // kysely writes DEFAULT for an undefined value, which changes the statement: built afresh.
    if (values.includes(undefined)) return session.db.executeQuery(build(chunk).compile());
    if (shape === undefined) {
      // The one-row statement names the table, columns and conflict clause (with its own parameters).
      const one = build(chunk.slice(0, 1)).compile();
      shape = JSON.stringify([one.sql, one.parameters.slice(columns.length)]);
    }
    const key = `${chunk.length}\u0000${shape}`;
    const template = templates.get(key);
    if (template !== undefined) {
      // Parameters after the rows' values belong to the conflict clause and stay as compiled.
      return session.db.executeQuery(CompiledQuery.raw(template.sql, [...values, ...template.tail]));
    }
    const compiled = build(chunk).compile();
    // Reuse only when kysely laid the values out as expected (row by row, in column order).
    if (compiled.parameters.length >= values.length && values.every((v, i) => compiled.parameters[i] === v)) {
      templates.set(key, { sql: compiled.sql, tail: compiled.parameters.slice(values.length) });
    }
    return session.db.executeQuery(compiled);
  };
};

const write = <T extends TableName>(
  session: SqlSession,
  what: string,
  table: T,
  rows: ReadonlyArray<Row<T>>,
  policy: UpsertPolicy<T> | undefined,
  conflictNames?: Readonly<Record<string, string>>,
): Effect.Effect<void, UniqueConflict | StoreUnavailable> => {
  if (rows.length === 0) return Effect.void;
  const columns = Object.keys(rows[0] as Record<string, unknown>);
  const writeChunk = makeChunkWriter(session, table, columns, policy as UpsertPolicy<TableName> | undefined);
  return Effect.forEach(
    chunks(rows as ReadonlyArray<Record<string, unknown>>, rowsPerStatement(session, columns.length)),
    (chunk) => guardedWrite(session, what, () => writeChunk(chunk), conflictNames),
    { discard: true },
  );
};

/**
 * Inserts rows (all with the same columns). Fails with UniqueConflict when a row's unique key is
 * taken (nothing of the failing chunk is written; the unit of work decides about the rest),
 * StoreUnavailable.
 */
export const insertMany = <T extends TableName>(
  session: SqlSession,
  what: string,
  table: T,
  rows: ReadonlyArray<Row<T>>,
  conflictNames?: Readonly<Record<string, string>>,
): Effect.Effect<void, UniqueConflict | StoreUnavailable> => write(session, what, table, rows, undefined, conflictNames);

/**
 * Inserts rows, or updates the `update` columns of the row with the same `key` (later rows win
 * over earlier ones with the same key). Fails with UniqueConflict on another unique key, StoreUnavailable.
 */
export const upsertMany = <T extends TableName>(
  session: SqlSession,
  what: string,
  table: T,
  rows: ReadonlyArray<Row<T>>,
  policy: UpsertPolicy<T>,
  conflictNames?: Readonly<Record<string, string>>,
): Effect.Effect<void, UniqueConflict | StoreUnavailable> => write(session, what, table, lastPerKey(rows, policy.key), policy, conflictNames);
