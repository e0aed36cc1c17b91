/**
 * Structured JSON logs on stdout (pino): one line per event, the request id on every line written
 * while serving a request. Secrets never reach a log line: credentials headers and bodies are not
 * logged, and these paths are redacted should a caller pass them.
 */
import { pino, type Logger } from "pino";
import type { LogLevel } from "../config";

export type { Logger };

export const makeLogger = (level: LogLevel, destination?: pino.DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: "batchport", pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ["apiSecret", "api_secret", "client_secret", "secret", "password", "authorization", "*.apiSecret", "*.client_secret", "*.authorization", "headers.authorization", 'headers["api_secret"]'],
        censor: "[redacted]",
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
