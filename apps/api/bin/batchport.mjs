#!/usr/bin/env -S node --max-semi-space-size=2
// The `batchport` command (`npx batchport --help`): runs the JavaScript bundle that
// scripts/build-cli.mjs writes at install time and in every build (ADR 0028). The flag on the first
// line keeps V8's young generation small: a record is garbage as soon as it is validated, and
// semi-spaces of 2 MB instead of V8's 16 MB hold peak RSS flat whatever the file's size, for a few
// percent more CPU. pnpm's and npm's bin shims pass it on; `node bin/batchport.mjs` runs without it.
import { existsSync } from "node:fs";
import process from "node:process";
import { URL } from "node:url";

const program = new URL("../dist/cli/batchport.mjs", import.meta.url);
if (!existsSync(program)) {
  process.stderr.write("batchport: the program is not built yet: run `pnpm install` or `pnpm --filter @batch/api build`\n");
  process.exit(2);
}
await import(program.href);
