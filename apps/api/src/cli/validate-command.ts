/**
 * `validate --type <PAYLOAD_OBJECT_TYPE> --format <JSON|CSV|XML|ISO> <file>`: streams a payload
 * file through the decoder and record schemas the service uses, without storing anything.
 *
 * stdout: one NDJSON line per failed record, `{"itemNumber", "position", "field", "message",
 * "errors"}` (field and message of its first error; `errors` holds all of them), then the summary
 * line `{"total", "valid", "invalid"}`. When the file cannot be read (missing, unreadable, not
 * text, malformed as a whole) an `{"error": {"code", "message", "position"}}` line comes before
 * the summary of what was read until then.
 *
 * Exit status: 0 every record is valid, 1 some are not, 2 the file cannot be read at all (or the
 * command line is wrong).
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  PayloadFormats,
  PayloadMalformed,
  PayloadObjectTypes,
  type PayloadFormat,
  type PayloadObjectType,
  type PayloadRecordSchema,
} from "@batch/core";
import { makeRecordDecoder } from "@batch/codecs";

/** How records of each payload object type are read: `payloadRecordSchemas` of @batch/core, or a part of it. */
export type PayloadRecordSchemas = Readonly<Partial<Record<PayloadObjectType, PayloadRecordSchema>>>;

export interface ValidateOutput {
  /** Writes a chunk of stdout; may return a promise to apply backpressure. */
  readonly out: (text: string) => void | Promise<void>;
  readonly err: (text: string) => void;
}

export const VALIDATE_USAGE = `  validate --type <${PayloadObjectTypes.join("|")}> --format <${PayloadFormats.join("|")}> <file>`;

class UsageError extends Error {}

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

const parseCommand = (argv: ReadonlyArray<string>) => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { type: { type: "string" }, format: { type: "string" } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const type = values.type?.toUpperCase();
  const format = values.format?.toUpperCase();
  if (type === undefined || !(PayloadObjectTypes as ReadonlyArray<string>).includes(type)) {
    throw new UsageError(`--type must be one of ${PayloadObjectTypes.join(", ")}${values.type === undefined ? "" : `, got "${values.type}"`}`);
  }
  if (format === undefined || !(PayloadFormats as ReadonlyArray<string>).includes(format)) {
    throw new UsageError(`--format must be one of ${PayloadFormats.join(", ")}${values.format === undefined ? "" : `, got "${values.format}"`}`);
  }
  if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError("expected exactly one file");
  return { type: type as PayloadObjectType, format: format as PayloadFormat, file: positionals[0] };
};

/** Runs `validate` with the arguments after the command name; answers the exit status. */
export const runValidateCommand = async (argv: ReadonlyArray<string>, registry: PayloadRecordSchemas, io: ValidateOutput): Promise<number> => {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`batchport validate: ${error.message}\nusage:\n${VALIDATE_USAGE}\n`);
    return 2;
  }
  const { type, format, file } = command;
  const entry = registry[type];
  if (entry === undefined) {
    io.err(`batchport validate: no record schema is registered for ${type}\n`);
    return 2;
  }
  if (format === "ISO" && entry.isoMessage === undefined) {
    io.err(`batchport validate: ${type} has no ISO 20022 form; use JSON, CSV or XML\n`);
    return 2;
  }

  const counts = { total: 0, valid: 0, invalid: 0 };
  const failWith = async (code: string, message: string, position?: string): Promise<number> => {
    await io.out(line({ error: { code, message, ...(position === undefined ? {} : { position }) } }));
    await io.out(line(counts));
    return 2;
  };

  try {
    const info = await stat(file);
    if (!info.isFile()) return await failWith("File.Unreadable", `${file} is not a file`);
  } catch (error) {
    return failWith("File.Unreadable", `cannot read ${file}: ${(error as Error).message}`);
  }

  const items = makeRecordDecoder().decodeBatches({
    format,
    schema: entry.schema,
    bytes: createReadStream(file, { highWaterMark: 64 * 1024 }),
    ...(entry.isoMessage === undefined ? {} : { isoMessage: entry.isoMessage }),
  });
  try {
    for await (const batch of items) {
      let text = "";
      for (const item of batch) {
        counts.total += 1;
        if (item._tag === "Valid") {
          counts.valid += 1;
          continue;
        }
        counts.invalid += 1;
        const [first] = item.errors;
        text += line({ itemNumber: item.itemNumber, position: item.position, field: first?.field ?? "", message: first?.message ?? "", errors: item.errors });
      }
      if (text !== "") await io.out(text);
    }
  } catch (error) {
    if (error instanceof PayloadMalformed) return failWith(error._tag, error.message, error.position);
    return failWith("File.Unreadable", `cannot read ${file}: ${(error as Error).message}`);
  }
  await io.out(line(counts));
  return counts.invalid > 0 ? 1 : 0;
};
