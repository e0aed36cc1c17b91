/**
 * A real RecordEncoder for JSON payloads, for tests of outbound payloads independent of
 * `@batch/codecs`: each record is written through its schema's encoded side, the array in one
 * chunk. Only JSON: the CSV and XML encoders are `@batch/codecs`' business.
 */
import { Schema } from "effect";
import type { EncodeRequest, RecordEncoder } from "@batch/core";

export const makeErpJsonEncoder = (): RecordEncoder => ({
  encode: <A, I>(request: EncodeRequest<A, I>): AsyncIterable<Uint8Array> => ({
    async *[Symbol.asyncIterator]() {
      if (request.format !== "JSON") throw new Error(`the test JSON encoder writes JSON only, not ${request.format}`);
      const encode = Schema.encodeSync(request.schema);
      const encoded: Array<I> = [];
      for await (const record of request.records) encoded.push(encode(record));
      yield new TextEncoder().encode(JSON.stringify(encoded));
    },
  }),
});
