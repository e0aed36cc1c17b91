/**
 * JSON payloads (DOMAIN.md: an array of objects, or NDJSON). The first character decides: `[`
 * is a top-level array, streamed element by element with @streamparser/json so the array is
 * never held whole; `{` is NDJSON, one object per line.
 *
 * In an array a syntax error leaves no way to find the next element, so it fails the payload. In
 * NDJSON every line stands alone, so a line that is not JSON fails only its own record.
 */
import { Tokenizer, TokenizerError, TokenParser, TokenParserError, TokenType, type ParsedTokenInfo } from "@streamparser/json";
import { PayloadMalformed, type FieldError } from "@batch/core";
import { describeBytes, type DecodeLimits } from "../decode-limits";
import { utf8Payload } from "../payload-bytes";
import type { RawRecord } from "../raw-record";

const describeJson = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`;

const recordOf = (value: unknown, position: string): RawRecord => {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return { position, input: value, raw: value as Record<string, unknown> };
  }
  const errors: ReadonlyArray<FieldError> = [{ field: "", message: `must be a JSON object, got ${describeJson(value)}` }];
  return { position, input: value, raw: {}, errors };
};

const isWhitespaceByte = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export async function* jsonRecords(
  bytes: AsyncIterable<Uint8Array>,
  limits: DecodeLimits,
): AsyncGenerator<ReadonlyArray<RawRecord>, void, undefined> {
  const chunks = utf8Payload(bytes)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let firstByte: number | undefined;
  while (firstByte === undefined) {
    const next = await chunks.next();
    if (next.done === true) return; // utf8Payload has already refused an empty payload
    head.push(next.value);
    firstByte = next.value.find((b) => !isWhitespaceByte(b));
  }
  async function* payload(): AsyncGenerator<Uint8Array, void, undefined> {
    yield* head;
    yield* { [Symbol.asyncIterator]: () => chunks };
  }
  if (firstByte === 0x5b) yield* arrayRecords(payload(), limits);
  else if (firstByte === 0x7b) yield* ndjsonRecords(payload(), limits);
  else {
    await chunks.return?.();
    throw new PayloadMalformed({
      message: "a JSON payload must be an array of objects or NDJSON (one object per line)",
      position: "byte 0",
    });
  }
}

async function* arrayRecords(
  chunks: AsyncIterable<Uint8Array>,
  limits: DecodeLimits,
): AsyncGenerator<ReadonlyArray<RawRecord>, void, undefined> {
  const tokenizer = new Tokenizer();
  const elements = new TokenParser({ paths: ["$.*"], keepStack: false });
  let depth = 0;
  let closed = false;
  let elementStart = 0;
  let lastToken = 0;
  let written = 0;
  let index = 0;
  let batch: RawRecord[] = [];

  tokenizer.onToken = (info: ParsedTokenInfo) => {
    const { token, offset } = info;
    lastToken = offset;
    if (closed) {
      throw new PayloadMalformed({ message: "unexpected content after the top-level JSON array", position: `byte ${offset}` });
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      depth += 1;
      if (depth > limits.maxDepth) {
        throw new PayloadMalformed({
          message: `the JSON payload nests deeper than ${limits.maxDepth} levels`,
          position: `byte ${offset}`,
        });
      }
      if (depth === 2) elementStart = offset;
    } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) {
      depth -= 1;
      if (depth === 0) closed = true;
    }
    if (depth >= 2 && offset - elementStart > limits.maxRecordBytes) throw tooLarge(index + 1, limits);
    elements.write(info);
  };
  elements.onValue = ({ value }) => {
    index += 1;
    batch.push(recordOf(value, `item ${index}`));
  };

  try {
    for await (const chunk of chunks) {
      tokenizer.write(chunk);
      written += chunk.length;
      // A string or number still being read has produced no token yet: bound that too.
      if (written - lastToken > limits.maxRecordBytes) throw tooLarge(index + 1, limits);
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
    tokenizer.end();
  } catch (error) {
    // The tokenizer's and token parser's errors mean the payload; anything else (the byte source
    // failing, a PayloadMalformed of ours) is passed on.
    if (!(error instanceof TokenizerError || error instanceof TokenParserError)) throw error;
    throw new PayloadMalformed({
      message: `the payload is not valid JSON: ${(error as Error).message}`,
      position: `after item ${index}`,
    });
  }
  if (!closed) {
    throw new PayloadMalformed({
      message: "the JSON payload ends before its top-level array is closed (truncated?)",
      position: `after item ${index}`,
    });
  }
  if (batch.length > 0) yield batch;
}

const tooLarge = (item: number, limits: DecodeLimits): PayloadMalformed =>
  new PayloadMalformed({
    message: `a JSON value is larger than the limit of ${describeBytes(limits.maxRecordBytes)}`,
    position: `item ${item}`,
  });

async function* ndjsonRecords(
  chunks: AsyncIterable<Uint8Array>,
  limits: DecodeLimits,
): AsyncGenerator<ReadonlyArray<RawRecord>, void, undefined> {
  const decoder = new TextDecoder();
  let pending = "";
  let line = 0;

  const parseLine = (text: string, batch: RawRecord[]): void => {
    line += 1;
    if (text.trim() === "") return;
    const position = `line ${line}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      batch.push({ position, input: undefined, raw: {}, errors: [{ field: "", message: `the line is not valid JSON: ${(error as Error).message}` }] });
      return;
    }
    batch.push(recordOf(value, position));
  };

  for await (const chunk of chunks) {
    const text = pending + decoder.decode(chunk, { stream: true });
    const batch: RawRecord[] = [];
    let start = 0;
    let end = text.indexOf("\n");
    while (end !== -1) {
      parseLine(text.slice(start, end), batch);
      start = end + 1;
      end = text.indexOf("\n", start);
    }
    pending = text.slice(start);
    if (pending.length > limits.maxRecordBytes) {
      throw new PayloadMalformed({
        message: `an NDJSON line is longer than the limit of ${describeBytes(limits.maxRecordBytes)}`,
        position: `line ${line + 1}`,
      });
    }
    if (batch.length > 0) yield batch;
  }
  const batch: RawRecord[] = [];
  pending += decoder.decode();
  if (pending !== "") parseLine(pending, batch);
  if (batch.length > 0) yield batch;
}
