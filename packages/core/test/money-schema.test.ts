import { describe, expect, it } from "vitest";
import { Either, Schema } from "effect";
import { Amount, CurrencyCode, Decimal, fitsCurrency, formatMoney, fractionDigitsOf, NonNegativeAmount } from "../src";

const decode = Schema.decodeUnknownEither(Amount);

describe("Amount schema", () => {
  it("accepts JSON numbers and numeric strings, encodes a JSON number", () => {
    const fromNumber = Either.getOrThrow(decode(12.5));
    const fromString = Either.getOrThrow(decode("12.50"));
    expect(fromNumber).toEqual(fromString);
    expect(Schema.encodeSync(Amount)(fromNumber)).toBe(12.5);
  });

  it("names the rule when the value is not a number", () => {
    const result = decode("twelve");
    expect(Either.isLeft(result)).toBe(true);
    expect(String(Either.isLeft(result) && result.left.message)).toContain("must be a decimal number");
  });

  it("NonNegativeAmount refuses negative values", () => {
    expect(Either.isLeft(Schema.decodeUnknownEither(NonNegativeAmount)("-0.01"))).toBe(true);
  });
});

describe("currencies", () => {
  it("knows ISO 4217 fraction digits", () => {
    expect(fractionDigitsOf("EUR")).toBe(2);
    expect(fractionDigitsOf("JPY")).toBe(0);
    expect(fractionDigitsOf("BHD")).toBe(3);
    expect(fractionDigitsOf("XXX")).toBeUndefined();
  });

  it("checks that an amount fits the currency's minor unit", () => {
    const d = (s: string) => Either.getOrThrow(decode(s));
    expect(fitsCurrency(d("12.34"), "EUR")).toBe(true);
    expect(fitsCurrency(d("12.345"), "EUR")).toBe(false);
    expect(fitsCurrency(d("12.345"), "BHD")).toBe(true);
    expect(fitsCurrency(d("1.5"), "JPY")).toBe(false);
    expect(formatMoney({ amount: d("12.3"), currency: "EUR" })).toBe("12.30");
    expect(formatMoney({ amount: Decimal.zero, currency: "JPY" })).toBe("0");
  });

  it("CurrencyCode refuses unknown codes naming the rule", () => {
    const result = Schema.decodeUnknownEither(CurrencyCode)("EURO");
    expect(Either.isLeft(result) && result.left.message).toContain("ISO 4217");
  });
});
