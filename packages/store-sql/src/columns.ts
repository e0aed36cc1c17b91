/**
 * Converters between domain values and column values, in one place so money and time are
 * written the same way by every store.
 *
 * - Money is an exact decimal: PostgreSQL `numeric` (unconstrained, so any scale is kept) and
 *   SQLite text holding the normalised decimal spelling. It is never a float: pg returns
 *   `numeric` as text and SQLite returns text as text, so a stored amount reads back as the
 *   same `Decimal`.
 * - Instants are written normalised (`YYYY-MM-DDTHH:mm:ss.sssZ`), so on SQLite text order is
 *   time order and equal instants compare equal.
 * - Aggregate state and events are JSON whose `Decimal`s, bigints and `Option`s survive the
 *   round trip: JSON.stringify throws on a bigint, and an `Option` would come back as a plain
 *   object.
 */
import { Decimal, type Instant } from "@batch/core";
import { Option, Schema } from "effect";

export const decimalToColumn = (value: Decimal.Decimal): string => Decimal.format(value);

export const decimalFromColumn = (value: string | number): Decimal.Decimal => {
  // A number here means a column was declared without text affinity: read its spelling exactly as SQLite printed it.
  const parsed = Decimal.parse(String(value));
  if (Option.isNone(parsed)) throw new TypeError(`stored amount "${String(value)}" is not a decimal number`);
  return parsed.value;
};

/** Recently normalised instants: the rows of one write share their audit instants, and records their dates. */
const normalised = new Map<string, string>();
const MAX_NORMALISED = 4096;

export const instantToColumn = (value: Instant): string => {
  const known = normalised.get(value);
  if (known !== undefined) return known;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new TypeError(`"${value}" is not an ISO 8601 instant`);
  const column = new Date(time).toISOString();
  if (normalised.size >= MAX_NORMALISED) normalised.clear();
  normalised.set(value, column);
  return column;
};

/** Booleans: SQLite has none (better-sqlite3 binds 0/1), PostgreSQL's `boolean` accepts 0/1 as input and returns true/false. */
export const booleanToColumn = (value: boolean): number => (value ? 1 : 0);
export const booleanFromColumn = (value: unknown): boolean => value === true || value === 1 || value === "1";

const DECIMAL = "$decimal";
const BIGINT = "$bigint";
const OPTION = "$option";

const isDecimal = (value: unknown): value is Decimal.Decimal =>
  typeof value === "object" && value !== null && (value as { _tag?: unknown })._tag === "Decimal" && typeof (value as { coefficient?: unknown }).coefficient === "bigint";

const replacer = function (this: unknown, key: string, value: unknown): unknown {
  // Most values are text and numbers: let them through without looking at the holder.
  if (value === null || (typeof value !== "object" && typeof value !== "bigint")) return value;
  // `value` has already been through toJSON; the holder still has the original (an Option's toJSON drops its type).
  const original = (this as Record<string, unknown>)[key];
  if (isDecimal(original)) return { [DECIMAL]: Decimal.format(original) };
  if (typeof original === "bigint") return { [BIGINT]: original.toString() };
  if (Option.isOption(original)) return { [OPTION]: Option.isSome(original) ? [original.value] : [] };
  return value;
};

const reviver = (_key: string, value: unknown): unknown => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const record = value as Record<string, unknown>;
  if (typeof record[DECIMAL] === "string") return decimalFromColumn(record[DECIMAL]);
  if (typeof record[BIGINT] === "string") return BigInt(record[BIGINT]);
  const option = record[OPTION];
  if (Array.isArray(option)) return option.length === 0 ? Option.none() : Option.some(option[0]);
  return value;
};

/** A domain value (state, event) as JSON text. */
export const jsonToColumn = (value: unknown): string => JSON.stringify(value, replacer);

/** JSON text written by `jsonToColumn`, back as the domain value. */
export const jsonFromColumn = <A>(text: string): A => JSON.parse(text, reviver) as A;

export interface JsonCodec<A> {
  readonly encode: (value: A) => string;
  readonly decode: (text: string) => A;
}

/** JSON through a Schema the core declares for the value (its encoded side is plain JSON: decimals as strings). */
export const schemaJson = <A, I>(schema: Schema.Schema<A, I>): JsonCodec<A> => {
  const encode = Schema.encodeSync(schema);
  const decode = Schema.decodeUnknownSync(schema);
  return { encode: (value) => JSON.stringify(encode(value)), decode: (text) => decode(JSON.parse(text)) };
};

/** JSON of a value the core declares no Schema for, keeping Decimals, bigints and Options. */
export const structuralJson = <A>(): JsonCodec<A> => ({ encode: jsonToColumn, decode: jsonFromColumn<A> });
