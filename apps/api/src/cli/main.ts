/**
 * The command-line tool, `pnpm batchport <command>` from the repository root (paths are relative
 * to the directory it is run from):
 *
 *   tenants / orgs / clients ...   identity management (identity-commands.ts)
 *   validate ...                   checks a payload file (validate-command.ts)
 *
 * Usage errors exit with status 2.
 */
import { payloadRecordSchemas } from "@batch/core";
import { IDENTITY_COMMANDS, IDENTITY_USAGE } from "./identity-usage";
import { runValidateCommand, VALIDATE_USAGE } from "./validate-command";

const USAGE = `usage: batchport <command>\n${IDENTITY_USAGE}\n${VALIDATE_USAGE}\n`;

/** Writes to stdout, waiting when it is full, so a long report stays in bounded memory. */
const out = (text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
const err = (text: string): void => {
  process.stderr.write(text);
};

const run = async (argv: ReadonlyArray<string>): Promise<number> => {
  const [command, ...rest] = argv;
  if (command === "validate") return runValidateCommand(rest, payloadRecordSchemas, { out, err });
  if ((IDENTITY_COMMANDS as ReadonlyArray<string | undefined>).includes(command)) {
    // Loaded only for these commands: the container and the SQL stores are no part of `validate`.
    const { runIdentityCommand } = await import("./identity-commands");
    return runIdentityCommand(argv, process.env, { out: (text) => void process.stdout.write(text), err });
  }
  if (command === "--help" || command === "help") {
    await out(USAGE);
    return 0;
  }
  err(command === undefined ? USAGE : `batchport: unknown command "${command}"\n${USAGE}`);
  return 2;
};

run(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    err(`batchport: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
