/**
 * CSV files end up in spreadsheets, which run a cell that starts with `=`, `+`, `-` or `@` (and,
 * in some, a tab or carriage return) as a formula (OWASP "CSV injection"). Such a text cell is
 * written with a leading apostrophe, which spreadsheets show as text; a cell that is a plain
 * number (`-30`, `-30.00`, `+5`) is left alone so amounts stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export const neutraliseFormula = (cell: string): string =>
  FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
