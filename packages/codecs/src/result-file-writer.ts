/**
 * The ResultFileWriter port (DOMAIN.md, BatchProcess output CSV): every input row with its
 * columns as read, plus `status` and `errorMessage`, streamed in chunks. Cells are neutralised
 * against formula injection; a value that is not text (a JSON number, a nested object from a
 * JSON or XML input) is written as its JSON text.
 */
import { stringify } from "csv-stringify/sync";
import type { ResultFileWriter, ResultRow } from "@batch/core";
import { CHUNK_BYTES } from "./payload-bytes";
import { neutraliseFormula } from "./spreadsheet-cell";

const cellOf = (value: unknown): string => {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return neutraliseFormula(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  return neutraliseFormula(JSON.stringify(value));
};

async function* resultRows(
  columns: ReadonlyArray<string>,
  rows: AsyncIterable<ResultRow> | Iterable<ResultRow>,
): AsyncGenerator<Uint8Array, void, undefined> {
  const encoder = new TextEncoder();
  const header = [...columns, "status", "errorMessage"].map(neutraliseFormula);
  let pending: string[][] = [header];
  let pendingLength = 0;
  const flush = (): Uint8Array => {
    const chunk = encoder.encode(stringify(pending));
    pending = [];
    pendingLength = 0;
    return chunk;
  };
  for await (const row of rows) {
    const cells = columns.map((column) => cellOf(Object.hasOwn(row.raw, column) ? row.raw[column] : undefined));
    cells.push(row.status, neutraliseFormula(row.errorMessage));
    pending.push(cells);
    for (const cell of cells) pendingLength += cell.length + 1;
    if (pendingLength >= CHUNK_BYTES) yield flush();
  }
  if (pending.length > 0) yield flush();
}

export const makeResultFileWriter = (): ResultFileWriter => ({
  write: (columns, rows) => resultRows(columns, rows),
});
