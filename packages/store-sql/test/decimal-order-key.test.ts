import { describe, expect, it } from "vitest";
import { FastCheck as fc } from "effect";
import { Decimal } from "@batch/core";
import { decimalOrderKey } from "../src/dialects/decimal-order-key";

const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 30 })).map(([c, s]) => Decimal.fromMinor(c, s));
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("decimal order key (SQLite sorting of exact decimals)", () => {
  it("orders keys as the decimals they come from, at any size", () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const ka = decimalOrderKey(Decimal.format(a)) ?? "";
        const kb = decimalOrderKey(Decimal.format(b)) ?? "";
        expect(byteOrder(ka, kb)).toBe(Decimal.compare(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it("separates values a double cannot tell apart, and reads any spelling of a value alike", () => {
    const keys = ["-0.123", "-0.12", "-0.1", "0", "0.1", "0.10000000000000001", "0.12", "9007199254740993", "9007199254740993.5"].map(decimalOrderKey);
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(decimalOrderKey("12.30")).toBe(decimalOrderKey("12.3"));
    expect(decimalOrderKey("not a number")).toBeNull();
  });
});
