/**
 * A validated CollectionQuery (core ports/collection-query.ts) as one SELECT with bound
 * parameters: filter → WHERE, search → WHERE, effective order (ties broken by the key) → ORDER
 * BY, skip/top → OFFSET/LIMIT, and count → a second SELECT with the same WHERE.
 *
 * The port's semantics, spelled in SQL:
 * - two-valued logic: `p eq v` is `(p IS NOT NULL AND p = ?)`, `p ne v` is `(p IS NULL OR p <> ?)`,
 *   string functions are `(p IS NOT NULL AND ...)`, so NOT never meets an unknown;
 * - GUIDs compare and sort in lower case; decimals compare exactly (PostgreSQL `numeric`; SQLite
 *   normalised text) and sort by value (dialect.decimalOrder); strings sort by code point;
 * - absent values sort first ascending and last descending (explicit NULLS FIRST/LAST: PostgreSQL's
 *   default puts them last ascending).
 */
import { Effect } from "effect";
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import {
  Decimal,
  effectiveOrderBy,
  searchableProperties,
  type CollectionQuery,
  type Filter,
  type FilterLiteral,
  type PropertyCatalogue,
  type StoreUnavailable,
} from "@batch/core";
import type { SqlDialect, SqlSession, TextSearchIndex } from "./dialects/dialect";
import { toColumnValue, type PropertyColumn, type PropertyColumns } from "./property-columns";
import { query as runQuery } from "./store-effect";
import type { TableName } from "./bulk-write";

type Row = Record<string, unknown>;
type Untyped = Kysely<Record<string, Row>>;
type Builder = ExpressionBuilder<Record<string, Row>, string>;

export interface QueryableTable {
  readonly table: TableName;
  readonly catalogue: PropertyCatalogue;
  readonly columns: PropertyColumns;
  /** The table's text index, when it has one: `contains` and `$search` are first narrowed by it. */
  readonly textIndex?: TextSearchIndex;
}

const columnOf = (source: QueryableTable, property: string): PropertyColumn => {
  const column = source.columns[property];
  // Queries are validated against the catalogue before they reach a store.
  if (column === undefined) throw new TypeError(`${source.catalogue.entity} has no column for property "${property}"`);
  return column;
};

const literalParameter = (column: PropertyColumn, literal: Exclude<FilterLiteral, { _tag: "Null" }>): unknown => {
  if (literal._tag === "Number") return Decimal.format(literal.value);
  return toColumnValue(column.type, literal.value);
};

const compileFilter = (dialect: SqlDialect, source: QueryableTable, eb: Builder, filter: Filter): Expression<SqlBool> => {
  switch (filter._tag) {
    case "And":
      return eb.and([compileFilter(dialect, source, eb, filter.left), compileFilter(dialect, source, eb, filter.right)]);
    case "Or":
      return eb.or([compileFilter(dialect, source, eb, filter.left), compileFilter(dialect, source, eb, filter.right)]);
    case "Not":
      return eb.not(compileFilter(dialect, source, eb, filter.operand));
    case "Eq":
    case "Ne": {
      const column = columnOf(source, filter.property);
      const ref = eb.ref(column.column);
      if (filter.value._tag === "Null") return eb(ref, filter._tag === "Eq" ? "is" : "is not", null);
      const compared = column.type === "guid" ? dialect.lowerCase(ref) : ref;
      const parameter = literalParameter(column, filter.value);
      return filter._tag === "Eq"
        ? eb.and([eb(ref, "is not", null), eb(compared, "=", parameter)])
        : eb.or([eb(ref, "is", null), eb(compared, "<>", parameter)]);
    }
    case "Contains":
    case "StartsWith":
    case "EndsWith": {
      const ref = eb.ref(columnOf(source, filter.property).column);
      const present = eb(ref, "is not", null);
      if (filter.value === "") return present;
      const test =
        filter._tag === "Contains"
          ? dialect.textContains(ref, filter.value)
          : filter._tag === "StartsWith"
            ? dialect.textStartsWith(ref, filter.value)
            : dialect.textEndsWith(ref, filter.value);
      const narrowing: Array<Expression<SqlBool>> = [];
      if (filter._tag === "StartsWith") narrowing.push(...prefixRange(dialect, eb, ref, filter.value));
      const prefilter = filter._tag === "Contains" && source.textIndex !== undefined ? dialect.textIndexPrefilter(source.textIndex, filter.value) : undefined;
      if (prefilter !== undefined) narrowing.push(prefilter);
      return eb.and([present, ...narrowing, test]);
    }
  }
};

const compileSearch = (dialect: SqlDialect, source: QueryableTable, eb: Builder, search: string): Expression<SqlBool> => {
  const needle = search.toLowerCase();
  const tests = searchableProperties(source.catalogue).map((property) => {
    const ref = eb.ref(columnOf(source, property).column);
    return eb.and([eb(ref, "is not", null), dialect.textContains(dialect.lowerCase(ref), needle)]);
  });
  if (tests.length === 0) return sql<boolean>`1 = 0`;
  const prefilter = source.textIndex === undefined ? undefined : dialect.textIndexPrefilter(source.textIndex, search);
  return prefilter === undefined ? eb.or(tests) : eb.and([prefilter, eb.or(tests)]);
};

/** The code point just after every string that starts with `prefix`, or undefined when there is none. */
const prefixSuccessor = (prefix: string): string | undefined => {
  const points = [...prefix].map((c) => c.codePointAt(0) ?? 0);
  while (points.length > 0) {
    const last = (points.pop() ?? 0) + 1;
    // Skip the surrogate range, which no stored string holds as a code point.
    const next = last >= 0xd800 && last <= 0xdfff ? 0xe000 : last;
    if (next <= 0x10ffff) return String.fromCodePoint(...points, next);
  }
  return undefined;
};

/**
 * `startswith` as a range over the column in code point order (`prefix <= v < successor`), which
 * an index in that order answers; the exact test stays beside it.
 */
const prefixRange = (dialect: SqlDialect, eb: Builder, ref: Expression<unknown>, prefix: string): ReadonlyArray<Expression<SqlBool>> => {
  if (prefix === "") return [];
  const ordered = dialect.codePointOrder(ref);
  const lower = eb(ordered, ">=", dialect.codePointOrder(sql.val(prefix)));
  const successor = prefixSuccessor(prefix);
  return successor === undefined ? [lower] : [lower, eb(ordered, "<", dialect.codePointOrder(sql.val(successor)))];
};

/**
 * How a column sorts. GUIDs sort in lower case; the key is written in lower case by every store
 * (it is generated), so it sorts as stored and an index on it gives the order.
 */
const orderExpression = (dialect: SqlDialect, eb: Builder, column: PropertyColumn, isKey = false): Expression<unknown> => {
  const ref = eb.ref(column.column);
  switch (column.type) {
    case "string":
      return dialect.codePointOrder(ref);
    case "guid":
      return isKey ? dialect.codePointOrder(ref) : dialect.codePointOrder(dialect.lowerCase(ref));
    case "decimal":
      return dialect.decimalOrder(ref);
    default:
      return ref;
  }
};

/** The ordering expression applied to a bound value, so a keyset position compares exactly as rows sort. */
const orderParameter = (dialect: SqlDialect, column: PropertyColumn, literal: Exclude<FilterLiteral, { _tag: "Null" }>, isKey: boolean): Expression<unknown> => {
  const parameter = sql.val(literalParameter(column, literal));
  switch (column.type) {
    case "string":
      return dialect.codePointOrder(parameter);
    case "guid":
      return isKey ? dialect.codePointOrder(parameter) : dialect.codePointOrder(dialect.lowerCase(parameter));
    case "decimal":
      return dialect.decimalOrder(parameter);
    default:
      return parameter;
  }
};

/**
 * Keyset paging: rows strictly after the position in the effective order, written as
 * `(k1 after) OR (k1 same AND k2 after) OR ...` with absent values smallest (first ascending,
 * last descending), as the ORDER BY puts them.
 */
const compileAfter = (
  dialect: SqlDialect,
  source: QueryableTable,
  eb: Builder,
  orderBy: ReadonlyArray<{ readonly property: string; readonly direction: "asc" | "desc" }>,
  after: ReadonlyArray<FilterLiteral>,
): Expression<SqlBool> => {
  const never = sql<SqlBool>`1 = 0`;
  const alternatives: Array<Expression<SqlBool>> = [];
  const same: Array<Expression<SqlBool>> = [];
  for (const [i, { property, direction }] of orderBy.entries()) {
    const column = columnOf(source, property);
    const ref = eb.ref(column.column);
    const literal = after[i] ?? ({ _tag: "Null" } as FilterLiteral);
    let beyond: Expression<SqlBool>;
    let equal: Expression<SqlBool>;
    if (literal._tag === "Null") {
      beyond = direction === "asc" ? eb(ref, "is not", null) : never;
      equal = eb(ref, "is", null);
    } else {
      const isKey = property === source.catalogue.key;
      const value = orderParameter(dialect, column, literal, isKey);
      const ordered = orderExpression(dialect, eb, column, isKey);
      beyond =
        direction === "asc"
          ? eb.and([eb(ref, "is not", null), eb(ordered, ">", value)])
          : eb.or([eb(ref, "is", null), eb(ordered, "<", value)]);
      equal = eb.and([eb(ref, "is not", null), eb(ordered, "=", value)]);
    }
    alternatives.push(eb.and([...same, beyond]));
    same.push(equal);
  }
  return alternatives.length === 0 ? never : eb.or(alternatives);
};

/**
 * The statements of a query: the page's SELECT and, when the query asks `count`, the count's.
 * `runSqlCollectionQuery` executes exactly these (benchmarks compile them to compare the service
 * with its own SQL sent straight through the driver).
 */
export const buildSqlCollectionQuery = (
  session: SqlSession,
  source: QueryableTable,
  scope: Readonly<Record<string, unknown>>,
  query: CollectionQuery,
) => {
  const { dialect } = session;
  const db = session.db as unknown as Untyped;
  const orderBy = effectiveOrderBy(source.catalogue, query);
  const matching = (eb: Builder): Array<Expression<SqlBool>> => {
    const conditions: Array<Expression<SqlBool>> = Object.entries(scope).map(([column, value]) => eb(eb.ref(column), "=", value));
    if (query.filter !== undefined) conditions.push(compileFilter(dialect, source, eb, query.filter));
    if (query.search !== undefined) conditions.push(compileSearch(dialect, source, eb, query.search));
    return conditions;
  };
  const where = (eb: Builder): Expression<SqlBool> => eb.and(matching(eb));
  const page = (eb: Builder): Expression<SqlBool> =>
    query.after === undefined ? where(eb) : eb.and([...matching(eb), compileAfter(dialect, source, eb, orderBy, query.after)]);
  let rows = db.selectFrom(source.table).selectAll().where(page);
  for (const { property, direction } of orderBy) {
    const column = columnOf(source, property);
    const isKey = property === source.catalogue.key;
    rows = rows.orderBy((eb) => orderExpression(dialect, eb, column, isKey), (ob) => (direction === "asc" ? ob.asc().nullsFirst() : ob.desc().nullsLast()));
  }
  // OFFSET needs a LIMIT on SQLite; this one is no limit at all.
  if (query.top !== undefined || query.skip !== undefined) rows = rows.limit(query.top ?? Number.MAX_SAFE_INTEGER);
  if (query.skip !== undefined) rows = rows.offset(query.skip);
  const count = query.count === true ? db.selectFrom(source.table).select((eb) => eb.fn.countAll<number>().as("n")).where(where) : undefined;
  return { rows, count };
};

/**
 * The rows of `source` within `scope` (column = value conditions: the organization, a batch)
 * that the query selects, in its order, with the count when asked. Rows are returned as stored;
 * the caller maps them to entities. Fails with StoreUnavailable.
 */
export const runSqlCollectionQuery = (
  session: SqlSession,
  source: QueryableTable,
  scope: Readonly<Record<string, unknown>>,
  query: CollectionQuery,
): Effect.Effect<{ readonly rows: ReadonlyArray<Row>; readonly count?: number }, StoreUnavailable> => {
  const statements = buildSqlCollectionQuery(session, source, scope, query);
  const what = `querying ${source.catalogue.entity}`;
  const rows = runQuery(what, () => statements.rows.execute());
  const { count: countQuery } = statements;
  if (countQuery === undefined) return Effect.map(rows, (r) => ({ rows: r }));
  const count = runQuery(what, () => countQuery.executeTakeFirstOrThrow());
  return Effect.map(Effect.all([rows, count]), ([r, c]) => ({ rows: r, count: Number(c.n) }));
};
