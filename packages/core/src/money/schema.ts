/**
 * Schemas for exact amounts. Input may be a JSON number or a numeric string (CSV and XML
 * cells are text); the decoded value is always a `Decimal`. Encoding writes a JSON number.
 */
import { Option, ParseResult, Schema } from "effect";
import * as Decimal from "./decimal";
import { isCurrencyCode } from "./currency";

export const DecimalFromSelf = Schema.declare(
  (u: unknown): u is Decimal.Decimal =>
    typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "Decimal" &&
    typeof (u as { coefficient?: unknown }).coefficient === "bigint",
  { identifier: "Decimal", description: "an exact decimal number" },
);

/** A decimal written as text ("12.30", "-5"). */
export const DecimalFromString = Schema.transformOrFail(Schema.String, DecimalFromSelf, {
  strict: true,
  decode: (s, _, ast) =>
    Option.match(Decimal.parse(s), {
      onNone: () => ParseResult.fail(new ParseResult.Type(ast, s, `must be a decimal number, got "${s}"`)),
      onSome: ParseResult.succeed,
    }),
  encode: (d) => ParseResult.succeed(Decimal.format(d)),
});

/** A decimal written as a JSON number. */
export const DecimalFromNumber = Schema.transformOrFail(Schema.Number, DecimalFromSelf, {
  strict: true,
  decode: (n, _, ast) =>
    Option.match(Decimal.fromNumber(n), {
      onNone: () => ParseResult.fail(new ParseResult.Type(ast, n, "must be a finite number")),
      onSome: ParseResult.succeed,
    }),
  encode: (d) => ParseResult.succeed(Decimal.toNumber(d)),
});

/** An amount as a JSON number or a numeric string; encodes as a JSON number. */
export const Amount = Schema.Union(DecimalFromNumber, DecimalFromString).annotations({
  identifier: "Amount",
  description: "an exact decimal amount (JSON number or numeric string)",
});

/** An amount that may not be negative. */
export const NonNegativeAmount = Amount.pipe(
  Schema.filter((d) => !Decimal.isNegative(d), { message: () => "must not be negative" }),
);

export const CurrencyCode = Schema.String.pipe(
  Schema.filter(isCurrencyCode, { message: (i) => `must be an ISO 4217 currency code, got "${String(i.actual)}"` }),
).annotations({ identifier: "CurrencyCode" });
