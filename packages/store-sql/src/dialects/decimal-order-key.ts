/**
 * A text key per decimal whose byte order is the numeric order, for sorting SQLite's decimal
 * text columns exactly. The value is written as ±0.d₁d₂…×10^e (d₁ ≠ 0): positives sort by
 * exponent then digits; negatives by the complements, with a terminator above every digit so
 * that -0.12 sorts after -0.123.
 */
import { Decimal } from "@batch/core";
import { Option } from "effect";

const EXPONENT_BIAS = 500_000;
const pad = (n: number) => String(n).padStart(7, "0");

export const decimalOrderKey = (text: string): string | null => {
  const parsed = Decimal.parse(text);
  if (Option.isNone(parsed)) return null;
  const { coefficient, scale } = parsed.value;
  if (coefficient === 0n) return "1";
  const digits = (coefficient < 0n ? -coefficient : coefficient).toString().replace(/0+$/, "");
  const exponent = (coefficient < 0n ? -coefficient : coefficient).toString().length - scale;
  if (coefficient > 0n) return `2${pad(exponent + EXPONENT_BIAS)}${digits}`;
  const complement = [...digits].map((d) => String(9 - Number(d))).join("");
  return `0${pad(EXPONENT_BIAS - exponent)}${complement}~`;
};
