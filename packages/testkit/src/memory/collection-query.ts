/**
 * Evaluates a CollectionQuery over rows in memory, with exactly the semantics collection-query.ts
 * (in @batch/core) states for every store: two-valued logic with absent values, case-sensitive
 * string functions, case-insensitive search over string properties, GUIDs without case,
 * date-times as instants, exact decimals, absent values first ascending, ties broken by the key.
 * The query must already have been validated against the catalogue.
 */
import {
  Decimal,
  effectiveOrderBy,
  searchableProperties,
  type CollectionQuery,
  type Filter,
  type FilterLiteral,
  type PropertyCatalogue,
  type PropertyType,
  type QueryResult,
} from "@batch/core";

type Value = string | number | boolean | Decimal.Decimal;

const valueOf = (row: object, property: string): Value | undefined => {
  const v = (row as Record<string, unknown>)[property];
  return v === undefined || v === null ? undefined : (v as Value);
};

/** Code point order (what a binary SQL collation gives), not UTF-16 code unit order. */
const compareText = (a: string, b: string): number => {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
};

/** Compares two present values of a property of `type`. */
const compareValues = (type: PropertyType, a: Value, b: Value): number => {
  switch (type) {
    case "string":
      return compareText(String(a), String(b));
    case "guid":
      return compareText(String(a).toLowerCase(), String(b).toLowerCase());
    case "integer":
      return Number(a) - Number(b);
    case "decimal":
      return Decimal.compare(a as Decimal.Decimal, b as Decimal.Decimal);
    case "boolean":
      return Number(a) - Number(b);
    case "date-time":
      return Date.parse(String(a)) - Date.parse(String(b));
  }
};

const literalValue = (literal: Exclude<FilterLiteral, { _tag: "Null" }>): Value => literal.value;

const equalsLiteral = (type: PropertyType, value: Value | undefined, literal: FilterLiteral): boolean => {
  if (literal._tag === "Null") return value === undefined;
  if (value === undefined) return false;
  if (literal._tag === "Number" && type === "integer") return Decimal.equals(Decimal.fromBigInt(BigInt(value as number)), literal.value);
  return compareValues(type, value, literalValue(literal)) === 0;
};

const matches = (catalogue: PropertyCatalogue, row: object, filter: Filter): boolean => {
  switch (filter._tag) {
    case "And":
      return matches(catalogue, row, filter.left) && matches(catalogue, row, filter.right);
    case "Or":
      return matches(catalogue, row, filter.left) || matches(catalogue, row, filter.right);
    case "Not":
      return !matches(catalogue, row, filter.operand);
    case "Eq":
    case "Ne": {
      const type = catalogue.properties[filter.property] ?? "string";
      const equal = equalsLiteral(type, valueOf(row, filter.property), filter.value);
      return filter._tag === "Eq" ? equal : !equal;
    }
    case "Contains":
    case "StartsWith":
    case "EndsWith": {
      const value = valueOf(row, filter.property);
      if (typeof value !== "string") return false;
      if (filter._tag === "Contains") return value.includes(filter.value);
      return filter._tag === "StartsWith" ? value.startsWith(filter.value) : value.endsWith(filter.value);
    }
  }
};

const found = (catalogue: PropertyCatalogue, row: object, search: string): boolean => {
  const needle = search.toLowerCase();
  return searchableProperties(catalogue).some((property) => {
    const value = valueOf(row, property);
    return typeof value === "string" && value.toLowerCase().includes(needle);
  });
};

/** The rows the query selects, in its order, with the count when asked. */
export const runCollectionQuery = <A extends object>(
  catalogue: PropertyCatalogue,
  rows: Iterable<A>,
  query: CollectionQuery,
): QueryResult<A> => {
  const { filter, search } = query;
  const selected = [...rows].filter(
    (row) => (filter === undefined || matches(catalogue, row, filter)) && (search === undefined || found(catalogue, row, search)),
  );
  const orderBy = effectiveOrderBy(catalogue, query);
  const compareAt = (property: string, x: Value | undefined, y: Value | undefined): number => {
    const type = catalogue.properties[property] ?? "string";
    return x === undefined ? (y === undefined ? 0 : -1) : y === undefined ? 1 : Math.sign(compareValues(type, x, y));
  };
  selected.sort((a, b) => {
    for (const { property, direction } of orderBy) {
      const c = compareAt(property, valueOf(a, property), valueOf(b, property));
      if (c !== 0) return direction === "asc" ? c : -c;
    }
    return 0;
  });
  const { after } = query;
  const afterPosition = (row: object): boolean => {
    if (after === undefined) return true;
    for (const [i, { property, direction }] of orderBy.entries()) {
      const literal = after[i];
      const position =
        literal === undefined || literal._tag === "Null"
          ? undefined
          : literal._tag === "Number" && catalogue.properties[property] === "integer"
            ? Decimal.toNumber(literal.value)
            : literalValue(literal);
      const c = compareAt(property, valueOf(row, property), position);
      if (c !== 0) return direction === "asc" ? c > 0 : c < 0;
    }
    return false;
  };
  const skip = query.skip ?? 0;
  const continued = after === undefined ? selected : selected.filter(afterPosition);
  const page = continued.slice(skip, query.top === undefined ? undefined : skip + query.top);
  return query.count === true ? { rows: page, count: selected.length } : { rows: page };
};
