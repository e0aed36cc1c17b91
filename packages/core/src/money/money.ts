/** An exact amount in an ISO 4217 currency, never with more fraction digits than the currency has. */
import * as Decimal from "./decimal";
import { fractionDigitsOf } from "./currency";

export interface Money {
  readonly amount: Decimal.Decimal;
  readonly currency: string;
}

/** True when `amount` fits the currency's minor unit (12.345 EUR does not). */
export const fitsCurrency = (amount: Decimal.Decimal, currency: string): boolean => {
  const digits = fractionDigitsOf(currency);
  return digits !== undefined && Decimal.fractionDigits(amount) <= digits;
};

/** The amount spelled with exactly the currency's fraction digits ("12.3" EUR is "12.30"). */
export const formatMoney = (m: Money): string => Decimal.format(m.amount, fractionDigitsOf(m.currency) ?? 0);
