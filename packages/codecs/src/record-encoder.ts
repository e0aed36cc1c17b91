/**
 * The RecordEncoder port: records out as JSON, CSV or XML payloads that the RecordDecoder reads
 * back to the same records. Each record is written through its schema's encoded side (amounts as
 * numbers, ...), and the output is streamed in chunks of about 64 KiB.
 *
 * Shapes: JSON is an array with one object per line; CSV has a header row of the schema's field
 * names; XML is `<records><record><field>...</field></record></records>` unless the request names
 * the elements. An absent or empty field is an empty CSV cell and no XML element ("Empty is
 * absent"); a nested object or list is a JSON cell in CSV, and nested or repeated elements in XML.
 */
import { stringify } from "csv-stringify/sync";
import { Data, Either, ParseResult, Schema } from "effect";
import type { EncodeRequest, RecordEncoder } from "@batch/core";
import { CHUNK_BYTES } from "./payload-bytes";
import { fieldNamesOf } from "./schema-fields";
import { escapeXml, isXmlName } from "./xml/xml-text";

/** A record the schema cannot encode, or a field name XML cannot carry. */
export class RecordNotEncodable extends Data.TaggedError("Codec.RecordNotEncodable")<{
  readonly message: string;
  readonly itemNumber: number;
}> {}

/** Joins written text into chunks of about CHUNK_BYTES. */
class ChunkWriter {
  private parts: string[] = [];
  private length = 0;
  private readonly encoder = new TextEncoder();

  /** Adds text; returns a chunk when enough has gathered. */
  add(text: string): Uint8Array | undefined {
    this.parts.push(text);
    this.length += text.length;
    return this.length >= CHUNK_BYTES ? this.flush() : undefined;
  }

  flush(): Uint8Array | undefined {
    if (this.length === 0) return undefined;
    const chunk = this.encoder.encode(this.parts.join(""));
    this.parts = [];
    this.length = 0;
    return chunk;
  }
}

const cellText = (value: unknown): string => {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
};

type Encoded = Readonly<Record<string, unknown>>;

interface FormatWriter {
  readonly start: (first: Encoded | undefined) => string;
  readonly record: (record: Encoded, itemNumber: number) => string;
  readonly end: () => string;
}

const jsonWriter = (): FormatWriter => {
  let count = 0;
  return {
    start: () => "[",
    record: (record) => `${count++ === 0 ? "\n" : ",\n"}${JSON.stringify(record)}`,
    end: () => (count === 0 ? "]\n" : "\n]\n"),
  };
};

const csvWriter = (fieldNames: ReadonlyArray<string>): FormatWriter => {
  let columns = fieldNames;
  return {
    start: (first) => {
      if (columns.length === 0) columns = Object.keys(first ?? {});
      return stringify([columns]);
    },
    record: (record) => stringify([columns.map((name) => cellText(record[name]))]),
    end: () => "",
  };
};

const xmlWriter = (root: string, recordName: string): FormatWriter => {
  const element = (name: string, value: unknown, indent: string, itemNumber: number): string => {
    if (value === undefined || value === null || value === "") return "";
    if (Array.isArray(value)) return value.map((v) => element(name, v, indent, itemNumber)).join("");
    if (!isXmlName(name)) {
      throw new RecordNotEncodable({ message: `the field name "${name}" cannot be an XML element name`, itemNumber });
    }
    if (typeof value === "object") {
      const inner = Object.entries(value as Encoded)
        .map(([k, v]) => element(k, v, `${indent}  `, itemNumber))
        .join("");
      return inner === "" ? "" : `${indent}<${name}>\n${inner}${indent}</${name}>\n`;
    }
    return `${indent}<${name}>${escapeXml(cellText(value))}</${name}>\n`;
  };
  return {
    start: () => `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>\n`,
    record: (record, itemNumber) => {
      const fields = Object.entries(record)
        .map(([name, value]) => element(name, value, "    ", itemNumber))
        .join("");
      return `  <${recordName}>\n${fields}  </${recordName}>\n`;
    },
    end: () => `</${root}>\n`,
  };
};

async function* encodeRecords<A, I>(request: EncodeRequest<A, I>): AsyncGenerator<Uint8Array, void, undefined> {
  const encode = Schema.encodeEither(request.schema);
  const root = request.xml?.root ?? "records";
  const recordName = request.xml?.record ?? "record";
  if (request.format === "XML" && (!isXmlName(root) || !isXmlName(recordName))) {
    throw new RecordNotEncodable({ message: `"${root}" / "${recordName}" cannot be XML element names`, itemNumber: 0 });
  }
  const writer =
    request.format === "JSON" ? jsonWriter() : request.format === "CSV" ? csvWriter(fieldNamesOf(request.schema)) : xmlWriter(root, recordName);
  const out = new ChunkWriter();
  let itemNumber = 0;
  for await (const record of request.records) {
    itemNumber += 1;
    const encoded = encode(record);
    if (Either.isLeft(encoded)) {
      throw new RecordNotEncodable({
        message: ParseResult.TreeFormatter.formatErrorSync(encoded.left),
        itemNumber,
      });
    }
    const fields = encoded.right as Encoded;
    if (itemNumber === 1) out.add(writer.start(fields));
    const chunk = out.add(writer.record(fields, itemNumber));
    if (chunk !== undefined) yield chunk;
  }
  if (itemNumber === 0) out.add(writer.start(undefined));
  out.add(writer.end());
  const last = out.flush();
  if (last !== undefined) yield last;
}

export const makeRecordEncoder = (): RecordEncoder => ({
  encode: (request) => encodeRecords(request),
});
