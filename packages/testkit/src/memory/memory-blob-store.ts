/**
 * An in-memory BlobStore with the same observable behaviour as the filesystem and S3 adapters
 * (the blob store contract suite runs against all three). Blobs live in the store itself, not in
 * the MemoryDb: like a real blob store it is not part of a unit of work, so a rolled-back
 * transaction does not roll back a put.
 *
 * Signed URLs use the filesystem adapter's format and signature (`@batch/blob-fs`), so a service
 * wired with this store and the same secret verifies them with `verifyFsSignedUrl`; the blob-fs
 * tests check that the two stay in step.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { Effect, Either } from "effect";
import {
  BlobBodyFailed,
  BlobNotFound,
  BlobTooLarge,
  parseBlobKey,
  type BlobKey,
  type BlobStore,
  type Clock,
  type Instant,
  type SignedUrlRequest,
  type StoredBlob,
} from "@batch/core";

export interface MemoryBlobStoreOptions {
  /** Base of signed URLs (the service's public URL). */
  readonly baseUrl?: string;
  /** HMAC key of signed URLs. */
  readonly signingSecret?: string;
  /** Source of "now" for signed URL expiry; the system clock when absent. */
  readonly clock?: Clock;
}

export interface MemorySignedUrlCheck {
  readonly method: "GET" | "PUT";
  readonly url: string;
  /** When the URL is presented. */
  readonly now: Instant;
}

export interface MemoryBlobStore extends BlobStore {
  /** Checks a URL made by `signedUrl`: the key it grants, or why it is refused. */
  readonly verifySignedUrl: (check: MemorySignedUrlCheck) => Either.Either<BlobKey, string>;
}

interface Entry {
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

/** S3's limit for presigned URLs; the other stores keep to it so callers see one rule. */
const MAX_SIGNED_URL_SECONDS = 7 * 24 * 60 * 60;
/** Chunk size of `get` streams, so consumers exercise real streaming. */
const READ_CHUNK = 64 * 1024;

const systemClock: Clock = { now: Effect.sync(() => new Date().toISOString()) };

const sign = (secret: string, method: string, key: string, expires: number): string =>
  createHmac("sha256", secret).update(`batchport-blob-v1\n${method}\n${key}\n${expires}`).digest("base64url");

/** A BlobKey that skipped parseBlobKey (a cast) is a bug in the caller, so it dies. */
const checkedKey = (key: BlobKey): Effect.Effect<BlobKey> =>
  Either.match(parseBlobKey(key), { onLeft: (e) => Effect.die(e), onRight: (k) => Effect.succeed(k) });

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const makeMemoryBlobStore = (options: MemoryBlobStoreOptions = {}): MemoryBlobStore => {
  const baseUrl = (options.baseUrl ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
  const secret = options.signingSecret ?? "memory-blob-store-signing-secret";
  const clock = options.clock ?? systemClock;
  const blobs = new Map<string, Entry>();

  const readAll = async (
    key: BlobKey,
    body: AsyncIterable<Uint8Array>,
    maxBytes: number,
    signal: AbortSignal,
  ): Promise<Either.Either<Entry, BlobTooLarge | BlobBodyFailed>> => {
    const hash = createHash("sha256");
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of body) {
        if (signal.aborted) return Either.left(new BlobBodyFailed({ key, message: "the put was interrupted" }));
        size += chunk.byteLength;
        if (size > maxBytes) return Either.left(new BlobTooLarge({ key, maxBytes }));
        hash.update(chunk);
        // Copied: a producer may reuse its buffer once the chunk is consumed.
        chunks.push(Uint8Array.from(chunk));
      }
    } catch (e) {
      return Either.left(new BlobBodyFailed({ key, message: errorMessage(e) }));
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return Either.right({ bytes, sha256: hash.digest("hex") });
  };

  const store: MemoryBlobStore = {
    put: (key, body, putOptions) =>
      Effect.gen(function* () {
        const k = yield* checkedKey(key);
        const maxBytes = putOptions?.maxBytes ?? Number.POSITIVE_INFINITY;
        const read = yield* Effect.promise((signal) => readAll(k, body, maxBytes, signal));
        const entry = yield* read;
        // Committed only now, whole: a reader sees the old blob or the new one, never a part.
        blobs.set(k, entry);
        return { key: k, size: entry.bytes.byteLength, sha256: entry.sha256 } satisfies StoredBlob;
      }),

    get: (key) =>
      Effect.flatMap(checkedKey(key), (k) => {
        const entry = blobs.get(k);
        if (entry === undefined) return Effect.fail(new BlobNotFound({ key: k }));
        const bytes = entry.bytes;
        return Effect.succeed<AsyncIterable<Uint8Array>>({
          async *[Symbol.asyncIterator]() {
            for (let offset = 0; offset < bytes.byteLength; offset += READ_CHUNK) {
              yield bytes.slice(offset, offset + READ_CHUNK);
            }
          },
        });
      }),

    move: (from, to) =>
      Effect.gen(function* () {
        const source = yield* checkedKey(from);
        const target = yield* checkedKey(to);
        const entry = blobs.get(source);
        if (entry === undefined) return yield* Effect.fail(new BlobNotFound({ key: source }));
        // Entries are never changed in place, so a reader of the old blob at `to` keeps its bytes.
        blobs.set(target, entry);
        if (source !== target) blobs.delete(source);
      }),

    size: (key) => Effect.map(checkedKey(key), (k) => blobs.get(k)?.bytes.byteLength),

    delete: (key) =>
      Effect.map(checkedKey(key), (k) => {
        blobs.delete(k);
      }),

    list: (prefix) =>
      Effect.sync(() =>
        [...blobs.keys()]
          .filter((k) => k.startsWith(prefix))
          .sort()
          .map((k) => k as BlobKey),
      ),

    signedUrl: (key: BlobKey, request: SignedUrlRequest) =>
      Effect.gen(function* () {
        const k = yield* checkedKey(key);
        const { expiresInSeconds, method } = request;
        if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_SIGNED_URL_SECONDS) {
          return yield* Effect.dieMessage(`expiresInSeconds must be a whole number from 1 to ${MAX_SIGNED_URL_SECONDS}, got ${expiresInSeconds}`);
        }
        const nowSeconds = Math.floor(Date.parse(yield* clock.now) / 1000);
        const expires = nowSeconds + expiresInSeconds;
        return `${baseUrl}/blobs/${k}?expires=${expires}&signature=${sign(secret, method, k, expires)}`;
      }),

    ping: Effect.succeed(true),

    verifySignedUrl: ({ method, url, now }) => {
      const prefix = `${baseUrl}/blobs/`;
      if (!url.startsWith(prefix)) return Either.left("the URL is not a blob URL of this store");
      const [path = "", query = ""] = url.slice(prefix.length).split("?", 2);
      const params = new URLSearchParams(query);
      const expiresText = params.get("expires") ?? "";
      const signature = params.get("signature") ?? "";
      const key = parseBlobKey(path);
      if (Either.isLeft(key)) return Either.left(key.left.message);
      if (!/^[0-9]{1,12}$/.test(expiresText)) return Either.left("expires must be unix seconds");
      const expires = Number(expiresText);
      const expected = Buffer.from(sign(secret, method, key.right, expires));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return Either.left("the signature does not match");
      if (Math.floor(Date.parse(now) / 1000) >= expires) return Either.left("the URL has expired");
      return Either.right(key.right);
    },
  };
  return store;
};
