/**
 * A small, real CSV codec pair for tests of the core's file use cases, so they need not depend on
 * `@batch/codecs` (the production streaming decoder and result writer):
 *
 * - `makeCsvTestDecoder`: a RecordDecoder for CSV (RFC 4180: comma-separated, CRLF or LF line
 *   ends, double-quoted fields with `""` escapes, a UTF-8 BOM skipped). The first row is the
 *   header; header names match the schema's field names case-insensitively, other columns are kept
 *   in `raw` only. Blank lines are skipped. It reads the whole payload into memory first (for
 *   test-sized data) but yields records as it parses, so rows before a malformation come first.
 * - `makeCsvTestResultWriter`: a ResultFileWriter writing every row plus `status` and
 *   `errorMessage`, neutralising text cells that start with `=`, `+`, `-`, `@`, tab or carriage
 *   return (a leading `'`) while plain numbers (`-30`, `-30.00`) stay numbers.
 */
import { Either, Schema, type SchemaAST } from "effect";
import { PayloadMalformed, fieldErrorsOf, type DecodedItem, type RecordDecoder, type ResultFileWriter, type ResultRow, withDecodeBatches } from "@batch/core";

/** The encoded field names of a struct schema (through transformations and refinements). */
const fieldNamesOf = (ast: SchemaAST.AST): ReadonlyArray<string> => {
  switch (ast._tag) {
    case "TypeLiteral":
      return ast.propertySignatures.map((p) => String(p.name));
    case "Transformation":
    case "Refinement":
      return fieldNamesOf(ast.from);
    default:
      return [];
  }
};

interface CsvRecord {
  readonly line: number;
  readonly cells: ReadonlyArray<string>;
}

/**
 * The records of CSV text, each with the line it starts on, as they are read: a malformation
 * throws PayloadMalformed once the records before it have been yielded (as a streaming decoder does).
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  const ready: Array<CsvRecord> = [];
  let cells: Array<string> = [];
  let cell = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let cellWasQuoted = false;
  const endCell = () => {
    cells.push(cell);
    cell = "";
    cellWasQuoted = false;
  };
  const endRecord = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === "")) ready.push({ line: recordLine, cells });
    cells = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    yield* ready.splice(0);
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === "\n") line += 1;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell !== "" || cellWasQuoted) throw new PayloadMalformed({ message: "a quote inside an unquoted field", position: `line ${line}` });
      quoted = true;
      cellWasQuoted = true;
    } else if (ch === ",") endCell();
    else if (ch === "\r" && text[i + 1] === "\n") {
      // CRLF: the LF ends the record
    } else if (ch === "\n") {
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      if (cellWasQuoted) throw new PayloadMalformed({ message: "text after a closing quote", position: `line ${line}` });
      cell += ch;
    }
  }
  yield* ready.splice(0);
  if (quoted) throw new PayloadMalformed({ message: "a quoted field is not closed", position: `line ${recordLine}` });
  endRecord();
  yield* ready;
}

/** Every record of CSV text (see csvRecords). */
export const parseCsv = (text: string): ReadonlyArray<CsvRecord> => [...csvRecords(text)];

const readText = async (bytes: AsyncIterable<Uint8Array>): Promise<string> => {
  const chunks: Array<Uint8Array> = [];
  for await (const chunk of bytes) chunks.push(chunk);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Buffer.concat(chunks));
  } catch {
    throw new PayloadMalformed({ message: "the payload is not UTF-8 text" });
  }
};

export const makeCsvTestDecoder = (): RecordDecoder =>
  withDecodeBatches({
  decode: <A, I>({ format, schema, bytes }: { readonly format: string; readonly schema: Schema.Schema<A, I>; readonly bytes: AsyncIterable<Uint8Array> }) => ({
    async *[Symbol.asyncIterator](): AsyncGenerator<DecodedItem<A>> {
      if (format !== "CSV") throw new PayloadMalformed({ message: `the CSV test decoder reads CSV only, not ${format}` });
      const records = csvRecords(await readText(bytes));
      const first = records.next();
      if (first.done === true) return;
      const header = first.value;
      const names = header.cells.map((name) => name.trim());
      const fields = new Map(fieldNamesOf(schema.ast).map((field) => [field.toLowerCase(), field]));
      const decode = Schema.decodeUnknownEither(schema, { errors: "all" });
      let itemNumber = 0;
      for (const row of { [Symbol.iterator]: () => records }) {
        itemNumber += 1;
        const position = `line ${row.line}`;
        const raw: Record<string, unknown> = Object.fromEntries(names.map((name, i) => [name, row.cells[i] ?? ""]));
        if (row.cells.length !== names.length) {
          yield {
            _tag: "Invalid",
            itemNumber,
            position,
            raw,
            errors: [{ field: "", message: `the row has ${row.cells.length} cells; the header has ${names.length}` }],
          };
          continue;
        }
        const input: Record<string, unknown> = {};
        names.forEach((name, i) => {
          const field = fields.get(name.toLowerCase());
          if (field !== undefined) input[field] = row.cells[i];
        });
        const decoded = decode(input);
        yield Either.isRight(decoded)
          ? { _tag: "Valid", itemNumber, position, record: decoded.right, raw }
          : { _tag: "Invalid", itemNumber, position, raw, errors: fieldErrorsOf(decoded.left) };
      }
    },
  }),
});

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

const cellText = (value: unknown): string => {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
};

/** A cell as written: formula starts neutralised, quoted where CSV needs it. */
export const csvCell = (value: unknown): string => {
  const text = cellText(value);
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export const makeCsvTestResultWriter = (): ResultFileWriter => ({
  write: (columns, rows) => ({
    async *[Symbol.asyncIterator]() {
      const encoder = new TextEncoder();
      const line = (cells: ReadonlyArray<unknown>) => encoder.encode(`${cells.map(csvCell).join(",")}\r\n`);
      yield line([...columns, "status", "errorMessage"]);
      for await (const row of rows as AsyncIterable<ResultRow> | Iterable<ResultRow>) {
        yield line([...columns.map((c) => row.raw[c]), row.status, row.errorMessage]);
      }
    },
  }),
});
