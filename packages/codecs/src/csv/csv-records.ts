/**
 * CSV payloads (API.md: header row, names case-insensitive, extra columns ignored, empty cell =
 * absent). csv-parse does the quoting; this file maps header names to the schema's fields and
 * keeps one bad row from failing the file: a row of the wrong width fails alone, while broken
 * quoting, which leaves no way to tell where the next row starts, fails the payload.
 */
import type { TransformOptions } from "node:stream";
import { CsvError, parse, type Options } from "csv-parse";
import { PayloadMalformed, type FieldError } from "@batch/core";
import { describeBytes, type DecodeLimits } from "../decode-limits";
import { setOwnField } from "../own-field";
import { CHUNK_BYTES, utf8Payload } from "../payload-bytes";
import type { RawRecord } from "../raw-record";

interface Columns {
  /** Header names as written, the keys of each row's `raw`; undefined for an unnamed column. */
  readonly names: ReadonlyArray<string | undefined>;
  /** The schema field each column fills, or undefined for an extra column. */
  readonly fields: ReadonlyArray<string | undefined>;
  /** Every column is named exactly as the field it fills: a row with no empty cell is its own input. */
  readonly identity: boolean;
}

const columnsOf = (header: ReadonlyArray<string>, fieldNames: ReadonlyArray<string>): Columns => {
  const byLowerCase = new Map(fieldNames.map((name) => [name.toLowerCase(), name]));
  const firstColumn = new Map<string, number>();
  const names = header.map((cell, index) => {
    const name = cell.trim();
    if (name === "") return undefined;
    const key = name.toLowerCase();
    const previous = firstColumn.get(key);
    if (previous !== undefined) {
      throw new PayloadMalformed({
        message: `the CSV header names column "${name}" twice (columns ${previous + 1} and ${index + 1})`,
        position: "line 1",
      });
    }
    firstColumn.set(key, index);
    return name;
  });
  // Without field names (a schema that is not a struct) the header names are the fields.
  const fields = names.map((name) =>
    name === undefined ? undefined : fieldNames.length === 0 ? name : byLowerCase.get(name.toLowerCase()),
  );
  const identity = names.every((name, i) => name !== undefined && name === fields[i] && name !== "__proto__");
  return { names, fields, identity };
};

/** A row; "line N" is spelled only when asked for (for failed rows, and result files). */
class CsvRow implements RawRecord {
  constructor(
    readonly line: number,
    readonly input: Readonly<Record<string, unknown>>,
    readonly raw: Readonly<Record<string, unknown>>,
    readonly errors?: ReadonlyArray<FieldError>,
  ) {}
  get position(): string {
    return `line ${this.line}`;
  }
}

const malformed = (error: CsvError | Error, limits: DecodeLimits): PayloadMalformed => {
  const csvError = error as Partial<CsvError>;
  const position = typeof csvError.lines === "number" ? `line ${csvError.lines}` : undefined;
  if (csvError.code === "CSV_MAX_RECORD_SIZE") {
    return new PayloadMalformed({
      message: `a CSV record is larger than the limit of ${describeBytes(limits.maxRecordBytes)}`,
      ...(position === undefined ? {} : { position }),
    });
  }
  return new PayloadMalformed({
    message: `the CSV payload cannot be read: ${error.message}`,
    ...(position === undefined ? {} : { position }),
  });
};

/** Counts the line breaks inside a row's cells, so positions name the line a row starts on. */
const lineBreaksIn = (row: ReadonlyArray<string>): number => {
  let breaks = 0;
  for (const cell of row) {
    let at = cell.indexOf("\n");
    while (at !== -1) {
      breaks += 1;
      at = cell.indexOf("\n", at + 1);
    }
  }
  return breaks;
};

export async function* csvRecords(
  bytes: AsyncIterable<Uint8Array>,
  fieldNames: ReadonlyArray<string>,
  limits: DecodeLimits,
): AsyncGenerator<ReadonlyArray<RawRecord>, void, undefined> {
  const options: Options & TransformOptions = {
    relax_column_count: true,
    max_record_size: limits.maxRecordBytes,
    // Every row a chunk yields is read before the next chunk is written, so this is never
    // reached; it keeps the stream from deferring a write until rows are read.
    readableHighWaterMark: 2 * CHUNK_BYTES,
  };
  const parser = parse(options);
  // Errors are read from `parser.errored` right after each write; this listener only keeps the
  // stream's own asynchronous 'error' event from being reported as unhandled.
  parser.on("error", () => undefined);

  let columns: Columns | undefined;
  let line = 1;

  const toRecord = (row: ReadonlyArray<string>, line: number, cols: Columns): RawRecord => {
    // The common case, one object for both: the header names the fields exactly, the row is full.
    if (cols.identity && row.length === cols.names.length) {
      const fields: Record<string, unknown> = {};
      let i = 0;
      for (; i < row.length && row[i] !== ""; i++) fields[cols.names[i] as string] = row[i];
      if (i === row.length) return new CsvRow(line, fields, fields);
    }
    const raw: Record<string, unknown> = {};
    const input: Record<string, unknown> = {};
    const width = Math.min(row.length, cols.names.length);
    for (let i = 0; i < width; i++) {
      const cell = row[i] as string;
      const name = cols.names[i];
      if (name !== undefined) setOwnField(raw, name, cell);
      const field = cols.fields[i];
      if (field !== undefined && cell !== "") setOwnField(input, field, cell);
    }
    if (row.length === cols.names.length) return new CsvRow(line, input, raw);
    const errors: ReadonlyArray<FieldError> = [
      { field: "", message: `the row has ${row.length} fields but the header has ${cols.names.length}` },
    ];
    return new CsvRow(line, input, raw, errors);
  };

  const accept = (row: ReadonlyArray<string>, batch: RawRecord[]): void => {
    const start = line;
    line += 1 + lineBreaksIn(row);
    if (row.length === 1 && row[0] === "") return; // an empty line
    if (columns === undefined) columns = columnsOf(row, fieldNames);
    else batch.push(toRecord(row, start, columns));
  };

  try {
    for await (const chunk of utf8Payload(bytes)) {
      parser.write(chunk);
      const batch: RawRecord[] = [];
      let row: string[] | null;
      while ((row = parser.read() as string[] | null) !== null) accept(row, batch);
      if (parser.errored !== null) throw malformed(parser.errored, limits);
      if (batch.length > 0) yield batch;
    }
    parser.end();
    const batch: RawRecord[] = [];
    // end() releases the last row when the payload does not end with a line break.
    for await (const row of parser) accept(row as string[], batch);
    if (batch.length > 0) yield batch;
  } catch (error) {
    // csv-parse's own errors mean the payload; anything else (the byte source failing) is passed on.
    if (error instanceof CsvError) throw malformed(error, limits);
    throw error;
  } finally {
    parser.destroy();
  }
}
