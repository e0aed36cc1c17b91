/**
 * IBAN validation (ISO 13616): country code, per-country length (SWIFT IBAN registry),
 * alphanumeric BBAN, and the mod-97 check digits. Input may contain spaces and lower case
 * (the paper format); `normalizeIban` gives the electronic format.
 */
const LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30,
  KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20,
  MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22,
  RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** Countries of the SEPA scheme (EPC list), whose IBANs may appear in a SEPA credit transfer. */
export const SEPA_COUNTRIES: ReadonlySet<string> = new Set([
  "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI", "GR", "HR", "HU", "IE",
  "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "SM", "VA", "AL",
  "MD", "ME", "MK", "RS",
]);

/**
 * SEPA countries outside the EEA (EU, Iceland, Liechtenstein, Norway). The EPC SCT rulebook makes
 * the BIC mandatory for payments to or from them; the Crown Dependencies (Jersey, Guernsey, the
 * Isle of Man) have GB IBANs.
 */
export const SEPA_COUNTRIES_OUTSIDE_EEA: ReadonlySet<string> = new Set(["AD", "AL", "CH", "GB", "GI", "MC", "MD", "ME", "MK", "RS", "SM", "VA"]);

export const normalizeIban = (input: string): string => input.replace(/\s+/g, "").toUpperCase();

/** Remainder of the IBAN's digit string modulo 97, computed piecewise to stay in safe integers. */
const mod97 = (rearranged: string): number => {
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
};

export type IbanProblem = "format" | "country" | "length" | "checksum";

/** Why an IBAN is invalid, or undefined when it is valid. */
export const ibanProblem = (input: string): IbanProblem | undefined => {
  const iban = normalizeIban(input);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return "format";
  const expected = LENGTHS[iban.slice(0, 2)];
  if (expected === undefined) return "country";
  if (iban.length !== expected) return "length";
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1 ? undefined : "checksum";
};

export const isValidIban = (input: string): boolean => ibanProblem(input) === undefined;

export const ibanProblemMessage = (problem: IbanProblem): string =>
  ({
    format: "IBAN must be two letters, two check digits and up to 30 letters or digits (ISO 13616)",
    country: "IBAN country code is not in the IBAN registry (ISO 13616)",
    length: "IBAN has the wrong length for its country (ISO 13616)",
    checksum: "IBAN check digits are wrong (ISO 13616 mod 97)",
  })[problem];

/** Builds a valid IBAN from a country and BBAN by computing the check digits (for tests and fixtures). */
export const ibanWithCheckDigits = (country: string, bban: string): string => {
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, "0")}${bban}`;
};

export const ibanLengthOf = (country: string): number | undefined => LENGTHS[country];
export const ibanCountries: ReadonlyArray<string> = Object.keys(LENGTHS);
