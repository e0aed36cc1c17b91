/**
 * The RecordDecoder port over the format readers: bytes in, decoded items out, in bounded memory.
 * Every reader yields records in arrays, one per parsed chunk; the schema step and the final
 * one-at-a-time iterator are shared.
 */
import {
  PayloadMalformed,
  type DecodeRequest,
  type IsoMessage,
  type RecordDecoder,
} from "@batch/core";
import { csvRecords } from "./csv/csv-records";
import { defaultDecodeLimits, type DecodeLimits } from "./decode-limits";
import { camt053Reader } from "./iso20022/camt053-reader";
import { pain001Reader } from "./iso20022/pain001-reader";
import { pain002Reader } from "./iso20022/pain002-reader";
import { jsonRecords } from "./json/json-records";
import type { RecordBatches } from "./raw-record";
import { flatten, validateBatches } from "./record-validation";
import { fieldNamesOf } from "./schema-fields";
import { xmlPayloadReader } from "./xml/xml-payload-reader";
import { xmlRecords, type XmlRecordReader } from "./xml/xml-stream";

const isoReaders: Readonly<Record<IsoMessage, () => XmlRecordReader>> = {
  "pain.001": pain001Reader,
  "pain.002": pain002Reader,
  "camt.053": camt053Reader,
};

/** A stream that fails on first read, as the port says a payload that cannot be read does. */
const refused = (error: PayloadMalformed): RecordBatches => ({
  [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
});

export const makeRecordDecoder = (options: Partial<DecodeLimits> = {}): RecordDecoder => {
  const limits: DecodeLimits = { ...defaultDecodeLimits, ...options };

  const recordsOf = <A, I>(request: DecodeRequest<A, I>): RecordBatches => {
    switch (request.format) {
      case "JSON":
        return jsonRecords(request.bytes, limits);
      case "CSV":
        return csvRecords(request.bytes, fieldNamesOf(request.schema), limits);
      case "XML":
        return xmlRecords(request.bytes, xmlPayloadReader(), limits);
      case "ISO": {
        const message = request.isoMessage;
        if (message === undefined) {
          return refused(new PayloadMalformed({ message: "an ISO payload needs its message type: pain.001, pain.002 or camt.053" }));
        }
        return xmlRecords(request.bytes, isoReaders[message](), limits);
      }
    }
  };

  const decodeBatches = <A, I>(request: DecodeRequest<A, I>) => validateBatches(recordsOf(request), request.schema);
  return {
    decodeBatches,
    decode: (request) => flatten(decodeBatches(request)),
  };
};
