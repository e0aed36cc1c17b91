import { describe, expect, it } from "vitest";
import { FastCheck as fc, Option } from "effect";
import { Decimal } from "../src";

const decimalArb = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 6 }))
  .map(([c, s]) => Decimal.fromMinor(c, s));

const parsed = (s: string) => Option.getOrThrow(Decimal.parse(s));

describe("Decimal", () => {
  it("0.1 + 0.2 is exactly 0.3", () => {
    expect(Decimal.equals(Decimal.add(parsed("0.1"), parsed("0.2")), parsed("0.3"))).toBe(true);
    expect(Decimal.toNumber(Decimal.add(parsed("0.1"), parsed("0.2")))).toBe(0.3);
  });

  it("reads JSON numbers through their shortest spelling", () => {
    expect(Decimal.format(Option.getOrThrow(Decimal.fromNumber(12.3)), 2)).toBe("12.30");
    expect(Decimal.format(Option.getOrThrow(Decimal.fromNumber(1e-7)))).toBe("0.0000001");
    expect(Decimal.format(Option.getOrThrow(Decimal.fromNumber(1e21)))).toBe("1000000000000000000000");
    expect(Option.isNone(Decimal.fromNumber(Number.NaN))).toBe(true);
    expect(Option.isNone(Decimal.fromNumber(Number.POSITIVE_INFINITY))).toBe(true);
  });

  it("refuses what is not a decimal", () => {
    for (const bad of ["", "-", ".", "1.2.3", "1,5", "abc", "1e", "0x10", "1e99999"]) {
      expect(Option.isNone(Decimal.parse(bad)), bad).toBe(true);
    }
  });

  it("normalises, so equal values are structurally equal", () => {
    expect(parsed("12.3000")).toEqual(parsed("12.3"));
    expect(parsed("-0.00")).toEqual(Decimal.zero);
    expect(parsed("1.5e2")).toEqual(parsed("150"));
  });

  it("format then parse is the identity", () => {
    fc.assert(fc.property(decimalArb, (d) => {
      expect(parsed(Decimal.format(d))).toEqual(d);
    }));
  });

  it("addition is associative and commutative, subtraction undoes it", () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, decimalArb, (a, b, c) => {
        expect(Decimal.add(Decimal.add(a, b), c)).toEqual(Decimal.add(a, Decimal.add(b, c)));
        expect(Decimal.add(a, b)).toEqual(Decimal.add(b, a));
        expect(Decimal.subtract(Decimal.add(a, b), b)).toEqual(a);
      }),
    );
  });

  it("sum of minor units equals the sum of the decimals", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), { maxLength: 50 }), (minors) => {
        const total = Decimal.sum(minors.map((m) => Decimal.fromMinor(m, 2)));
        expect(Option.getOrThrow(Decimal.toMinor(total, 2))).toBe(minors.reduce((x, y) => x + y, 0n));
      }),
    );
  });

  it("compare agrees with subtraction's sign", () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        const diff = Decimal.subtract(a, b);
        const sign = Decimal.isZero(diff) ? 0 : Decimal.isNegative(diff) ? -1 : 1;
        expect(Decimal.compare(a, b)).toBe(sign);
      }),
    );
  });

  it("toMinor refuses more fraction digits than the scale", () => {
    expect(Option.isNone(Decimal.toMinor(parsed("1.234"), 2))).toBe(true);
    expect(Decimal.toMinor(parsed("1.2"), 2)).toEqual(Option.some(120n));
  });
});
