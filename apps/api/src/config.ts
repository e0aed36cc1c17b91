/**
 * The service's configuration: the environment variables of API.md's "Running" table (plus the
 * few operational ones documented in docs/configuration.md), decoded and validated once at start.
 * A bad value stops the start with a message naming the variable; nothing reads `process.env`
 * anywhere else.
 *
 * Relative paths (`sqlite:./data/batchport.db`, `file:./data/blobs`) are resolved against the
 * directory the user started the command in: `INIT_CWD` when a package manager ran it (`pnpm
 * start` runs the script inside apps/api, but the user typed it in the repository root), else the
 * working directory.
 */
import { isAbsolute, resolve } from "node:path";
import { Either, ParseResult, Schema } from "effect";
import { parseBlobStoreUrl, type BlobStoreLocation } from "@batch/blob-s3/url";
import { parseDatabaseUrl, type DatabaseUrl } from "@batch/store-sql";

export const Roles = ["all", "api", "worker"] as const;
export type Role = (typeof Roles)[number];

export const LogLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LogLevels)[number];

/** Where blobs live: a folder (resolved to an absolute path) or an S3 bucket (BATCH_BLOB_URL). */
export type BlobLocation = BlobStoreLocation;

export interface Config {
  readonly port: number;
  readonly role: Role;
  /** BATCH_DATABASE_URL as given (store-sql opens it), and decoded. */
  readonly databaseUrl: string;
  readonly database: DatabaseUrl;
  /** The directory relative `sqlite:` and `file:` paths resolve against. */
  readonly baseDirectory: string;
  readonly blob: BlobLocation;
  /**
   * BATCH_PUBLIC_URL without a trailing "/"; absent means `http://127.0.0.1:<bound port>`, known
   * only once the server listens (PORT=0 binds a free port).
   */
  readonly publicUrl?: string;
  readonly dataBlockSize: number;
  readonly maxPayloadSize: number;
  readonly odataPageSize: number;
  readonly jsonUploadMaxRecords: number;
  readonly jsonUploadMaxBytes: number;
  readonly bootstrap?: { readonly apiKey: string; readonly apiSecret: string };
  readonly logLevel: LogLevel;
  /** HS256 key of access tokens; generated and kept in the database when absent. */
  readonly tokenSecret?: string;
  readonly tokenTtlSeconds: number;
  /** How long a worker holds a claimed job without renewing it. */
  readonly jobLeaseSeconds: number;
  /** How long shutdown waits for in-flight requests and jobs before closing anyway. */
  readonly shutdownTimeoutSeconds: number;
  /** PostgreSQL: most pooled connections, and how long a request waits for one before a 503. */
  readonly databasePoolSize: number;
  readonly databasePoolTimeoutSeconds: number;
  /** S3: how long one call may take until its response before a 503 (connect and idle bounds are shorter). */
  readonly blobTimeoutSeconds: number;
}

/** Why the configuration was refused; `variable` names the environment variable at fault. */
export class ConfigInvalid extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = "ConfigInvalid";
  }
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

const show = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);

const UNITS: Record<string, number> = { "": 1, b: 1, k: KiB, kb: KiB, kib: KiB, m: MiB, mb: MiB, mib: MiB, g: GiB, gb: GiB, gib: GiB, t: 1024 * GiB, tb: 1024 * GiB, tib: 1024 * GiB };

/** A size in bytes: `8388608`, `8MiB`, `64 KiB`, `5GiB`. Units are binary (a MB is 1024 KiB, as in the spec's "8 MiB"). */
export const parseByteSize = (text: string): number | undefined => {
  const m = /^\s*(\d+)\s*([A-Za-z]*)\s*$/.exec(text);
  if (m === null) return undefined;
  const unit = UNITS[(m[2] ?? "").toLowerCase()];
  if (unit === undefined) return undefined;
  const n = Number(m[1]) * unit;
  return Number.isSafeInteger(n) ? n : undefined;
};

const refine = <A>(message: string, parse: (text: string) => A | undefined) =>
  Schema.transformOrFail(Schema.String, Schema.Any as Schema.Schema<A>, {
    strict: true,
    decode: (text, _, ast) => {
      const value = parse(text);
      return value === undefined ? ParseResult.fail(new ParseResult.Type(ast, text, `${message}, got ${show(text)}`)) : ParseResult.succeed(value);
    },
    encode: (value, _, ast) => ParseResult.fail(new ParseResult.Forbidden(ast, value, "configuration is decoded only")),
  });

const integerIn = (min: number, max: number) => (text: string) => {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
};

const byteSizeIn = (min: number, max: number) => (text: string) => {
  const n = parseByteSize(text);
  return n !== undefined && n >= min && n <= max ? n : undefined;
};

const oneOf = <const L extends ReadonlyArray<string>>(values: L) => (text: string) =>
  values.includes(text.trim()) ? (text.trim() as L[number]) : undefined;

/** `file:<path>` (resolved against `base`) or `s3://...`, read by the blob-s3 package's parser. */
export const parseBlobLocation = (text: string, base: string): Either.Either<BlobLocation, string> =>
  Either.match(parseBlobStoreUrl(text.trim()), {
    onLeft: (e) => Either.left(e.message),
    onRight: (location) =>
      Either.right(location._tag === "File" ? { ...location, path: isAbsolute(location.path) ? location.path : resolve(base, location.path) } : location),
  });

const publicUrl = (text: string) => {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    if (url.search !== "" || url.hash !== "") return undefined;
    return url.toString().replace(/\/+$/, "");
  } catch {
    return undefined;
  }
};

/** Each variable: its decoder and its default (as the text a user would write). */
const Environment = Schema.Struct({
  PORT: Schema.optionalWith(refine("must be a TCP port from 0 to 65535", integerIn(0, 65535)), { default: () => 3000 }),
  BATCH_ROLE: Schema.optionalWith(refine(`must be one of ${Roles.join(", ")}`, oneOf(Roles)), { default: () => "all" as Role }),
  BATCH_DATABASE_URL: Schema.optionalWith(Schema.String, { default: () => "sqlite:./data/batchport.db" }),
  BATCH_BLOB_URL: Schema.optionalWith(Schema.String, { default: () => "file:./data/blobs" }),
  BATCH_PUBLIC_URL: Schema.optional(refine("must be an absolute http(s) URL without query or fragment", publicUrl)),
  BATCH_DATA_BLOCK_SIZE: Schema.optionalWith(refine("must be a positive size in bytes (e.g. 8388608 or 8MiB)", byteSizeIn(1, Number.MAX_SAFE_INTEGER)), {
    default: () => 8 * MiB,
  }),
  BATCH_MAX_PAYLOAD_SIZE: Schema.optionalWith(refine("must be a positive size in bytes (e.g. 5GiB)", byteSizeIn(1, Number.MAX_SAFE_INTEGER)), {
    default: () => 5 * GiB,
  }),
  BATCH_ODATA_PAGE_SIZE: Schema.optionalWith(refine("must be a whole number from 1 to 1000", integerIn(1, 1000)), { default: () => 100 }),
  BATCH_JSON_UPLOAD_MAX_RECORDS: Schema.optionalWith(refine("must be a positive whole number", integerIn(1, Number.MAX_SAFE_INTEGER)), {
    default: () => 10000,
  }),
  BATCH_JSON_UPLOAD_MAX_BYTES: Schema.optionalWith(refine("must be a positive size in bytes (e.g. 10MiB)", byteSizeIn(1, 1024 * MiB)), {
    default: () => 10 * MiB,
  }),
  BATCH_BOOTSTRAP_API_KEY: Schema.optional(refine("must be 8 to 128 characters of letters, digits, \".\", \"_\" and \"-\"", (t) => (/^[A-Za-z0-9._-]{8,128}$/.test(t) ? t : undefined))),
  BATCH_BOOTSTRAP_API_SECRET: Schema.optional(refine("must be 16 to 256 characters without spaces", (t) => (/^\S{16,256}$/.test(t) ? t : undefined))),
  BATCH_LOG_LEVEL: Schema.optionalWith(refine(`must be one of ${LogLevels.join(", ")}`, oneOf(LogLevels)), { default: () => "info" as LogLevel }),
  BATCH_TOKEN_SECRET: Schema.optional(refine("must be at least 32 characters (a 256-bit key)", (t) => (t.length >= 32 ? t : undefined))),
  BATCH_TOKEN_TTL_SECONDS: Schema.optionalWith(refine("must be a whole number of seconds from 60 to 86400", integerIn(60, 86400)), { default: () => 900 }),
  BATCH_JOB_LEASE_SECONDS: Schema.optionalWith(refine("must be a whole number of seconds from 1 to 3600", integerIn(1, 3600)), { default: () => 30 }),
  BATCH_SHUTDOWN_TIMEOUT_SECONDS: Schema.optionalWith(refine("must be a whole number of seconds from 1 to 3600", integerIn(1, 3600)), { default: () => 25 }),
  BATCH_DATABASE_POOL_SIZE: Schema.optionalWith(refine("must be a whole number from 1 to 1000", integerIn(1, 1000)), { default: () => 10 }),
  BATCH_DATABASE_POOL_TIMEOUT_SECONDS: Schema.optionalWith(refine("must be a whole number of seconds from 1 to 300", integerIn(1, 300)), { default: () => 5 }),
  BATCH_BLOB_TIMEOUT_SECONDS: Schema.optionalWith(refine("must be a whole number of seconds from 1 to 3600", integerIn(1, 3600)), { default: () => 300 }),
});

/** The variables this service reads, for documentation and `--help`. */
export const CONFIG_VARIABLES = Object.keys(Environment.fields) as ReadonlyArray<keyof typeof Environment.fields>;

const firstIssue = (error: ParseResult.ParseError): ConfigInvalid => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0];
  const variable = String(issue?.path[0] ?? "configuration");
  return new ConfigInvalid(variable, issue?.message ?? "is invalid");
};

/**
 * Decodes the environment. Empty variables count as unset, as shells and compose files write
 * `VAR=` for "no value". Fails with ConfigInvalid naming the first variable at fault.
 */
export const decodeConfig = (
  env: Readonly<Record<string, string | undefined>>,
  base: string = env.INIT_CWD ?? process.cwd(),
): Either.Either<Config, ConfigInvalid> => {
  const given: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") given[name] = value;
  }
  const decoded = Schema.decodeUnknownEither(Environment, { errors: "first" })(given);
  if (Either.isLeft(decoded)) return Either.left(firstIssue(decoded.left));
  const e = decoded.right;

  const database = parseDatabaseUrl(e.BATCH_DATABASE_URL.trim(), base);
  if (Either.isLeft(database)) return Either.left(new ConfigInvalid("BATCH_DATABASE_URL", database.left));
  const blob = parseBlobLocation(e.BATCH_BLOB_URL, base);
  if (Either.isLeft(blob)) return Either.left(new ConfigInvalid("BATCH_BLOB_URL", blob.left));

  const key = e.BATCH_BOOTSTRAP_API_KEY;
  const secret = e.BATCH_BOOTSTRAP_API_SECRET;
  if ((key === undefined) !== (secret === undefined)) {
    const missing = key === undefined ? "BATCH_BOOTSTRAP_API_KEY" : "BATCH_BOOTSTRAP_API_SECRET";
    return Either.left(new ConfigInvalid(missing, "must be set too: the bootstrap key and secret are given together or not at all"));
  }

  return Either.right({
    port: e.PORT,
    role: e.BATCH_ROLE,
    databaseUrl: e.BATCH_DATABASE_URL.trim(),
    database: database.right,
    baseDirectory: base,
    blob: blob.right,
    ...(e.BATCH_PUBLIC_URL === undefined ? {} : { publicUrl: e.BATCH_PUBLIC_URL }),
    dataBlockSize: e.BATCH_DATA_BLOCK_SIZE,
    maxPayloadSize: e.BATCH_MAX_PAYLOAD_SIZE,
    odataPageSize: e.BATCH_ODATA_PAGE_SIZE,
    jsonUploadMaxRecords: e.BATCH_JSON_UPLOAD_MAX_RECORDS,
    jsonUploadMaxBytes: e.BATCH_JSON_UPLOAD_MAX_BYTES,
    ...(key !== undefined && secret !== undefined ? { bootstrap: { apiKey: key, apiSecret: secret } } : {}),
    logLevel: e.BATCH_LOG_LEVEL,
    ...(e.BATCH_TOKEN_SECRET === undefined ? {} : { tokenSecret: e.BATCH_TOKEN_SECRET }),
    tokenTtlSeconds: e.BATCH_TOKEN_TTL_SECONDS,
    jobLeaseSeconds: e.BATCH_JOB_LEASE_SECONDS,
    shutdownTimeoutSeconds: e.BATCH_SHUTDOWN_TIMEOUT_SECONDS,
    databasePoolSize: e.BATCH_DATABASE_POOL_SIZE,
    databasePoolTimeoutSeconds: e.BATCH_DATABASE_POOL_TIMEOUT_SECONDS,
    blobTimeoutSeconds: e.BATCH_BLOB_TIMEOUT_SECONDS,
  });
};
