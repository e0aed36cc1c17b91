/**
 * A real RecordDecoder for JSON-array payloads, for tests of inbound processing before (and
 * independently of) `@batch/codecs`. It reads the whole payload into memory, so it suits
 * test-sized payloads only; it follows the port's contract otherwise: every element becomes a
 * Valid or Invalid item numbered from 1 with its field errors, and a payload that is not a JSON
 * array (or not UTF-8) makes the iteration reject with PayloadMalformed.
 */
import { Either, Schema } from "effect";
import { fieldErrorsOf, PayloadMalformed, type DecodedItem, type DecodeRequest, type RecordDecoder, withDecodeBatches } from "@batch/core";

const readAll = async (bytes: AsyncIterable<Uint8Array>): Promise<Uint8Array> => {
  const chunks: Uint8Array[] = [];
  for await (const chunk of bytes) chunks.push(chunk);
  return Buffer.concat(chunks);
};

export const makeErpJsonDecoder = (): RecordDecoder =>
  withDecodeBatches({
  decode: <A, I>(request: DecodeRequest<A, I>): AsyncIterable<DecodedItem<A>> => ({
    async *[Symbol.asyncIterator]() {
      if (request.format !== "JSON") throw new Error(`the test JSON decoder reads JSON only, not ${request.format}`);
      const bytes = await readAll(request.bytes);
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        throw new PayloadMalformed({ message: "the payload is not UTF-8 text" });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new PayloadMalformed({ message: `the payload is not JSON: ${e instanceof Error ? e.message : String(e)}` });
      }
      if (!Array.isArray(parsed)) throw new PayloadMalformed({ message: "a JSON payload must be an array of records", position: "byte 0" });
      const decode = Schema.decodeUnknownEither(request.schema, { errors: "all" });
      for (const [index, element] of parsed.entries()) {
        const itemNumber = index + 1;
        const position = `item ${itemNumber}`;
        if (typeof element !== "object" || element === null || Array.isArray(element)) {
          yield { _tag: "Invalid", itemNumber, position, errors: [{ field: "", message: "must be an object" }], raw: {} };
          continue;
        }
        const raw = element as Readonly<Record<string, unknown>>;
        const decoded = decode(raw);
        yield Either.isRight(decoded)
          ? { _tag: "Valid", itemNumber, position, record: decoded.right, raw }
          : { _tag: "Invalid", itemNumber, position, errors: fieldErrorsOf(decoded.left), raw };
      }
    },
  }),
});
