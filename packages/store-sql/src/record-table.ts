/**
 * Record stores (master data, receivables, payment records): one row per natural key of an
 * organization. The properties the store looks up or changes in SQL (keys, statuses, balances,
 * timestamps a bulk update moves) live in columns of their own; everything else of the value is a
 * JSON document in `data`. Reading merges the two, so a value reads back exactly as put.
 */
import { Effect, Option } from "effect";
import type { Kysely } from "kysely";
import type { OrganizationId, StoreUnavailable, UniqueConflict } from "@batch/core";
import { upsertMany, insertMany, type TableName } from "./bulk-write";
import { structuralJson, type JsonCodec } from "./columns";
import type { SqlSession } from "./dialects/dialect";
import { propertiesOf, toColumnValue, type PropertyColumns } from "./property-columns";
import { query } from "./store-effect";

export interface RecordTable<V> {
  readonly table: TableName;
  /** What the store's messages call a value ("customer"). */
  readonly noun: string;
  /** Properties kept in columns (the key among them). */
  readonly columns: PropertyColumns;
  /** The properties forming the natural key within an organization. */
  readonly key: ReadonlyArray<keyof V & string>;
  /** How the rest of the value is written in `data` (default: structural JSON, keeping Decimals). */
  readonly data?: JsonCodec<Record<string, unknown>>;
}

type Untyped = Kysely<Record<string, Record<string, unknown>>>;

export interface RecordAccess<V> {
  readonly rowOf: (orgId: OrganizationId, value: V) => Record<string, unknown>;
  readonly valueOf: (row: Readonly<Record<string, unknown>>) => V;
  /** Inserts or replaces each value by its key (later values win). Fails with StoreUnavailable. */
  readonly put: (orgId: OrganizationId, values: ReadonlyArray<V>) => Effect.Effect<void, StoreUnavailable>;
  /** Inserts values, failing with UniqueConflict (renamed through `conflictNames`) when a key is taken. */
  readonly insert: (orgId: OrganizationId, values: ReadonlyArray<V>, conflictNames?: Readonly<Record<string, string>>) => Effect.Effect<void, UniqueConflict | StoreUnavailable>;
  /** The value whose properties equal these, or None. Fails with StoreUnavailable. */
  readonly find: (orgId: OrganizationId, where: Readonly<Partial<Record<keyof V & string, unknown>>>) => Effect.Effect<Option.Option<V>, StoreUnavailable>;
  /** The values whose properties equal these, in the order of `orderBy` properties. Fails with StoreUnavailable. */
  readonly list: (
    orgId: OrganizationId,
    where: Readonly<Partial<Record<keyof V & string, unknown>>>,
    orderBy: ReadonlyArray<keyof V & string>,
  ) => Effect.Effect<ReadonlyArray<V>, StoreUnavailable>;
  /** How many values the organization has. Fails with StoreUnavailable. */
  readonly count: (orgId: OrganizationId) => Effect.Effect<number, StoreUnavailable>;
  /** The column of a property. */
  readonly column: (property: keyof V & string) => string;
}

export const makeRecordAccess = <V extends object>(session: SqlSession, spec: RecordTable<V>): RecordAccess<V> => {
  const db = session.db as unknown as Untyped;
  const data = spec.data ?? structuralJson<Record<string, unknown>>();
  const inColumns = Object.values(spec.columns);
  const column = (property: string): string => {
    const c = spec.columns[property];
    if (c === undefined) throw new TypeError(`${spec.table} keeps no column for "${property}"`);
    return c.column;
  };
  const keyColumns = ["org_id", ...spec.key.map(column)];
  const updated = [...inColumns.map((c) => c.column).filter((c) => !keyColumns.includes(c)), "data"];

  /** Rows built from the property columns; their shape is checked by the store tests on both dialects, not by kysely's table types. */
  const rowsOf = (orgId: OrganizationId, values: ReadonlyArray<V>) => values.map((v) => rowOf(orgId, v)) as unknown as ReadonlyArray<never>;
  const columnProperties = new Set(inColumns.map((c) => c.property));
  const rowOf = (orgId: OrganizationId, value: V): Record<string, unknown> => {
    const values = value as Record<string, unknown>;
    const rest: Record<string, unknown> = {};
    for (const property in values) if (!columnProperties.has(property)) rest[property] = values[property];
    const row: Record<string, unknown> = { org_id: orgId };
    for (const c of inColumns) row[c.column] = toColumnValue(c.type, values[c.property]);
    row.data = data.encode(rest);
    return row;
  };
  const valueOf = (row: Readonly<Record<string, unknown>>): V => ({ ...data.decode(String(row.data)), ...propertiesOf(spec.columns, row) }) as V;
  const conditions = (where: Readonly<Record<string, unknown>>) =>
    Object.entries(where).map(([property, value]) => {
      const c = spec.columns[property];
      if (c === undefined) throw new TypeError(`${spec.table} keeps no column for "${property}"`);
      return [c.column, toColumnValue(c.type, value)] as const;
    });
  const select = (orgId: OrganizationId, where: Readonly<Record<string, unknown>>) => {
    let q = db.selectFrom(spec.table).selectAll().where("org_id", "=", orgId);
    for (const [c, value] of conditions(where)) q = q.where(c, "=", value);
    return q;
  };

  return {
    rowOf,
    valueOf,
    column,
    put: (orgId, values) =>
      Effect.suspend(() =>
        upsertMany(session, `storing ${spec.noun}s`, spec.table, rowsOf(orgId, values), { key: keyColumns as never, update: updated as never }),
      ).pipe(Effect.catchTag("Store.UniqueConflict", (e) => Effect.die(e))),
    insert: (orgId, values, conflictNames) =>
      Effect.suspend(() => insertMany(session, `storing ${spec.noun}s`, spec.table, rowsOf(orgId, values), conflictNames)),
    count: (orgId) =>
      query(`counting ${spec.noun}s`, () =>
        db.selectFrom(spec.table).select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow(),
      ).pipe(Effect.map((row) => Number(row.n))),
    find: (orgId, where) =>
      query(`loading a ${spec.noun}`, () => select(orgId, where).executeTakeFirst()).pipe(
        Effect.map((row) => Option.map(Option.fromNullable(row), valueOf)),
      ),
    list: (orgId, where, orderBy) =>
      query(`listing ${spec.noun}s`, () => {
        let q = select(orgId, where);
        for (const property of orderBy) {
          const c = spec.columns[property];
          const ref = column(property);
          q = q.orderBy((eb) => (c?.type === "string" ? session.dialect.codePointOrder(eb.ref(ref)) : eb.ref(ref)));
        }
        return q.execute();
      }).pipe(Effect.map((rows) => rows.map(valueOf))),
  };
};
