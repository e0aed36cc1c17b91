/**
 * Reads `BATCH_BLOB_URL` (API.md):
 *
 *   file:<path>                       a folder, absolute or relative to the working directory
 *   file:///<absolute path>           the same, in RFC 8089 form
 *   s3://<bucket>[/<prefix>][?endpoint=<url>&region=<region>&forcePathStyle=true|false&checksums=when_required|when_supported]
 *
 * `file:` values are cut by hand: `new URL("file:./x").pathname` is "/x". Credentials never come
 * from the URL: the AWS SDK's standard chain supplies them (AWS_ACCESS_KEY_ID, profiles, roles).
 */
// Types only: reading the variable must not load the AWS SDK, which a service storing blobs in a
// folder never needs (this module is also exported alone, as "@batch/blob-s3/url").
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import { Data, Either } from "effect";
import { parseBlobKey } from "@batch/core";

export type BlobStoreLocation =
  | { readonly _tag: "File"; readonly path: string }
  | {
      readonly _tag: "S3";
      readonly bucket: string;
      /** "" or ending in "/". */
      readonly prefix: string;
      /** Options for the S3 client (`makeS3Client`); credentials are left to the SDK's chain. */
      readonly clientConfig: S3ClientConfig;
    };

export type S3BlobStoreLocation = Extract<BlobStoreLocation, { readonly _tag: "S3" }>;

export class BlobStoreUrlInvalid extends Data.TaggedError("Blob.UrlInvalid")<{ readonly url: string; readonly message: string }> {}

const S3_PARAMETERS = new Set(["endpoint", "region", "forcePathStyle", "checksums"]);
/** S3 bucket naming rules (3 to 63 of a-z 0-9 . -, starting and ending with a letter or digit). */
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const parseBlobStoreUrl = (value: string): Either.Either<BlobStoreLocation, BlobStoreUrlInvalid> => {
  const fail = (message: string) => Either.left(new BlobStoreUrlInvalid({ url: value, message }));

  if (value.startsWith("file:")) {
    let path = value.slice("file:".length);
    if (path.startsWith("//")) {
      // RFC 8089: file://<host>/<path>; only the local host (empty or "localhost") makes sense here.
      const rest = path.slice(2);
      const slash = rest.indexOf("/");
      const host = slash < 0 ? rest : rest.slice(0, slash);
      if (host !== "" && host !== "localhost") return fail(`a file: blob URL cannot name a host ("${host}")`);
      path = slash < 0 ? "" : rest.slice(slash);
    }
    if (path === "") return fail("a file: blob URL needs a path, e.g. file:./data/blobs");
    if (path.includes("\u0000")) return fail("a file: blob URL must not contain a NUL byte");
    return Either.right({ _tag: "File", path });
  }

  if (!value.startsWith("s3://")) return fail('a blob URL must start with "file:" or "s3://"');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail("not a valid s3:// URL");
  }
  if (url.username !== "" || url.password !== "") {
    return fail("an s3:// blob URL must not carry credentials: they come from the AWS SDK's standard chain (AWS_ACCESS_KEY_ID, ...)");
  }
  if (url.port !== "") return fail("an s3:// blob URL names a bucket, not a host and port: put the server in ?endpoint=");
  const bucket = url.hostname;
  if (!BUCKET_PATTERN.test(bucket)) return fail(`"${bucket}" is not a valid S3 bucket name (3 to 63 of a-z, 0-9, ".", "-")`);
  if (url.hash !== "") return fail("an s3:// blob URL must not have a #fragment");

  // Read from the text, not url.pathname: URL parsing resolves "a/../b" silently.
  const rest = value.slice("s3://".length).split(/[?#]/, 1)[0] ?? "";
  const slash = rest.indexOf("/");
  const path = slash < 0 ? "" : rest.slice(slash + 1).replace(/\/+$/, "");
  if (path !== "") {
    const parsed = parseBlobKey(path);
    if (Either.isLeft(parsed)) return fail(`the prefix "${path}" is invalid: ${parsed.left.message}`);
  }

  const params = url.searchParams;
  for (const name of params.keys()) {
    if (!S3_PARAMETERS.has(name)) return fail(`unknown parameter "${name}"; known: ${[...S3_PARAMETERS].join(", ")}`);
  }
  for (const name of S3_PARAMETERS) {
    if (params.getAll(name).length > 1) return fail(`parameter "${name}" is given more than once`);
  }

  const clientConfig: { -readonly [K in keyof S3ClientConfig]: S3ClientConfig[K] } = {};
  const endpoint = params.get("endpoint");
  if (endpoint !== null) {
    let parsedEndpoint: URL;
    try {
      parsedEndpoint = new URL(endpoint);
    } catch {
      return fail(`endpoint "${endpoint}" is not a URL`);
    }
    if (parsedEndpoint.protocol !== "http:" && parsedEndpoint.protocol !== "https:") return fail("endpoint must be an http:// or https:// URL");
    clientConfig.endpoint = endpoint;
  }
  const region = params.get("region");
  if (region !== null) {
    if (!/^[a-z0-9-]+$/.test(region)) return fail(`region "${region}" is not a region name (e.g. eu-central-1)`);
    clientConfig.region = region;
  } else if (endpoint !== null) {
    // S3-compatible servers mostly ignore the region, but the SDK refuses to sign without one.
    clientConfig.region = "us-east-1";
  }
  const forcePathStyle = params.get("forcePathStyle");
  if (forcePathStyle !== null) {
    if (forcePathStyle !== "true" && forcePathStyle !== "false") return fail('forcePathStyle must be "true" or "false"');
    clientConfig.forcePathStyle = forcePathStyle === "true";
  }
  const checksums = params.get("checksums") ?? (endpoint !== null ? "when_required" : null);
  if (checksums !== null) {
    // Many S3-compatible servers reject or ignore the SDK's default flexible checksums, so a
    // custom endpoint defaults to sending them only when an operation requires one.
    if (checksums !== "when_required" && checksums !== "when_supported") return fail('checksums must be "when_required" or "when_supported"');
    const setting = checksums === "when_required" ? "WHEN_REQUIRED" : "WHEN_SUPPORTED";
    clientConfig.requestChecksumCalculation = setting;
    clientConfig.responseChecksumValidation = setting;
  }

  return Either.right({ _tag: "S3", bucket, prefix: path === "" ? "" : `${path}/`, clientConfig });
};
