/**
 * The query model of OData-style collections (`$filter`, `$orderby`, `$search`, `$top`, `$skip`,
 * `$count`), as plain data: the HTTP layer parses text into it, `validateCollectionQuery` checks
 * it against an entity's property catalogue, and each store evaluates it (the in-memory stores
 * directly, the SQL stores as SQL with bound parameters).
 *
 * Semantics every store must honour, so that all implementations return the same rows:
 * - Two-valued logic. A comparison with an absent (null) property is plain true or false:
 *   `p eq null` is true when `p` is absent, `p eq v` is false and `p ne v` is true; the string
 *   functions are false on an absent property; `not` is boolean negation. (SQL needs
 *   `COALESCE(..., FALSE)` and `(p <> ? OR p IS NULL)` to say this.)
 * - `eq`, `ne`, `contains`, `startswith`, `endswith` compare strings exactly (case-sensitive, as
 *   OData does); `$search` is case-insensitive and looks for the text inside every `string`
 *   property (not `guid` ones).
 * - GUIDs compare case-insensitively (values are stored in lower case); date-times compare as
 *   instants (values are stored as canonical UTC `YYYY-MM-DDTHH:mm:ss.sssZ`); decimals exactly.
 * - Ordering: absent values sort before present ones ascending and after them descending (OData's
 *   "null is smaller than any value"); strings by Unicode code point (SQL: a binary collation);
 *   ties are always broken by the entity's key ascending, so paging is stable.
 * - `count` is the number of rows matching `filter` and `search`, before `skip` and `top`.
 * - `after` (keyset paging) keeps only the rows that come strictly after the given position in
 *   the effective order, with the same null and collation rules as the ordering itself; a page
 *   continued this way never repeats or misses a row that existed when the first page was read,
 *   whatever is inserted between pages. It is applied before `skip` and `top`, not counted.
 */
import { Data, Either } from "effect";
import * as Decimal from "../money/decimal";

/** The largest `$top` a client may ask for (seed 001). */
export const MAX_TOP = 1000;
/** At most this many `$orderby` properties (seed 001). */
export const MAX_ORDER_BY = 5;
/** At most this many comparisons and function calls in one `$filter` (seed 001). */
export const MAX_FILTER_EXPRESSIONS = 100;

/** How a property's values are typed, compared and written in literals. */
export type PropertyType = "string" | "guid" | "integer" | "decimal" | "boolean" | "date-time";

/** What a collection of one entity can be queried by. */
export interface PropertyCatalogue {
  /** The entity's name, for messages ("ApBatch"). */
  readonly entity: string;
  /** The identifying property: the last sort key, so ties never reorder between pages. */
  readonly key: string;
  readonly properties: Readonly<Record<string, PropertyType>>;
  /** The order when the query gives none (before the key). */
  readonly defaultOrderBy: ReadonlyArray<OrderBy>;
}

export type FilterLiteral =
  | { readonly _tag: "String"; readonly value: string }
  | { readonly _tag: "Number"; readonly value: Decimal.Decimal }
  | { readonly _tag: "Boolean"; readonly value: boolean }
  | { readonly _tag: "Guid"; readonly value: string }
  /** Any ISO 8601 date or date-time; validation turns it into the canonical UTC form. */
  | { readonly _tag: "DateTime"; readonly value: string }
  | { readonly _tag: "Null" };

export const FilterLiteral = {
  string: (value: string): FilterLiteral => ({ _tag: "String", value }),
  number: (value: Decimal.Decimal): FilterLiteral => ({ _tag: "Number", value }),
  boolean: (value: boolean): FilterLiteral => ({ _tag: "Boolean", value }),
  guid: (value: string): FilterLiteral => ({ _tag: "Guid", value }),
  dateTime: (value: string): FilterLiteral => ({ _tag: "DateTime", value }),
  null: { _tag: "Null" } as FilterLiteral,
} as const;

export type StringFunction = "Contains" | "StartsWith" | "EndsWith";

export type Filter =
  | { readonly _tag: "Eq" | "Ne"; readonly property: string; readonly value: FilterLiteral }
  | { readonly _tag: StringFunction; readonly property: string; readonly value: string }
  | { readonly _tag: "And" | "Or"; readonly left: Filter; readonly right: Filter }
  | { readonly _tag: "Not"; readonly operand: Filter };

export const Filter = {
  eq: (property: string, value: FilterLiteral): Filter => ({ _tag: "Eq", property, value }),
  ne: (property: string, value: FilterLiteral): Filter => ({ _tag: "Ne", property, value }),
  contains: (property: string, value: string): Filter => ({ _tag: "Contains", property, value }),
  startsWith: (property: string, value: string): Filter => ({ _tag: "StartsWith", property, value }),
  endsWith: (property: string, value: string): Filter => ({ _tag: "EndsWith", property, value }),
  and: (left: Filter, right: Filter): Filter => ({ _tag: "And", left, right }),
  or: (left: Filter, right: Filter): Filter => ({ _tag: "Or", left, right }),
  not: (operand: Filter): Filter => ({ _tag: "Not", operand }),
} as const;

export interface OrderBy {
  readonly property: string;
  readonly direction: "asc" | "desc";
}

export interface CollectionQuery {
  readonly filter?: Filter;
  readonly orderBy?: ReadonlyArray<OrderBy>;
  /** Text looked for, case-insensitively, inside every string property. */
  readonly search?: string;
  /** The first `top` results after `skip`; all when absent. */
  readonly top?: number;
  readonly skip?: number;
  /** Whether the result carries the number of matching rows. */
  readonly count?: boolean;
  /**
   * Keyset position: one value per property of `effectiveOrderBy` (a row's values there, `Null`
   * for an absent one, as `cursorOf` gives them); only rows strictly after it are selected.
   */
  readonly after?: ReadonlyArray<FilterLiteral>;
}

export interface QueryResult<A> {
  readonly rows: ReadonlyArray<A>;
  /** Rows matching filter and search before skip/top; present exactly when the query asked `count`. */
  readonly count?: number;
}

/** The query names an unknown property, compares a property with the wrong kind of value, or breaks a limit. */
export class CollectionQueryInvalid extends Data.TaggedError("CollectionQuery.Invalid")<{
  /** The query option at fault. */
  readonly option: "filter" | "orderBy" | "search" | "top" | "skip" | "after";
  readonly message: string;
}> {}

/** `$top` above MAX_TOP; the message is the seed's. */
export class CollectionQueryTopExceeded extends Data.TaggedError("CollectionQuery.TopExceeded")<{ readonly top: number }> {
  override get message() {
    return `The limit for the $top query has been exceeded. The value from the incoming request is '${this.top}'.`;
  }
}

export type CollectionQueryError = CollectionQueryInvalid | CollectionQueryTopExceeded;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isGuid = (text: string): boolean => GUID.test(text);

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

const daysInMonth = (year: number, month: number): number => {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
};

/**
 * The canonical UTC form (`2026-01-15T08:00:00.000Z`) of an ISO 8601 date or date-time, or
 * undefined when the text is not one or names no real day. A date alone is midnight UTC, a
 * date-time without an offset is UTC, digits after milliseconds are dropped. Stored date-times and
 * filter literals both take this form, so they compare as text and as instants alike.
 */
export const canonicalDateTime = (text: string): string | undefined => {
  // Records of one payload repeat their dates; the answer depends on the text alone.
  if (canonicalForms.has(text)) return canonicalForms.get(text);
  const canonical = canonicalFormOf(text);
  if (canonicalForms.size >= MAX_CANONICAL_FORMS) canonicalForms.clear();
  canonicalForms.set(text, canonical);
  return canonical;
};

const canonicalForms = new Map<string, string | undefined>();
const MAX_CANONICAL_FORMS = 4096;

const canonicalFormOf = (text: string): string | undefined => {
  const m = DATE_TIME.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const digits = zone.replace(":", "");
    const offsetHours = Number(digits.slice(1, 3));
    const offsetMins = Number(digits.slice(3, 5));
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (digits.startsWith("-") ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = Number(fraction.padEnd(3, "0").slice(0, 3));
  const instant = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years below 100 as 19xx.
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute - offsetMinutes, second, millis);
  const time = instant.getTime();
  if (!Number.isFinite(time) || instant.getUTCFullYear() < 1 || instant.getUTCFullYear() > 9999) return undefined;
  return instant.toISOString();
};

const invalid = (option: CollectionQueryInvalid["option"], message: string) => new CollectionQueryInvalid({ option, message });

const typeNames: Record<PropertyType, string> = {
  string: "a string",
  guid: "a GUID",
  integer: "an integer",
  decimal: "a number",
  boolean: "true or false",
  "date-time": "a date-time",
};

const literalFor = (
  catalogue: PropertyCatalogue,
  property: string,
  type: PropertyType,
  literal: FilterLiteral,
): Either.Either<FilterLiteral, CollectionQueryInvalid> => {
  if (literal._tag === "Null") return Either.right(literal);
  const wrong = () =>
    Either.left(invalid("filter", `${catalogue.entity}.${property} must be compared with ${typeNames[type]} or null`));
  switch (type) {
    case "string":
      return literal._tag === "String" ? Either.right(literal) : wrong();
    case "guid": {
      // Clients often quote GUIDs ('...'); both spellings mean the same value.
      const text = literal._tag === "Guid" || literal._tag === "String" ? literal.value : undefined;
      return text !== undefined && isGuid(text) ? Either.right(FilterLiteral.guid(text.toLowerCase())) : wrong();
    }
    case "integer":
      return literal._tag === "Number" && Decimal.isInteger(literal.value) ? Either.right(literal) : wrong();
    case "decimal":
      return literal._tag === "Number" ? Either.right(literal) : wrong();
    case "boolean":
      return literal._tag === "Boolean" ? Either.right(literal) : wrong();
    case "date-time": {
      const text = literal._tag === "DateTime" || literal._tag === "String" ? literal.value : undefined;
      const canonical = text === undefined ? undefined : canonicalDateTime(text);
      return canonical !== undefined ? Either.right(FilterLiteral.dateTime(canonical)) : wrong();
    }
  }
};

const propertyType = (catalogue: PropertyCatalogue, option: CollectionQueryInvalid["option"], property: string) => {
  const type = Object.hasOwn(catalogue.properties, property) ? catalogue.properties[property] : undefined;
  return type === undefined
    ? Either.left(invalid(option, `${catalogue.entity} has no property "${property}"`))
    : Either.right(type);
};

/** Comparisons and function calls in the filter: what the seed's "number of expressions" counts. */
export const filterExpressionCount = (filter: Filter): number => {
  switch (filter._tag) {
    case "And":
    case "Or":
      return filterExpressionCount(filter.left) + filterExpressionCount(filter.right);
    case "Not":
      return filterExpressionCount(filter.operand);
    default:
      return 1;
  }
};

const validateFilter = (catalogue: PropertyCatalogue, filter: Filter): Either.Either<Filter, CollectionQueryInvalid> => {
  switch (filter._tag) {
    case "And":
    case "Or":
      return Either.flatMap(validateFilter(catalogue, filter.left), (left) =>
        Either.map(validateFilter(catalogue, filter.right), (right) => ({ _tag: filter._tag, left, right })),
      );
    case "Not":
      return Either.map(validateFilter(catalogue, filter.operand), (operand) => ({ _tag: "Not", operand }));
    case "Eq":
    case "Ne":
      return Either.flatMap(propertyType(catalogue, "filter", filter.property), (type) =>
        Either.map(literalFor(catalogue, filter.property, type, filter.value), (value) => ({ ...filter, value })),
      );
    case "Contains":
    case "StartsWith":
    case "EndsWith":
      return Either.flatMap(propertyType(catalogue, "filter", filter.property), (type) =>
        type === "string"
          ? Either.right(filter)
          : Either.left(invalid("filter", `${filter._tag.toLowerCase()} needs a string property; ${catalogue.entity}.${filter.property} is ${typeNames[type]}`)),
      );
  }
};

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/**
 * Checks a query against an entity's catalogue and returns it normalised (GUID literals in lower
 * case, date-times canonical, a blank search dropped). Fails with CollectionQueryInvalid naming
 * the option and the property or rule, or CollectionQueryTopExceeded.
 */
export const validateCollectionQuery = (
  catalogue: PropertyCatalogue,
  query: CollectionQuery,
): Either.Either<CollectionQuery, CollectionQueryError> =>
  Either.gen(function* () {
    if (query.top !== undefined) {
      if (!isCount(query.top)) return yield* Either.left(invalid("top", "$top must be a whole number of at least 0"));
      if (query.top > MAX_TOP) return yield* Either.left(new CollectionQueryTopExceeded({ top: query.top }));
    }
    if (query.skip !== undefined && !isCount(query.skip)) {
      return yield* Either.left(invalid("skip", "$skip must be a whole number of at least 0"));
    }
    const orderBy = query.orderBy ?? [];
    if (orderBy.length > MAX_ORDER_BY) {
      return yield* Either.left(invalid("orderBy", `$orderby may name at most ${MAX_ORDER_BY} properties, got ${orderBy.length}`));
    }
    const seen = new Set<string>();
    for (const { property, direction } of orderBy) {
      yield* propertyType(catalogue, "orderBy", property);
      if (direction !== "asc" && direction !== "desc") {
        return yield* Either.left(invalid("orderBy", `the direction of ${property} must be asc or desc`));
      }
      if (seen.has(property)) return yield* Either.left(invalid("orderBy", `$orderby names ${property} twice`));
      seen.add(property);
    }
    let filter: Filter | undefined;
    if (query.filter !== undefined) {
      const expressions = filterExpressionCount(query.filter);
      if (expressions > MAX_FILTER_EXPRESSIONS) {
        return yield* Either.left(
          invalid("filter", `$filter may hold at most ${MAX_FILTER_EXPRESSIONS} expressions, got ${expressions}`),
        );
      }
      filter = yield* validateFilter(catalogue, query.filter);
    }
    const search = query.search === undefined || query.search.trim() === "" ? undefined : query.search;
    let after: ReadonlyArray<FilterLiteral> | undefined;
    if (query.after !== undefined) {
      const order = effectiveOrderBy(catalogue, query);
      if (query.after.length !== order.length) {
        return yield* Either.left(invalid("after", `the paging position holds ${query.after.length} values; the order has ${order.length}`));
      }
      const values: Array<FilterLiteral> = [];
      for (const [i, { property }] of order.entries()) {
        const type = yield* propertyType(catalogue, "after", property);
        const literal = query.after[i] ?? FilterLiteral.null;
        values.push(
          yield* Either.mapLeft(literalFor(catalogue, property, type, literal), () =>
            invalid("after", `the paging position's value for ${property} is not ${typeNames[type]}`),
          ),
        );
      }
      after = values;
    }
    return {
      ...(filter === undefined ? {} : { filter }),
      ...(query.orderBy === undefined ? {} : { orderBy: query.orderBy }),
      ...(search === undefined ? {} : { search }),
      ...(query.top === undefined ? {} : { top: query.top }),
      ...(query.skip === undefined ? {} : { skip: query.skip }),
      ...(query.count === undefined ? {} : { count: query.count }),
      ...(after === undefined ? {} : { after }),
    };
  });

/** The full sort order a store applies: the query's (or the default), then the key ascending. */
export const effectiveOrderBy = (catalogue: PropertyCatalogue, query: CollectionQuery): ReadonlyArray<OrderBy> => {
  const orderBy = query.orderBy !== undefined && query.orderBy.length > 0 ? query.orderBy : catalogue.defaultOrderBy;
  return orderBy.some((o) => o.property === catalogue.key) ? orderBy : [...orderBy, { property: catalogue.key, direction: "asc" }];
};

/** The string properties `$search` looks in. */
export const searchableProperties = (catalogue: PropertyCatalogue): ReadonlyArray<string> =>
  Object.entries(catalogue.properties)
    .filter(([, type]) => type === "string")
    .map(([name]) => name);

/**
 * The keyset position of `row` in the query's effective order: the literal of each order
 * property's value (`Null` when absent), for `CollectionQuery.after` on the next page. `row`
 * holds entity values as the stores return them (decimals as Decimal, integers as numbers).
 */
export const cursorOf = (catalogue: PropertyCatalogue, query: CollectionQuery, row: object): ReadonlyArray<FilterLiteral> =>
  effectiveOrderBy(catalogue, query).map(({ property }) => {
    const value = (row as Record<string, unknown>)[property];
    if (value === undefined || value === null) return FilterLiteral.null;
    switch (catalogue.properties[property]) {
      case "guid":
        return FilterLiteral.guid(String(value));
      case "integer":
        return FilterLiteral.number(Decimal.fromBigInt(BigInt(value as number)));
      case "decimal":
        return FilterLiteral.number(value as Decimal.Decimal);
      case "boolean":
        return FilterLiteral.boolean(value as boolean);
      case "date-time":
        return FilterLiteral.dateTime(String(value));
      default:
        return FilterLiteral.string(String(value));
    }
  });
