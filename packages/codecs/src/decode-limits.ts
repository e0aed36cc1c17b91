/**
 * Limits that keep decoding in bounded memory whatever the payload: no single record, and
 * nothing a parser buffers between two records, may grow beyond `maxRecordBytes`, and no
 * document may nest deeper than `maxDepth`. A payload that breaks a limit is refused as a whole
 * (PayloadMalformed), quickly, without reading the rest of it.
 */
export interface DecodeLimits {
  /** Largest record (a CSV row, a JSON element, an XML record element) in bytes. */
  readonly maxRecordBytes: number;
  /** Deepest nesting of JSON arrays/objects or XML elements, counting the top level as 1. */
  readonly maxDepth: number;
}

export const defaultDecodeLimits: DecodeLimits = {
  maxRecordBytes: 1024 * 1024,
  maxDepth: 32,
};

/** "1 MiB", "512 KiB", "300 bytes": limits as people read them. */
export const describeBytes = (n: number): string =>
  n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
