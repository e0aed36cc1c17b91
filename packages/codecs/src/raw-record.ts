/**
 * What every format reader produces: a record's fields as read, before the caller's schema sees
 * them. Readers hand records over in arrays (one per parsed chunk) so the per-record cost of the
 * asynchronous pipeline is paid once per chunk, not once per record.
 */
import type { FieldError } from "@batch/core";

export interface RawRecord {
  /** Where the record was read: "item 3", "line 4", "/Document/.../CdtTrfTxInf[2]". */
  readonly position: string;
  /** The value handed to the schema: the fields with empty CSV cells and XML elements left out. */
  readonly input: unknown;
  /** The fields as read, for result files that repeat every input row. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** Set when the record failed before reaching the schema (a CSV row of the wrong width, ...). */
  readonly errors?: ReadonlyArray<FieldError>;
}

export type RecordBatches = AsyncIterable<ReadonlyArray<RawRecord>>;
