/**
 * The backends the HTTP tests run against: SQLite + filesystem, and PostgreSQL + S3 (s3rver, the
 * S3-compatible server the blob-s3 package runs its own tests on, in a child process, started by
 * the same launcher). Each backend is fresh: a temporary folder, or a PostgreSQL schema of its own
 * dropped at the end.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "@batch/store-sql";
import { startS3rver, type RunningS3rver } from "../../../../packages/blob-s3/test/s3rver";

export const POSTGRES_URL = process.env.BATCH_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface Backend {
  readonly name: string;
  /** Environment variables for the service: BATCH_DATABASE_URL, BATCH_BLOB_URL, credentials. */
  readonly env: Readonly<Record<string, string>>;
  /** PostgreSQL + S3: the S3 server, which fault tests kill and start again. */
  readonly s3?: RunningS3rver;
  /** PostgreSQL + S3: the schema of this backend; the service's connections carry it in their application_name. */
  readonly schema?: string;
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

const S3_BUCKET = "batchport-api-test";

const withSchema = (schema: string) => `${POSTGRES_URL}${POSTGRES_URL.includes("?") ? "&" : "?"}schema=${schema}`;

export const postgresS3: BackendFactory = {
  name: "PostgreSQL + S3",
  create: async () => {
    const schema = `bp_api_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const s3 = await startS3rver(S3_BUCKET);
    return {
      name: "PostgreSQL + S3",
      s3,
      schema,
      env: {
        BATCH_DATABASE_URL: withSchema(schema),
        BATCH_BLOB_URL: `s3://${S3_BUCKET}/run-${schema}?endpoint=${encodeURIComponent(s3.endpoint)}&forcePathStyle=true`,
        // s3rver accepts any credentials; the SDK's standard chain reads these.
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        AWS_REGION: "us-east-1",
      },
      dispose: async () => {
        try {
          await s3.stop();
        } finally {
          const database = await openDatabase(withSchema(schema), { migrate: false });
          try {
            await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
          } finally {
            await database.close();
          }
        }
      },
    };
  },
};

export const BACKENDS: ReadonlyArray<BackendFactory> = [sqliteFs, postgresS3];
