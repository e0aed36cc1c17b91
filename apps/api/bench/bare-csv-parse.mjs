// The baseline of bench/cli-validate.ts: bare csv-parse streaming a file into a no-op sink, as
// arrays (its default) or, with --columns, as objects keyed by the header. Prints the row count.
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

// csv-parse is a dependency of @batch/codecs, resolved from there.
const codecs = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../packages/codecs/package.json");
const { parse } = await import(pathToFileURL(createRequire(codecs).resolve("csv-parse")).href);

const [file, mode] = process.argv.slice(2);
let rows = 0;
for await (const row of createReadStream(file, { highWaterMark: 64 * 1024 }).pipe(parse({ columns: mode === "--columns" }))) {
  if (row !== undefined) rows += 1;
}
process.stdout.write(`${rows}\n`);
