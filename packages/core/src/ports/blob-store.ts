/**
 * Payload storage. Bodies go in and out as byte streams, never whole buffers; a put computes
 * the SHA-256 on the way and is atomic (a reader never sees a half-written blob).
 */
import { Data, Either, type Effect } from "effect";

declare const BlobKeyBrand: unique symbol;
/**
 * A validated, normalised key: "/"-separated segments of [A-Za-z0-9._-], no "." or ".." segment,
 * each segment at most MAX_BLOB_KEY_SEGMENT_LENGTH and the whole at most MAX_BLOB_KEY_LENGTH
 * characters. Such a key is the same object name on every store and a safe relative file path.
 */
export type BlobKey = string & { readonly [BlobKeyBrand]: true };

export class BlobKeyInvalid extends Data.TaggedError("Blob.KeyInvalid")<{ readonly key: string; readonly message: string }> {}
export class BlobNotFound extends Data.TaggedError("Blob.NotFound")<{ readonly key: string }> {
  override get message() {
    return `no blob at ${this.key}`;
  }
}
/** The body was longer than the put allowed; nothing was stored. */
export class BlobTooLarge extends Data.TaggedError("Blob.TooLarge")<{ readonly key: string; readonly maxBytes: number }> {
  override get message() {
    return `the body is larger than ${this.maxBytes} bytes`;
  }
}
/** The body stream failed part way (client gone, aborted); nothing was stored. */
export class BlobBodyFailed extends Data.TaggedError("Blob.BodyFailed")<{ readonly key: string; readonly message: string }> {}
export class BlobStoreUnavailable extends Data.TaggedError("Blob.Unavailable")<{ readonly message: string; readonly cause?: unknown }> {}

export const MAX_BLOB_KEY_LENGTH = 512;
/** A segment is a file or folder name on the filesystem store, and file systems allow 255 bytes. */
export const MAX_BLOB_KEY_SEGMENT_LENGTH = 255;

/** Validates a key: no way out of the store's root or bucket prefix. */
export const parseBlobKey = (key: string): Either.Either<BlobKey, BlobKeyInvalid> => {
  const fail = (message: string) => Either.left(new BlobKeyInvalid({ key: key.slice(0, 100), message }));
  if (key.length === 0) return fail("a blob key must not be empty");
  if (key.length > MAX_BLOB_KEY_LENGTH) return fail(`a blob key must be at most ${MAX_BLOB_KEY_LENGTH} characters`);
  if (key.startsWith("/")) return fail("a blob key must be relative");
  const segments = key.split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..") return fail("a blob key must not have empty, \".\" or \"..\" segments");
    if (segment.length > MAX_BLOB_KEY_SEGMENT_LENGTH) {
      return fail(`each "/"-separated part of a blob key must be at most ${MAX_BLOB_KEY_SEGMENT_LENGTH} characters`);
    }
    if (!/^[A-Za-z0-9._-]+$/.test(segment)) return fail("a blob key may hold only letters, digits, \".\", \"_\", \"-\" and \"/\"");
  }
  return Either.right(key as BlobKey);
};

export interface StoredBlob {
  readonly key: BlobKey;
  readonly size: number;
  /** Lower-case hex SHA-256 of the stored bytes. */
  readonly sha256: string;
}

export interface SignedUrlRequest {
  readonly method: "GET" | "PUT";
  readonly expiresInSeconds: number;
}

export interface BlobStore {
  /**
   * Streams `body` into the store under `key`, replacing any blob there only once the whole body
   * is in. Fails with BlobTooLarge (more than `maxBytes`), BlobBodyFailed (the stream failed),
   * BlobStoreUnavailable; on any failure no partial blob is left under `key` and the blob there
   * before, if any, is unchanged. Avoid keys that are both a blob and a folder of blobs (`a` and
   * `a/b`): the filesystem store cannot hold both and fails the second put with
   * BlobStoreUnavailable.
   */
  readonly put: (
    key: BlobKey,
    body: AsyncIterable<Uint8Array>,
    options?: { readonly maxBytes?: number; readonly contentType?: string },
  ) => Effect.Effect<StoredBlob, BlobTooLarge | BlobBodyFailed | BlobStoreUnavailable>;
  /**
   * The blob's bytes as a stream: the blob as it was when `get` succeeded, even if it is
   * overwritten or deleted while being read. Read it to the end or stop early (`break`, `return()`)
   * so the store can release the file or connection behind it. Fails with BlobNotFound,
   * BlobStoreUnavailable; a failure while reading is thrown by the iterator.
   */
  readonly get: (key: BlobKey) => Effect.Effect<AsyncIterable<Uint8Array>, BlobNotFound | BlobStoreUnavailable>;
  /** Size in bytes, or undefined when absent. Fails with BlobStoreUnavailable. */
  readonly size: (key: BlobKey) => Effect.Effect<number | undefined, BlobStoreUnavailable>;
  /**
   * Moves the blob at `from` to `to` inside the store, without its bytes passing through the
   * caller (a rename on the filesystem, a server-side copy on S3), so keeping an upload that was
   * streamed to a temporary key costs no second write of the body. Any blob at `to` is replaced
   * atomically: a reader of `to` sees the old blob or the moved one, never a mix. Afterwards
   * `from` is absent; moving a key onto itself changes nothing. Fails with BlobNotFound (no blob at `from`; `to` is unchanged),
   * BlobStoreUnavailable (then `to` holds the old blob or the moved one, and `from` may still be
   * there). A `to` that is also a folder of blobs fails as `put` does.
   */
  readonly move: (from: BlobKey, to: BlobKey) => Effect.Effect<void, BlobNotFound | BlobStoreUnavailable>;
  /** Removes the blob; removing an absent blob succeeds. Fails with BlobStoreUnavailable. */
  readonly delete: (key: BlobKey) => Effect.Effect<void, BlobStoreUnavailable>;
  /**
   * Keys starting with `prefix` (a plain string prefix, as in S3: "in/1" matches "in/10.csv"), in
   * ascending code-unit order. A prefix no key can start with gives an empty list. Fails with
   * BlobStoreUnavailable.
   */
  readonly list: (prefix: string) => Effect.Effect<ReadonlyArray<BlobKey>, BlobStoreUnavailable>;
  /**
   * An absolute URL that allows `method` on `key` without other credentials for
   * `expiresInSeconds` (a whole number from 1 to 604800, S3's limit; anything else is a defect).
   * Fails with BlobStoreUnavailable.
   */
  readonly signedUrl: (key: BlobKey, request: SignedUrlRequest) => Effect.Effect<string, BlobStoreUnavailable>;
  /** Whether the store can be reached (for readiness). Never fails. */
  readonly ping: Effect.Effect<boolean>;
}
