import { describe, expect, it } from "vitest";
import { Either, Option, Schema } from "effect";
import {
  Decimal,
  fieldErrorsOf,
  OptionalAmount,
  OptionalBoolean,
  OptionalCurrency,
  OptionalDate,
  OptionalInteger,
  OptionalText,
  RequiredAmount,
  RequiredText,
  optionalLiteral,
  requiredField,
  Text,
} from "../src";

const Row = Schema.Struct({
  id: RequiredText,
  name: OptionalText,
  amount: OptionalAmount,
  due: RequiredAmount,
  date: OptionalDate,
  count: OptionalInteger,
  active: OptionalBoolean,
  currency: OptionalCurrency,
  kind: optionalLiteral("Standard", "Return"),
});

const decode = (input: unknown) => Schema.decodeUnknownEither(Row, { errors: "all" })(input);
const errorsOf = (input: unknown) => Either.match(decode(input), { onLeft: fieldErrorsOf, onRight: () => [] });
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

describe("record fields: empty is absent", () => {
  it("reads CSV/XML text cells: trimmed text, numbers, dates, booleans, currencies", () => {
    const decoded = Either.getOrThrow(
      decode({ id: "  C-1 ", name: "ACME", amount: "12.30", due: "-0.5", date: "2024-02-29", count: "+42", active: "TRUE", currency: "EUR", kind: "Return" }),
    );
    expect(decoded).toEqual({ id: "C-1", name: "ACME", amount: dec("12.3"), due: dec("-0.5"), date: "2024-02-29", count: 42, active: true, currency: "EUR", kind: "Return" });
  });

  it("reads JSON values: numbers where text is expected, numbers and booleans as such", () => {
    expect(Either.getOrThrow(decode({ id: 1001, due: 0.1, count: -7, active: false }))).toEqual({ id: "1001", due: dec("0.1"), count: -7, active: false });
  });

  it("leaves out every optional field that is missing, null, empty or blank", () => {
    const decoded = Either.getOrThrow(decode({ id: "x", due: 1, name: "", amount: null, date: "   ", count: "", active: undefined, currency: "", kind: "" }));
    expect(decoded).toEqual({ id: "x", due: dec("1") });
    expect(Object.keys(decoded).sort()).toEqual(["due", "id"]);
  });

  it("fails a required field that is missing, null, empty or blank with 'is required'", () => {
    for (const id of [undefined, null, "", "  "]) {
      expect(errorsOf({ id, due: "" })).toEqual([
        { field: "id", message: "is required" },
        { field: "due", message: "is required" },
      ]);
    }
    expect(errorsOf({})).toEqual([
      { field: "id", message: "is required" },
      { field: "due", message: "is required" },
    ]);
  });

  it("names every failing field and its rule at once, required ones included", () => {
    expect(errorsOf({ name: { a: 1 }, amount: "12,30", due: "x", date: "2023-02-29", count: "1.5", active: "yes", currency: "EURO", kind: "Capital" })).toEqual([
      { field: "id", message: "is required" },
      { field: "name", message: "must be text, got an object" },
      { field: "amount", message: 'must be a decimal number, got "12,30"' },
      { field: "due", message: 'must be a decimal number, got "x"' },
      { field: "date", message: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time, got "2023-02-29"' },
      { field: "count", message: 'must be an integer, got "1.5"' },
      { field: "active", message: 'must be true or false, got "yes"' },
      { field: "currency", message: 'must be an ISO 4217 currency code, got "EURO"' },
      { field: "kind", message: 'must be one of Standard, Return, got "Capital"' },
    ]);
  });

  it("accepts ISO 8601 date-times and refuses impossible dates and times", () => {
    for (const date of ["2026-01-31T23:59:59Z", "2026-01-31T10:00", "2026-01-31T10:00:00.123+02:00", "2000-02-29"]) {
      expect(errorsOf({ id: "x", due: 1, date })).toEqual([]);
    }
    for (const date of ["2026-13-01", "2026-04-31", "1900-02-29", "2026-01-01T24:00:00Z", "31.01.2026", "2026-1-1"]) {
      expect(errorsOf({ id: "x", due: 1, date })).toHaveLength(1);
    }
  });

  it("refuses integers beyond the safe range", () => {
    expect(errorsOf({ id: "x", due: 1, count: "9007199254740993" })).toEqual([{ field: "count", message: 'must be an integer, got "9007199254740993"' }]);
  });

  it("encodes back to plain JSON values, leaving absent fields out", () => {
    const decoded = Either.getOrThrow(decode({ id: "x", due: "0.30", amount: "12.5", active: "false" }));
    expect(Schema.encodeSync(Row)(decoded)).toEqual({ id: "x", due: 0.3, amount: 12.5, active: false });
  });

  it("builds required fields of any value schema with requiredField", () => {
    const Short = Schema.Struct({ code: requiredField(Text.pipe(Schema.maxLength(4, { message: () => "must be at most 4 characters" }))) });
    const decodeShort = Schema.decodeUnknownEither(Short, { errors: "all" });
    expect(Either.getOrThrow(decodeShort({ code: " AB " }))).toEqual({ code: "AB" });
    expect(Either.match(decodeShort({ code: "ABCDE" }), { onLeft: fieldErrorsOf, onRight: () => [] })).toEqual([{ field: "code", message: "must be at most 4 characters" }]);
    expect(Either.match(decodeShort({}), { onLeft: fieldErrorsOf, onRight: () => [] })).toEqual([{ field: "code", message: "is required" }]);
  });
});
