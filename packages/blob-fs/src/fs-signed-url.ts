/**
 * Signed URLs for blobs kept on the filesystem. The service serves them itself, so it both signs
 * and verifies; the URL carries no credential other than its own signature:
 *
 *   <publicBaseUrl>/blobs/<key>?expires=<unix seconds>&signature=<base64url HMAC-SHA256>
 *
 * The MAC covers a version label, the HTTP method, the key and the expiry, one per line, so a
 * download URL cannot be replayed as an upload, moved to another key or extended. The URL is
 * valid while `now < expires`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { Data, Either } from "effect";
import { parseBlobKey, type BlobKey, type Instant } from "@batch/core";

/** The path, under the public base URL, at which the service serves signed blob URLs. */
export const FS_BLOB_URL_PATH = "/blobs/";

/** S3's limit for presigned URLs; the filesystem store keeps to it so callers see one rule. */
export const MAX_SIGNED_URL_SECONDS = 7 * 24 * 60 * 60;

/** Why a signed URL was refused. The service answers 403 to all of them. */
export type BlobUrlRefusal = "Malformed" | "BadSignature" | "Expired";

export class BlobUrlRefused extends Data.TaggedError("Blob.UrlRefused")<{
  readonly reason: BlobUrlRefusal;
  readonly message: string;
}> {}

const SIGNATURE_LABEL = "batchport-blob-v1";
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const EXPIRES_PATTERN = /^[0-9]{1,12}$/;

const mac = (secret: string, method: string, key: string, expires: number): string =>
  createHmac("sha256", secret).update(`${SIGNATURE_LABEL}\n${method}\n${key}\n${expires}`).digest("base64url");

export interface FsSignedUrlInput {
  readonly publicBaseUrl: string;
  readonly secret: string;
  readonly method: "GET" | "PUT";
  readonly key: BlobKey;
  /** Unix seconds after which the URL is refused. */
  readonly expires: number;
}

export const signFsBlobUrl = ({ publicBaseUrl, secret, method, key, expires }: FsSignedUrlInput): string =>
  `${publicBaseUrl.replace(/\/+$/, "")}${FS_BLOB_URL_PATH}${key}?expires=${expires}&signature=${mac(secret, method, key, expires)}`;

export interface FsSignedUrlCheck {
  readonly method: "GET" | "PUT";
  /** The key as it appears in the request path after FS_BLOB_URL_PATH, not yet validated. */
  readonly key: string;
  /** The `expires` query parameter as received. */
  readonly expires: string | undefined;
  /** The `signature` query parameter as received. */
  readonly signature: string | undefined;
  readonly now: Instant;
  readonly secret: string;
}

/**
 * The key a signed URL grants `method` on, or why it is refused. The signature is compared in
 * constant time and checked before the expiry, so only authentic URLs are reported as expired.
 */
export const verifyFsSignedUrl = (check: FsSignedUrlCheck): Either.Either<BlobKey, BlobUrlRefused> => {
  const refuse = (reason: BlobUrlRefusal, message: string) => Either.left(new BlobUrlRefused({ reason, message }));
  const key = parseBlobKey(check.key);
  if (Either.isLeft(key)) return refuse("Malformed", key.left.message);
  if (check.expires === undefined || !EXPIRES_PATTERN.test(check.expires)) return refuse("Malformed", "expires must be unix seconds");
  if (check.signature === undefined || !SIGNATURE_PATTERN.test(check.signature)) {
    return refuse("Malformed", "signature must be a base64url HMAC-SHA256");
  }
  const expires = Number(check.expires);
  // Compared as text: decoding base64url would let the unused low bits of the last character vary.
  const expected = Buffer.from(mac(check.secret, check.method, key.right, expires));
  const given = Buffer.from(check.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return refuse("BadSignature", "the signature does not match this method, key and expiry");
  }
  const nowMs = Date.parse(check.now);
  if (Number.isNaN(nowMs)) throw new TypeError(`now is not an ISO 8601 instant: ${check.now}`);
  if (Math.floor(nowMs / 1000) >= expires) return refuse("Expired", "the URL has expired");
  return Either.right(key.right);
};
