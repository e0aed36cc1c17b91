/**
 * One measurement of the decoding benchmark, run in a fresh process by decode.bench.ts (bundled
 * with esbuild first, so the process holds only what it runs). Prints one JSON line.
 *
 *   measure.mjs <bare|batches|items> <CSV|JSON|XML> <company|shape|payment> <file>
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { SaxesParser } from "saxes";
import { Tokenizer, TokenParser } from "@streamparser/json";
import { Schema } from "effect";
import { Company, PaymentRequestRecord } from "@batch/core";
import { makeRecordDecoder } from "../src/record-decoder";

export type Mode = "bare" | "batches" | "items";
export type Format = "CSV" | "JSON" | "XML";
export type SchemaName = "company" | "shape" | "payment";

export interface Measurement {
  readonly records: number;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly peakRssMiB: number;
}

/** The COMPANY fields as plain strings: the record's shape only, at almost no cost per field. */
const CompanyShape = Schema.Struct({
  referenceId: Schema.String,
  name: Schema.optional(Schema.String),
  registeredCountry: Schema.optional(Schema.String),
  registeredRegion: Schema.optional(Schema.String),
});

const schemas: Readonly<Record<SchemaName, Schema.Schema.AnyNoContext>> = {
  company: Company,
  shape: CompanyShape,
  payment: PaymentRequestRecord,
};

const chunks = (file: string) => createReadStream(file, { highWaterMark: 64 * 1024 });

/** The bare parsers into a no-op sink, configured as the decoders configure them. */
const bare: Readonly<Record<Format, (file: string) => Promise<number>>> = {
  CSV: async (file) => {
    let rows = 0;
    const parser = parse({ relax_column_count: true, max_record_size: 1024 * 1024 });
    parser.on("data", () => {
      rows += 1;
    });
    await new Promise<void>((resolve, reject) => {
      chunks(file).pipe(parser).on("end", resolve).on("error", reject);
    });
    return rows - 1; // the header row
  },
  JSON: async (file) => {
    let records = 0;
    const tokenizer = new Tokenizer();
    const parser = new TokenParser({ paths: ["$.*"], keepStack: false });
    tokenizer.onToken = (token) => parser.write(token);
    parser.onValue = () => {
      records += 1;
    };
    for await (const chunk of chunks(file)) tokenizer.write(chunk as Buffer);
    return records;
  },
  XML: async (file) => {
    let records = 0;
    let depth = 0;
    const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
    parser.on("opentag", () => {
      depth += 1;
    });
    parser.on("text", () => undefined);
    parser.on("closetag", () => {
      if (depth-- === 2) records += 1;
    });
    const decoder = new TextDecoder();
    for await (const chunk of chunks(file)) parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    parser.close();
    return records;
  },
};

const failed = (item: { readonly position: string; readonly errors: unknown }): Error =>
  new Error(`${item.position}: ${JSON.stringify(item.errors)}`);

const decoded = async (mode: "batches" | "items", format: Format, schemaName: SchemaName, file: string): Promise<number> => {
  const request = { format, schema: schemas[schemaName], bytes: chunks(file) };
  const decoder = makeRecordDecoder();
  let records = 0;
  if (mode === "batches") {
    for await (const batch of decoder.decodeBatches(request)) {
      for (const item of batch) {
        if (item._tag === "Invalid") throw failed(item);
        records += 1;
      }
    }
  } else {
    for await (const item of decoder.decode(request)) {
      if (item._tag === "Invalid") throw failed(item);
      records += 1;
    }
  }
  return records;
};

const [mode, format, schemaName, file] = process.argv.slice(2) as [Mode, Format, SchemaName, string];
const cpu = process.cpuUsage();
const started = performance.now();
const records = mode === "bare" ? await bare[format](file) : await decoded(mode, format, schemaName, file);
const used = process.cpuUsage(cpu);
const measurement: Measurement = {
  records,
  cpuSeconds: (used.user + used.system) / 1e6,
  wallSeconds: (performance.now() - started) / 1000,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(measurement)}\n`);
