/**
 * The backends the HTTP tests run against: SQLite + filesystem, and PostgreSQL + S3 (s3rver, the
 * S3-compatible server the blob-s3 package runs its own tests on, in a child process). Each
 * backend is fresh: a temporary folder, or a PostgreSQL schema of its own dropped at the end.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@batch/store-sql";

export const POSTGRES_URL = process.env.BATCH_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface Backend {
  readonly name: string;
  /** Environment variables for the service: BATCH_DATABASE_URL, BATCH_BLOB_URL, credentials. */
  readonly env: Readonly<Record<string, string>>;
  readonly dispose: () => Promise<void>;
}

export interface BackendFactory {
  readonly name: string;
  readonly create: () => Promise<Backend>;
}

const temporaryDirectory = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

export const sqliteFs: BackendFactory = {
  name: "SQLite + filesystem",
  create: async () => {
    const dir = temporaryDirectory("bp-api-");
    return {
      name: "SQLite + filesystem",
      env: { BATCH_DATABASE_URL: `sqlite:${path.join(dir, "batchport.db")}`, BATCH_BLOB_URL: `file:${path.join(dir, "blobs")}` },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

const S3RVER_SCRIPT = fileURLToPath(new URL("../../../../packages/blob-s3/test/s3rver-child.mjs", import.meta.url));
const S3_BUCKET = "batchport-api-test";

/** s3rver in a child process (its listing needs --openssl-legacy-provider, which this process should not carry). */
const startS3rver = async (): Promise<{ readonly endpoint: string; readonly stop: () => Promise<void> }> => {
  const dir = temporaryDirectory("bp-s3rver-");
  const child = spawn(process.execPath, [S3RVER_SCRIPT, dir, S3_BUCKET], {
    env: { ...process.env, NODE_OPTIONS: "--openssl-legacy-provider" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 20 s\n${stderr}`)), 20_000);
    child.once("exit", (code) => reject(new Error(`s3rver exited with ${code}\n${stderr}`)));
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      const line = stdout.split("\n", 1)[0];
      if (!stdout.includes("\n") || line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const withSchema = (schema: string) => `${POSTGRES_URL}${POSTGRES_URL.includes("?") ? "&" : "?"}schema=${schema}`;

export const postgresS3: BackendFactory = {
  name: "PostgreSQL + S3",
  create: async () => {
    const schema = `bp_api_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const s3 = await startS3rver();
    return {
      name: "PostgreSQL + S3",
      env: {
        BATCH_DATABASE_URL: withSchema(schema),
        BATCH_BLOB_URL: `s3://${S3_BUCKET}/run-${schema}?endpoint=${encodeURIComponent(s3.endpoint)}&forcePathStyle=true`,
        // s3rver accepts any credentials; the SDK's standard chain reads these.
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        AWS_REGION: "us-east-1",
      },
      dispose: async () => {
        await s3.stop();
        const database = await openDatabase(withSchema(schema), { migrate: false });
        try {
          await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
        } finally {
          await database.close();
        }
      },
    };
  },
};

export const BACKENDS: ReadonlyArray<BackendFactory> = [sqliteFs, postgresS3];
