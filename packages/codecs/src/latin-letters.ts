/**
 * Latin letters that Unicode decomposition does not reduce to a base letter (Ł is not L plus an
 * accent), spelled out the way they are commonly written in ASCII.
 */
export const SPELLED_OUT_LETTERS: Readonly<Record<string, string>> = {
  ß: "ss", ẞ: "SS", Æ: "AE", æ: "ae", Œ: "OE", œ: "oe", Ø: "O", ø: "o", Đ: "D", đ: "d", Ð: "D", ð: "d",
  Ł: "L", ł: "l", Þ: "TH", þ: "th", ı: "i", Ħ: "H", ħ: "h", Ŧ: "T", ŧ: "t", Ŋ: "N", ŋ: "n",
};

/** `c` without its accents, or spelled out; undefined when it has no ASCII form. */
export const asciiFormOf = (c: string): string | undefined => {
  const spelled = SPELLED_OUT_LETTERS[c];
  if (spelled !== undefined) return spelled;
  const base = c.normalize("NFD").replace(/\p{M}/gu, "");
  return /^[\x20-\x7e]+$/.test(base) ? base : undefined;
};
