import { describe, expect, it } from "vitest";
import { Arbitrary, FastCheck as fc, Option, Schema } from "effect";
import { Decimal } from "@batch/core";
import { decimalFromColumn, decimalToColumn, instantToColumn, jsonFromColumn, jsonToColumn } from "../src/columns";

const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

describe("column converters", () => {
  it("writes decimals as their exact spelling and reads them back equal", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 }), (coefficient, scale) => {
        const value = Decimal.fromMinor(coefficient, scale);
        expect(decimalFromColumn(decimalToColumn(value))).toEqual(value);
      }),
    );
    expect(decimalToColumn(Decimal.add(dec("0.1"), dec("0.2")))).toBe("0.3");
    expect(decimalFromColumn("12.30")).toEqual(dec("12.3"));
    expect(() => decimalFromColumn("12,30")).toThrow(/not a decimal/);
  });

  it("normalises instants so text order is time order", () => {
    expect(instantToColumn("2026-01-01T10:00:00Z")).toBe("2026-01-01T10:00:00.000Z");
    expect(instantToColumn("2026-01-01T12:00:00.5+02:00")).toBe("2026-01-01T10:00:00.500Z");
    expect(() => instantToColumn("yesterday")).toThrow(/not an ISO 8601 instant/);
  });

  it("keeps Decimals, bigints and Options through JSON", () => {
    const state = {
      _tag: "Open",
      total: dec("1234567890123456789.01"),
      lines: [{ amount: dec("-0.005"), note: Option.some("x"), gone: Option.none() }],
      counter: 12345678901234567890n,
      plain: { $decimal: 1 },
    };
    const back = jsonFromColumn<typeof state>(jsonToColumn(state));
    expect(back).toEqual(state);
    expect(Option.isOption(back.lines[0]?.note)).toBe(true);
    expect(Decimal.equals(back.total, state.total)).toBe(true);
  });

  it("round-trips arbitrary Schema-described values holding decimals", () => {
    const Line = Schema.Struct({ id: Schema.UUID, amount: Schema.BigInt, note: Schema.optional(Schema.String), tags: Schema.Array(Schema.String) });
    fc.assert(
      fc.property(Arbitrary.make(Line), fc.bigInt(), fc.integer({ min: 0, max: 6 }), (line, c, s) => {
        const value = { line, money: Decimal.fromMinor(c, s) };
        expect(jsonFromColumn(jsonToColumn(value))).toEqual(value);
      }),
    );
  });
});
