/**
 * The byte layer every decoder reads through: payloads are UTF-8 text, with or without a byte
 * order mark. Checking the encoding here, before any parser sees the bytes, is what turns binary
 * garbage into one clear PayloadMalformed instead of a parser error somewhere in the middle, or
 * worse, records full of replacement characters.
 */
import { isUtf8 } from "node:buffer";
import { PayloadMalformed } from "@batch/core";

/** Parsers are fed at most this many bytes at a time, so every limit is checked at this granularity. */
export const CHUNK_BYTES = 64 * 1024;

const isWhitespaceByte = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Length of the prefix of `chunk` that ends on a UTF-8 character boundary. */
const completePrefixLength = (chunk: Uint8Array): number => {
  const end = chunk.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const b = chunk[i] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const width = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + width > end ? i : end;
  }
  return end;
};

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
};

/**
 * Yields the payload as chunks of at most CHUNK_BYTES that each end on a character boundary,
 * without a UTF-8 byte order mark. Fails with PayloadMalformed when the payload is empty, is
 * UTF-16 or UTF-32, is not valid UTF-8, or contains a NUL byte (binary content).
 */
export async function* utf8Payload(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  let consumed = 0; // bytes of the payload before the current chunk
  let pending: Uint8Array | undefined; // an incomplete character, or a head too short to check for a BOM
  let atStart = true;
  let sawContent = false;

  const check = (chunk: Uint8Array): void => {
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      throw new PayloadMalformed({
        message: "the payload is binary, not text: it contains a NUL byte",
        position: `byte ${consumed + nul}`,
      });
    }
    if (!isUtf8(chunk)) {
      throw new PayloadMalformed({
        message: "the payload is not UTF-8 text: it contains a byte sequence that is not valid UTF-8",
        position: `bytes ${consumed}-${consumed + chunk.length - 1}`,
      });
    }
    if (!sawContent) sawContent = chunk.some((b) => !isWhitespaceByte(b));
  };

  async function* emit(chunk: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
    for (let start = 0; start < chunk.length; start += CHUNK_BYTES) {
      yield chunk.subarray(start, Math.min(start + CHUNK_BYTES, chunk.length));
    }
  }

  for await (const input of bytes) {
    let chunk = pending === undefined ? input : concat(pending, input);
    pending = undefined;
    if (atStart) {
      if (chunk.length < 4) {
        pending = chunk;
        continue;
      }
      const bom = byteOrderMarkLength(chunk);
      consumed += bom;
      chunk = chunk.subarray(bom);
      atStart = false;
    }
    const cut = completePrefixLength(chunk);
    const complete = chunk.subarray(0, cut);
    if (cut < chunk.length) pending = chunk.slice(cut);
    check(complete);
    yield* emit(complete);
    consumed += complete.length;
  }
  if (pending !== undefined) {
    const rest = atStart ? pending.subarray(byteOrderMarkLength(pending)) : pending;
    check(rest);
    yield* emit(rest);
  }
  if (!sawContent) throw new PayloadMalformed({ message: "the payload is empty" });
}

/** 3 for a UTF-8 byte order mark, 0 without one; other encodings' marks are refused. */
const byteOrderMarkLength = (chunk: Uint8Array): number => {
  const [b0, b1, b2] = chunk;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 3;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 === 0 && b2 === 0xfe)) {
    throw new PayloadMalformed({
      message: "the payload is UTF-16 or UTF-32 text (byte order mark); send it as UTF-8",
      position: "byte 0",
    });
  }
  return 0;
};
