/**
 * The SEPA character set (EPC "Latin character set"): a-z A-Z 0-9 / - ? : ( ) . , ' + and space.
 * Banks may reject anything else. Free text (names, addresses, remittance information) is
 * transliterated into it: accents are dropped (é is e), a few letters are spelled out (ß is ss,
 * Æ is AE), & becomes +, any other character becomes a space, and the result is cut to the
 * field's length. References are never altered: they are matched later (pain.002, camt.053), so
 * a reference outside the set is an error instead.
 */
import { asciiFormOf } from "../latin-letters";

const PUNCTUATION: Readonly<Record<string, string>> = { "&": "+", "’": "'", "‘": "'", "–": "-", "—": "-", _: "-" };

const NOT_SEPA = /[^A-Za-z0-9/\-?:().,'+ ]/g;

/** `text` within the SEPA character set, at most `maxLength` characters; "" when nothing is left. */
export const toSepaText = (text: string, maxLength: number): string =>
  (SEPA_TEXT.test(text) ? text : Array.from(text, (c) => PUNCTUATION[c] ?? asciiFormCached(c) ?? " ").join(""))
    .replace(NOT_SEPA, " ")
    .replace(/ {2,}/g, " ")
    .trim()
    .slice(0, maxLength)
    .trim();

// Most text of a file is already in the set (ids, many names): it skips the per-character walk.
const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/** asciiFormOf per distinct character: a file repeats the same few accented letters many times. */
const asciiForms = new Map<string, string | undefined>();
const asciiFormCached = (c: string): string | undefined => {
  if (asciiForms.has(c)) return asciiForms.get(c);
  const form = asciiFormOf(c);
  if (asciiForms.size < 4096) asciiForms.set(c, form);
  return form;
};

/**
 * The letters and digits of `text` that have no form in the SEPA character set (Greek, Cyrillic,
 * CJK, ...): they would otherwise vanish from a name or a remittance text, so they are refused.
 */
export const untransliterableLetters = (text: string): ReadonlyArray<string> =>
  !/[^\x20-\x7e]/.test(text)
    ? []
    : [...new Set(Array.from(text).filter((c) => /[\p{L}\p{N}]/u.test(c) && PUNCTUATION[c] === undefined && asciiFormCached(c) === undefined))];

const SEPA_REFERENCE = /^[A-Za-z0-9/\-?:().,'+ ]{1,35}$/;

/** Why a reference (MsgId, PmtInfId, EndToEndId) cannot go into a SEPA file, or undefined. */
export const sepaReferenceProblem = (reference: string): string | undefined => {
  if (!SEPA_REFERENCE.test(reference)) {
    return "must be 1 to 35 characters of the SEPA character set (letters, digits, / - ? : ( ) . , ' + space)";
  }
  if (reference.startsWith("/") || reference.endsWith("/") || reference.includes("//")) {
    return "must not start or end with / nor contain //";
  }
  if (reference.trim() !== reference) return "must not start or end with a space";
  return undefined;
};
