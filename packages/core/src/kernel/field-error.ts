/** Field-level validation messages, from Schema parse errors to `{field, message}` pairs. */
import { ParseResult } from "effect";

export interface FieldError {
  /** Dotted path of the field (`lines.2.iBAN`), or "" for the record as a whole. */
  readonly field: string;
  readonly message: string;
}

/** Turns a Schema ParseError into one message per failing field, named by its path. */
export const fieldErrorsOf = (error: ParseResult.ParseError): ReadonlyArray<FieldError> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    field: issue.path.map(String).join("."),
    message: issue._tag === "Missing" ? "is required" : issue.message,
  }));
