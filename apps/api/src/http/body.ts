/**
 * Request bodies: sizes are decided from Content-Length before anything is read, and re-checked
 * while reading when the body is chunked; bodies that can be large are never held in memory
 * (they are handed on as streams); small JSON bodies may be any JSON value, bare strings and
 * numbers included (the payment-batch setters take `"changed"`, `true`, `3`).
 */
import type { Request } from "express";
import { fail, HttpProblem } from "./problem";

/** Content-Length as a number, undefined when absent. Node has already refused malformed values. */
export const contentLength = (req: Request): number | undefined => {
  const header = req.headers["content-length"];
  if (header === undefined) return undefined;
  const n = Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

/** Whether the request carries a body at all (a POST action without one needs no Content-Type). */
export const hasBody = (req: Request): boolean => req.headers["transfer-encoding"] !== undefined || (contentLength(req) ?? 0) > 0;

/** The media type without parameters, lower case: `application/json` of `application/json; charset=utf-8`. */
export const mediaTypeOf = (req: Request): string | undefined => {
  const header = req.headers["content-type"];
  if (header === undefined) return undefined;
  const type = header.split(";", 1)[0]?.trim().toLowerCase();
  return type === "" ? undefined : type;
};

export const isJsonMediaType = (type: string | undefined): boolean =>
  type !== undefined && (type === "application/json" || (type.startsWith("application/") && type.endsWith("+json")));

const tooLarge = (max: number, what: string): HttpProblem =>
  new HttpProblem({
    status: 413,
    code: "Request.TooLarge",
    detail: `the ${what} is larger than the limit of ${max} bytes`,
    // The rest of the body is not read: closing the connection spares both sides sending it.
    headers: { Connection: "close" },
  });

/** 413 from Content-Length alone, before a byte of the body is read. */
export const refuseDeclaredLargerThan = (req: Request, max: number, what = "request body"): void => {
  const declared = contentLength(req);
  if (declared !== undefined && declared > max) throw tooLarge(max, what);
};

/** Reads a small body whole, refusing it (413) as soon as it passes `max` bytes. */
export const readSmallBody = async (req: Request, max: number, what = "request body"): Promise<Buffer> => {
  refuseDeclaredLargerThan(req, max, what);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) throw tooLarge(max, what);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    fail(400, "Request.BodyIncomplete", "the request body ended before it was complete");
  }
  return Buffer.concat(chunks, size);
};

const describeJsonError = (error: unknown): string =>
  error instanceof SyntaxError ? error.message.replace(/^Unexpected/, "unexpected") : "the body is not valid JSON";

/** Deeper JSON is refused: no request of this API nests more than a few levels. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in JSON text (strings skipped), without parsing it. */
const nestingDepth = (text: string): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
};

/**
 * Parses JSON text; a syntax error is a 400 naming the position. Nesting deeper than
 * MAX_JSON_DEPTH is refused before parsing, as code walking the value (validation, error
 * messages) would otherwise recurse as deep as the client chose.
 */
export const parseJson = (bytes: Buffer): unknown => {
  const text = bytes.toString("utf8");
  if (text.trim() === "") return fail(400, "Request.Malformed", "the request body is empty; send a JSON value");
  if (nestingDepth(text) > MAX_JSON_DEPTH) return fail(400, "Request.Malformed", `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(400, "Request.Malformed", `malformed JSON: ${describeJsonError(error)}`);
  }
};

export const unsupportedMediaType = (type: string | undefined, accepted: ReadonlyArray<string>): never =>
  fail(
    415,
    "Request.UnsupportedMediaType",
    `${type === undefined ? "a body without Content-Type" : `Content-Type ${type}`} is not accepted here; send ${accepted.join(" or ")}`,
  );

/**
 * A small JSON body: undefined when the request has none (the caller decides whether one was
 * required); any JSON value otherwise.
 */
export const readJsonBody = async (req: Request, max: number): Promise<unknown> => {
  if (!hasBody(req)) return undefined;
  const type = mediaTypeOf(req);
  if (!isJsonMediaType(type)) unsupportedMediaType(type, ["application/json"]);
  return parseJson(await readSmallBody(req, max));
};

/**
 * The request body as a stream of chunks that counts bytes as they pass, for bodies that go
 * straight to the blob store.
 */
export const countingStream = (req: Request, onBytes: (n: number) => void): AsyncIterable<Uint8Array> => ({
  async *[Symbol.asyncIterator]() {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      yield chunk;
    }
  },
});
