/**
 * Field schemas for records read from loose input: JSON values, or text cells of CSV and XML.
 *
 * DOMAIN.md "Empty is absent": a missing key, `null`, or text that is empty once trimmed is an
 * absent field. An optional field that is absent is left out of the decoded record; a required
 * field that is absent fails with "is required". Text is trimmed, because a stray space in a key
 * column (`"V100 "`) would otherwise create a second record. A JSON number is accepted where text
 * is expected (ERPs send `vendorNo: 1001`), and numeric text where a number is expected (CSV and
 * XML cells are always text).
 *
 * Usage: `Schema.Struct({ referenceId: RequiredText, name: OptionalText })`, or
 * `optionalField(schema)` / `requiredField(schema)` for a value schema of your own that reads
 * `unknown` input (`requiredField(Text.pipe(Schema.maxLength(35)))`). The exported fields are
 * property signatures for `Schema.Struct`; the `*Value` schemas are the plain value schemas.
 */
import { Option, ParseResult, Schema, type SchemaAST } from "effect";
import * as Decimal from "../money/decimal";
import { DecimalFromSelf } from "../money/schema";
import { isCurrencyCode } from "../money/currency";

/** True for what "Empty is absent" treats as no value at all. */
export const isBlank = (u: unknown): boolean =>
  u === undefined || u === null || (typeof u === "string" && u.trim() === "");

const show = (u: unknown): string => {
  if (typeof u === "string") return `"${u.length > 60 ? `${u.slice(0, 60)}...` : u}"`;
  if (typeof u === "number" || typeof u === "boolean") return String(u);
  if (Array.isArray(u)) return "a list";
  return typeof u === "object" ? "an object" : typeof u;
};

const fail = (ast: SchemaAST.AST, actual: unknown, message: string) =>
  ParseResult.fail(new ParseResult.Type(ast, actual, message));

/** Text: trimmed; a finite JSON number is taken as its decimal spelling. */
export const Text = Schema.transformOrFail(Schema.Unknown, Schema.String, {
  strict: true,
  decode: (u, _, ast) => {
    if (typeof u === "string") return ParseResult.succeed(u.trim());
    if (typeof u === "number" && Number.isFinite(u)) return ParseResult.succeed(String(u));
    return fail(ast, u, `must be text, got ${show(u)}`);
  },
  encode: ParseResult.succeed,
}).annotations({ identifier: "Text" });

/** An exact decimal amount from a JSON number or numeric text; written back as a JSON number. */
export const AmountValue = Schema.transformOrFail(Schema.Unknown, DecimalFromSelf, {
  strict: true,
  decode: (u, _, ast) => {
    const parsed =
      typeof u === "number" ? Decimal.fromNumber(u) : typeof u === "string" ? Decimal.parse(u) : Option.none();
    return Option.match(parsed, {
      onNone: () => fail(ast, u, `must be a decimal number, got ${show(u)}`),
      onSome: ParseResult.succeed,
    });
  },
  encode: (d) => ParseResult.succeed(Decimal.toNumber(d)),
}).annotations({ identifier: "AmountValue" });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

const isCalendarDate = (year: number, month: number, day: number): boolean => {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
};

/** A calendar date `YYYY-MM-DD` or an ISO 8601 date-time; kept as the (trimmed) text given. */
export const DateValue = Schema.transformOrFail(Schema.Unknown, Schema.String, {
  strict: true,
  decode: (u, _, ast) => {
    const text = typeof u === "string" ? u.trim() : undefined;
    const m = text === undefined ? null : (DATE.exec(text) ?? DATE_TIME.exec(text));
    if (text === undefined || m === null || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
      return fail(ast, u, `must be a date (YYYY-MM-DD) or an ISO 8601 date-time, got ${show(u)}`);
    }
    return ParseResult.succeed(text);
  },
  encode: ParseResult.succeed,
}).annotations({ identifier: "DateValue" });

/** A safe integer from a JSON number or integer text ("42", "-7"). */
export const IntegerValue = Schema.transformOrFail(Schema.Unknown, Schema.Number, {
  strict: true,
  decode: (u, _, ast) => {
    const n = typeof u === "number" ? u : typeof u === "string" && /^[+-]?\d+$/.test(u.trim()) ? Number(u.trim()) : NaN;
    return Number.isSafeInteger(n) ? ParseResult.succeed(n) : fail(ast, u, `must be an integer, got ${show(u)}`);
  },
  encode: ParseResult.succeed,
}).annotations({ identifier: "IntegerValue" });

/** `true`/`false` as JSON booleans or text (any letter case, as spreadsheets write TRUE). */
export const BooleanValue = Schema.transformOrFail(Schema.Unknown, Schema.Boolean, {
  strict: true,
  decode: (u, _, ast) => {
    if (typeof u === "boolean") return ParseResult.succeed(u);
    const text = typeof u === "string" ? u.trim().toLowerCase() : undefined;
    if (text === "true") return ParseResult.succeed(true);
    if (text === "false") return ParseResult.succeed(false);
    return fail(ast, u, `must be true or false, got ${show(u)}`);
  },
  encode: ParseResult.succeed,
}).annotations({ identifier: "BooleanValue" });

/** An ISO 4217 currency code, as written (upper case). */
export const CurrencyValue = Text.pipe(
  Schema.filter((code) => isCurrencyCode(code), {
    message: (issue) => `must be an ISO 4217 currency code, got ${show(issue.actual)}`,
  }),
).annotations({ identifier: "CurrencyValue" });

/**
 * An optional field over a value schema that reads `unknown`: absent when missing, null or blank,
 * otherwise decoded by `schema`. Absent values are left out of the decoded record.
 */
export const optionalField = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  Schema.optionalToOptional(Schema.Unknown, schema, {
    // `schema` validates whatever is passed on, so the cast only names the hand-over.
    decode: (o) => Option.filter(o, (u) => !isBlank(u)) as Option.Option<I>,
    encode: (o) => o,
  });

const Present = Schema.Unknown.pipe(Schema.filter((u) => !isBlank(u), { message: () => "is required" }));

/**
 * A required field over a value schema that reads `unknown`: missing, null or blank fails with
 * "is required". It is a property signature like `optionalField`, so every failing field of a
 * record is reported together rather than the missing ones first.
 */
export const requiredField = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  Schema.optionalToRequired(Schema.Unknown, Schema.compose(Present, schema, { strict: false }), {
    decode: Option.getOrUndefined,
    encode: Option.some,
  });

export const RequiredText = requiredField(Text);
export const OptionalText = optionalField(Text);
export const RequiredAmount = requiredField(AmountValue);
export const OptionalAmount = optionalField(AmountValue);
export const OptionalDate = optionalField(DateValue);
export const RequiredDate = requiredField(DateValue);
export const OptionalInteger = optionalField(IntegerValue);
export const RequiredInteger = requiredField(IntegerValue);
export const OptionalBoolean = optionalField(BooleanValue);
export const OptionalCurrency = optionalField(CurrencyValue);
export const RequiredCurrency = requiredField(CurrencyValue);

/** An optional member of a fixed set of names (`poType`: Standard, Return, Capital). */
export const optionalLiteral = <const L extends ReadonlyArray<string>>(...literals: L) =>
  optionalField(literalValue(literals));

/** A required member of a fixed set of names. */
export const requiredLiteral = <const L extends ReadonlyArray<string>>(...literals: L) =>
  requiredField(literalValue(literals));

const literalValue = <L extends ReadonlyArray<string>>(literals: L) =>
  Schema.transformOrFail(Schema.Unknown, Schema.Literal(...(literals as unknown as [L[number]])), {
    strict: true,
    decode: (u, _, ast) => {
      const text = typeof u === "string" ? u.trim() : undefined;
      return text !== undefined && literals.includes(text)
        ? ParseResult.succeed(text as L[number])
        : fail(ast, u, `must be one of ${literals.join(", ")}, got ${show(u)}`);
    },
    encode: ParseResult.succeed,
  });
