#!/usr/bin/env node
// The `batchport` command (`npx batchport --help`): runs the JavaScript bundle that
// scripts/build-cli.mjs writes at install time and in every build (ADR 0028).
import { existsSync } from "node:fs";
import process from "node:process";
import { URL } from "node:url";

const program = new URL("../dist/cli/batchport.mjs", import.meta.url);
if (!existsSync(program)) {
  process.stderr.write("batchport: the program is not built yet: run `pnpm install` or `pnpm --filter @batch/api build`\n");
  process.exit(2);
}
await import(program.href);
