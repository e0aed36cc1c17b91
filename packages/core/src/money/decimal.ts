/**
 * Exact decimal numbers: `coefficient × 10^-scale`, with a bigint coefficient.
 *
 * Money never touches binary floating point (DOMAIN.md, "Money is exact"). A JSON number
 * arriving from a client is read through its shortest decimal spelling (`String(0.1)` is
 * "0.1"), which is the value the client wrote; a number leaves as `Number(toString())`, the
 * closest double, which JSON prints back as the same shortest spelling.
 *
 * Values are kept normalised (no trailing zeros in the fraction), so two equal values are
 * structurally equal.
 */
import { Option } from "effect";

export interface Decimal {
  readonly _tag: "Decimal";
  readonly coefficient: bigint;
  readonly scale: number;
}

const make = (coefficient: bigint, scale: number): Decimal => {
  let c = coefficient;
  let s = scale;
  while (s > 0 && c % 10n === 0n) {
    c /= 10n;
    s -= 1;
  }
  return { _tag: "Decimal", coefficient: c, scale: s };
};

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Scales both operands to the same scale. */
const align = (a: Decimal, b: Decimal): readonly [bigint, bigint, number] => {
  const scale = Math.max(a.scale, b.scale);
  return [a.coefficient * pow10(scale - a.scale), b.coefficient * pow10(scale - b.scale), scale];
};

export const zero: Decimal = make(0n, 0);

export const fromBigInt = (n: bigint): Decimal => make(n, 0);

/** An integer count of minor units at the given scale (`fromMinor(1234n, 2)` is 12.34). */
export const fromMinor = (minor: bigint, scale: number): Decimal => make(minor, scale);

const PATTERN = /^([+-])?(\d+)?(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses a plain or exponent decimal spelling ("12.30", "-5", "1e-7", ".5"). */
export const parse = (text: string): Option.Option<Decimal> => {
  const m = PATTERN.exec(text.trim());
  if (m === null) return Option.none();
  const [, sign, intPart = "", fracPart = "", exp] = m;
  if (intPart === "" && fracPart === "") return Option.none();
  const exponent = exp === undefined ? 0 : Number(exp);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) return Option.none();
  let coefficient = BigInt(`${intPart}${fracPart}` || "0");
  let scale = fracPart.length - exponent;
  if (scale < 0) {
    coefficient *= pow10(-scale);
    scale = 0;
  }
  return Option.some(make(sign === "-" ? -coefficient : coefficient, scale));
};

/** Reads a finite JavaScript number through its shortest decimal spelling. */
export const fromNumber = (n: number): Option.Option<Decimal> =>
  Number.isFinite(n) ? parse(String(n)) : Option.none();

export const add = (a: Decimal, b: Decimal): Decimal => {
  const [x, y, s] = align(a, b);
  return make(x + y, s);
};

export const subtract = (a: Decimal, b: Decimal): Decimal => {
  const [x, y, s] = align(a, b);
  return make(x - y, s);
};

export const negate = (a: Decimal): Decimal => make(-a.coefficient, a.scale);

export const multiply = (a: Decimal, b: Decimal): Decimal => make(a.coefficient * b.coefficient, a.scale + b.scale);

export const sum = (values: Iterable<Decimal>): Decimal => {
  let total = zero;
  for (const v of values) total = add(total, v);
  return total;
};

/** -1, 0 or 1. */
export const compare = (a: Decimal, b: Decimal): -1 | 0 | 1 => {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
};

export const equals = (a: Decimal, b: Decimal): boolean => compare(a, b) === 0;
export const isZero = (a: Decimal): boolean => a.coefficient === 0n;
export const isNegative = (a: Decimal): boolean => a.coefficient < 0n;
export const isPositive = (a: Decimal): boolean => a.coefficient > 0n;
export const isInteger = (a: Decimal): boolean => a.scale === 0;

/** Number of digits after the decimal point in the normalised value. */
export const fractionDigits = (a: Decimal): number => a.scale;

/** The value as a count of minor units at `scale`; None when it has more fraction digits. */
export const toMinor = (a: Decimal, scale: number): Option.Option<bigint> =>
  a.scale > scale ? Option.none() : Option.some(a.coefficient * pow10(scale - a.scale));

/** Plain spelling, with at least `minScale` fraction digits ("12.3" at 2 is "12.30"). */
export const format = (a: Decimal, minScale = 0): string => {
  const scale = Math.max(a.scale, minScale);
  const c = a.coefficient * pow10(scale - a.scale);
  const negative = c < 0n;
  const digits = (negative ? -c : c).toString().padStart(scale + 1, "0");
  const body = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${body}` : body;
};

/** The closest JavaScript number, for JSON output only: never compute with it. */
export const toNumber = (a: Decimal): number => Number(format(a));
