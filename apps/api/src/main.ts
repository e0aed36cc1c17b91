/**
 * The program: with no command (or `serve`) it runs the service in the role BATCH_ROLE names;
 * with a command it is the command-line tool (tenants, orgs, clients, validate).
 */
import { Either } from "effect";
import { decodeConfig } from "./config";
import { startService } from "./service";

/** How long a stopping service may wait for its event loop to empty before it exits anyway. */
const EXIT_GRACE_MS = 2000;

/**
 * Ends a service that has logged: not process.exit at once, as the last log lines may still be in
 * an asynchronous write, and pino flushes what is left synchronously at exit, a loop that never
 * ends when stdout's reader is gone (EPIPE; sonic-boom retries it forever). Leaving the event loop
 * to empty lets that write finish or fail first (a failed one stops the logger). The timer does not
 * hold the loop open; it ends the process should another handle do so.
 */
const exitOnceLogged = (code: number): void => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
};

const serve = async () => {
  const config = decodeConfig(process.env);
  if (Either.isLeft(config)) {
    process.stderr.write(`batchport: invalid configuration: ${config.left.message}\n`);
    process.exit(1);
  }
  const service = await startService(config.right);
  if (service.bootstrap?.generated === true) {
    // Shown once: only the secret's hash is stored.
    const { tenantKey, orgKey, apiKey, apiSecret, scopes } = service.bootstrap;
    process.stdout.write(`${JSON.stringify({ bootstrapClient: { tenant: tenantKey, org: orgKey, apiKey, apiSecret, scopes } })}\n`);
  }
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      process.stderr.write(`batchport: ${signal} again, exiting at once\n`);
      process.exit(1);
    }
    service.stop().then(
      () => exitOnceLogged(0),
      (error: unknown) => {
        process.stderr.write(`batchport: shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        exitOnceLogged(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
};

const [command] = process.argv.slice(2);
if (command === undefined || command === "serve") {
  serve().catch((error: unknown) => {
    process.stderr.write(`batchport: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    exitOnceLogged(1);
  });
} else {
  // The command-line tool runs its command (tenants, orgs, clients, validate) on import.
  await import("./cli/main");
}
