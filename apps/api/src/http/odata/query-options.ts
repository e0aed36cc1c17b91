/**
 * The query string of an `/odata` request as OData 4.01 reads it: system query option names with
 * or without `$`, in any case; each at most once; an unknown one refused (400). The options
 * become the core's CollectionQuery (checked later against the entity's catalogue), a `$select`
 * list, and the keyset position of `$skiptoken` (the service's own next-page links).
 */
import type { Request } from "express";
import { Decimal, FilterLiteral, type CollectionQuery, type OrderBy } from "@batch/core";
import { Option } from "effect";
import { HttpProblem } from "../problem";
import { parseFilter } from "./filter";
import type { EntitySetModel } from "./model";

const OPTIONS = ["filter", "orderby", "search", "top", "skip", "count", "select", "format", "skiptoken"] as const;
export type QueryOptionName = (typeof OPTIONS)[number];

/** The options a request may give on each kind of resource. */
export const COLLECTION_OPTIONS: ReadonlyArray<QueryOptionName> = OPTIONS;
export const ENTITY_OPTIONS: ReadonlyArray<QueryOptionName> = ["select", "format"];
export const FORMAT_ONLY: ReadonlyArray<QueryOptionName> = ["format"];

const invalid = (option: string, message: string): never => {
  throw new HttpProblem({ status: 400, code: "OData.QueryOptionInvalid", detail: `${option}: ${message}` });
};

/** The request's query options by canonical name (lower case, no `$`). */
export const readQueryOptions = (req: Request, allowed: ReadonlyArray<QueryOptionName>): Partial<Record<QueryOptionName, string>> => {
  const out: Partial<Record<QueryOptionName, string>> = {};
  for (const [given, value] of Object.entries(req.query as Record<string, unknown>)) {
    const name = given.replace(/^\$/, "").toLowerCase();
    const known = (allowed as ReadonlyArray<string>).includes(name) ? (name as QueryOptionName) : undefined;
    if (known === undefined) {
      const names = allowed.map((o) => `$${o}`).join(", ");
      return invalid(given, `unknown query option; this resource takes ${names === "" ? "none" : names}`);
    }
    if (out[known] !== undefined || typeof value !== "string") return invalid(`$${known}`, "given more than once");
    out[known] = value;
  }
  return out;
};

const wholeNumber = (option: string, text: string): number => {
  if (!/^\s*\d{1,15}\s*$/.test(text)) return invalid(option, `must be a whole number of at least 0, got '${text}'`);
  return Number(text);
};

const parseOrderBy = (text: string): ReadonlyArray<OrderBy> =>
  text.split(",").map((item) => {
    const words = item.trim().split(/\s+/);
    const [property = "", direction = "asc", ...rest] = words;
    const dir = direction.toLowerCase();
    if (property === "" || rest.length > 0 || (dir !== "asc" && dir !== "desc")) {
      return invalid("$orderby", `"${item.trim()}" is not a property optionally followed by asc or desc`);
    }
    return { property, direction: dir };
  });

/** `$search` text: a phrase in double quotes is looked for as written, without the quotes. */
const searchText = (text: string): string => {
  const trimmed = text.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).replace(/\\(["\\])/g, "$1") : trimmed;
};

const parseSelect = (set: EntitySetModel, text: string): ReadonlySet<string> | undefined => {
  const names = text.split(",").map((s) => s.trim());
  if (names.includes("*")) return undefined;
  for (const name of names) {
    if (name === "") return invalid("$select", "lists an empty property name");
    if (!Object.hasOwn(set.catalogue.properties, name)) return invalid("$select", `${set.catalogue.entity} has no property "${name}"`);
  }
  return new Set(names);
};

const parseCount = (text: string): boolean => {
  const t = text.trim().toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  return invalid("$count", `must be true or false, got '${text}'`);
};

// ---- $skiptoken: the keyset position of the service's next-page links -----------------------

type TokenValue = readonly ["s" | "g" | "n" | "d" | "b", string] | null;

const encodeLiteral = (literal: FilterLiteral): TokenValue => {
  switch (literal._tag) {
    case "Null":
      return null;
    case "String":
      return ["s", literal.value];
    case "Guid":
      return ["g", literal.value];
    case "Number":
      return ["n", Decimal.format(literal.value)];
    case "DateTime":
      return ["d", literal.value];
    case "Boolean":
      return ["b", String(literal.value)];
  }
};

export const encodeSkipToken = (after: ReadonlyArray<FilterLiteral>): string => Buffer.from(JSON.stringify(after.map(encodeLiteral)), "utf8").toString("base64url");

const decodeSkipToken = (token: string): ReadonlyArray<FilterLiteral> => {
  const bad = () => invalid("$skiptoken", "is not a token this service issued (follow @odata.nextLink as given)");
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return bad();
  }
  if (!Array.isArray(values)) return bad();
  return values.map((v: unknown): FilterLiteral => {
    if (v === null) return FilterLiteral.null;
    if (!Array.isArray(v) || v.length !== 2 || typeof v[1] !== "string") return bad();
    const [tag, text] = v as [unknown, string];
    switch (tag) {
      case "s":
        return FilterLiteral.string(text);
      case "g":
        return FilterLiteral.guid(text);
      case "n":
        return Option.match(Decimal.parse(text), { onNone: bad, onSome: FilterLiteral.number });
      case "d":
        return FilterLiteral.dateTime(text);
      case "b":
        return text === "true" || text === "false" ? FilterLiteral.boolean(text === "true") : bad();
      default:
        return bad();
    }
  });
};

export interface CollectionRequest {
  /** What the client asked (its `$top` and `$skip`), continued after `$skiptoken` when given. */
  readonly query: CollectionQuery;
  readonly select?: ReadonlySet<string>;
  /** The options as given, to write into the next-page link. */
  readonly options: Partial<Record<QueryOptionName, string>>;
}

/** The collection query the options say; throws HttpProblem 400/501 naming the option at fault. */
export const collectionRequest = (set: EntitySetModel, options: Partial<Record<QueryOptionName, string>>): CollectionRequest => {
  const select = options.select === undefined ? undefined : parseSelect(set, options.select);
  const query: CollectionQuery = {
    ...(options.filter === undefined ? {} : { filter: parseFilter(options.filter) }),
    ...(options.orderby === undefined ? {} : { orderBy: parseOrderBy(options.orderby) }),
    ...(options.search === undefined ? {} : { search: searchText(options.search) }),
    ...(options.top === undefined ? {} : { top: wholeNumber("$top", options.top) }),
    ...(options.skip === undefined ? {} : { skip: wholeNumber("$skip", options.skip) }),
    ...(options.count === undefined ? {} : { count: parseCount(options.count) }),
    ...(options.skiptoken === undefined ? {} : { after: decodeSkipToken(options.skiptoken) }),
  };
  return { query, ...(select === undefined ? {} : { select }), options };
};

/** The selection of an entity request's `$select`. */
export const entitySelect = (set: EntitySetModel, options: Partial<Record<QueryOptionName, string>>): ReadonlySet<string> | undefined =>
  options.select === undefined ? undefined : parseSelect(set, options.select);

/**
 * The next page's link: the same options, `$skip` consumed, `$top` reduced by the rows already
 * delivered, and the keyset position of the last row as `$skiptoken`.
 */
export const nextPageLink = (
  resourceUrl: string,
  request: CollectionRequest,
  delivered: number,
  after: ReadonlyArray<FilterLiteral>,
): string => {
  const params = new URLSearchParams();
  for (const name of ["filter", "orderby", "search", "select", "count", "format"] as const) {
    const value = request.options[name];
    if (value !== undefined) params.set(`$${name}`, value);
  }
  if (request.query.top !== undefined) params.set("$top", String(request.query.top - delivered));
  params.set("$skiptoken", encodeSkipToken(after));
  return `${resourceUrl}?${params.toString().replace(/\+/g, "%20")}`;
};
