/**
 * BlobStore on S3 or an S3-compatible server. A key `a/b.csv` is the object `<prefix>a/b.csv`
 * in the bucket; the store never reads or writes outside its prefix.
 *
 * Put streams the body: up to one part is buffered (a single PutObject when the whole body fits
 * in it), larger bodies go up as a multipart upload with one part in flight while the next is
 * read. An S3 object appears only when PutObject or CompleteMultipartUpload succeeds, so a put is
 * atomic; a failed multipart upload is aborted so no parts are left to bill.
 *
 * Move is a server-side copy (CopyObject, or UploadPartCopy parts above CopyObject's 5 GiB limit)
 * followed by a delete of the source: no bytes pass through the process, and the object's content
 * type and metadata go with it. S3 has no rename, so the copy is briefly under both keys.
 *
 * Every request has a bounded time (docs/adr/0016-s3-deadlines-and-bounded-waits.md): the client
 * `makeS3Client` builds gives up on a connection after `connectTimeoutMs` and on a socket that
 * moves no byte for `idleTimeoutMs`, and each call here is abandoned once it has not answered
 * within `operationTimeoutMs`, the SDK's own retries included. A response body then streams on
 * under the idle timeout alone, so a long read is never cut while bytes flow, and a body nobody
 * reads is destroyed when the idle timeout ends, returning its socket to the pool.
 */
import { createHash } from "node:crypto";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type HeadObjectCommandOutput,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Effect, Either } from "effect";
import {
  BlobBodyFailed,
  BlobNotFound,
  BlobStoreUnavailable,
  BlobTooLarge,
  parseBlobKey,
  type BlobKey,
  type BlobStore,
  type StoredBlob,
} from "@batch/core";
import type { S3BlobStoreLocation } from "./blob-store-url";

/**
 * The client for an s3:// location, credentials from the SDK's standard chain. Built here so
 * callers use this adapter's copy of the SDK without depending on it; the caller owns the client
 * and destroys it (`client.destroy()`) when the store is no longer used.
 */
export const makeS3Client = (location: S3BlobStoreLocation, timeouts: S3Timeouts = {}): S3Client => {
  const operationTimeoutMs = timeouts.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  return new S3Client({
    ...location.clientConfig,
    requestHandler: {
      connectionTimeout: timeouts.connectTimeoutMs ?? Math.min(DEFAULT_CONNECT_TIMEOUT_MS, operationTimeoutMs),
      socketTimeout: timeouts.idleTimeoutMs ?? Math.min(DEFAULT_IDLE_TIMEOUT_MS, operationTimeoutMs),
    },
  });
};

/** Bounds of the client's requests; every one has a default. */
export interface S3Timeouts {
  /** Connecting to the server (default 5 s, or the operation timeout when shorter). */
  readonly connectTimeoutMs?: number;
  /** A socket on which no byte moves, also while a response body streams (default 30 s, or the operation timeout when shorter). */
  readonly idleTimeoutMs?: number;
  /** A whole call until its response, retries included (default 5 min); see S3BlobStoreOptions. */
  readonly operationTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_OPERATION_TIMEOUT_MS = 300_000;

export interface S3BlobStoreOptions {
  /** A built client: credentials, region and endpoint are the caller's concern. */
  readonly client: S3Client;
  readonly bucket: string;
  /** Folder inside the bucket holding this store's objects, e.g. "batchport/"; the bucket root when absent. */
  readonly prefix?: string;
  /** Bytes per multipart part, from 5 MiB (S3's minimum) to 5 GiB; 8 MiB when absent. */
  readonly partSize?: number;
  /** How long `ping` waits for the bucket to answer; 5000 ms when absent. */
  readonly pingTimeoutMs?: number;
  /**
   * How long one call may take until its response, the SDK's retries included; a call past it
   * fails with BlobStoreUnavailable. 5 min when absent: long enough for a server-side copy of a
   * large object, while the client's idle timeout catches a server that stopped answering sooner.
   */
  readonly operationTimeoutMs?: number;
}

export interface S3BlobStore extends BlobStore {
  readonly bucket: string;
  /** The normalised prefix: "" or ending in "/". */
  readonly prefix: string;
}

const MiB = 1024 * 1024;
export const DEFAULT_PART_SIZE = 8 * MiB;
const MIN_PART_SIZE = 5 * MiB;
const MAX_PART_SIZE = 5 * 1024 * MiB;
const MAX_PARTS = 10_000;
/** The largest object CopyObject copies in one request; larger ones are copied in parts. */
const MAX_COPY_OBJECT_SIZE = 5 * 1024 * MiB;
/** Parts of a multipart copy: few requests, yet within MAX_PARTS for S3's 5 TiB objects. */
const MIN_COPY_PART_SIZE = 512 * MiB;
/** S3's limit for presigned URLs (SigV4). */
const MAX_SIGNED_URL_SECONDS = 7 * 24 * 60 * 60;

const errorMessage = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const statusOf = (e: unknown): number | undefined =>
  typeof e === "object" && e !== null && "$metadata" in e && typeof e.$metadata === "object" && e.$metadata !== null
    ? (e.$metadata as { httpStatusCode?: number }).httpStatusCode
    : undefined;
/** A missing object. A missing bucket (NoSuchBucket) is a misconfiguration, not an absent blob. */
const isNotFound = (e: unknown) =>
  e instanceof Error && e.name !== "NoSuchBucket" && (e.name === "NoSuchKey" || e.name === "NotFound" || statusOf(e) === 404);

const normalisePrefix = (prefix: string | undefined): string => {
  if (prefix === undefined || prefix === "" || prefix === "/") return "";
  const trimmed = prefix.replace(/\/+$/, "");
  const parsed = parseBlobKey(trimmed);
  if (Either.isLeft(parsed)) throw new Error(`the S3 blob store prefix "${prefix}" is invalid: ${parsed.left.message}`);
  return `${trimmed}/`;
};

/** Collects chunks into parts; the chunks are copied because a producer may reuse its buffer. */
class PartBuffer {
  private chunks: Buffer[] = [];
  bytes = 0;
  add(chunk: Uint8Array) {
    this.chunks.push(Buffer.from(chunk));
    this.bytes += chunk.byteLength;
  }
  take(): Buffer {
    const part = Buffer.concat(this.chunks, this.bytes);
    this.chunks = [];
    this.bytes = 0;
    return part;
  }
}

export const makeS3BlobStore = (options: S3BlobStoreOptions): S3BlobStore => {
  const { client, bucket } = options;
  if (bucket === "") throw new Error("the S3 blob store needs a bucket name");
  const prefix = normalisePrefix(options.prefix);
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
    throw new Error(`the S3 part size must be a whole number of bytes from ${MIN_PART_SIZE} to ${MAX_PART_SIZE}, got ${partSize}`);
  }
  const pingTimeoutMs = options.pingTimeoutMs ?? 5000;
  const operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;

  /**
   * One call with the operation deadline, also ended by `signal` (an interruption). Only until its
   * response: a body the call returns streams on under the client's idle timeout.
   */
  const within = async <A>(signal: AbortSignal | undefined, call: (abortSignal: AbortSignal) => Promise<A>): Promise<A> => {
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new Error(`no answer within ${operationTimeoutMs} ms (the S3 operation timeout)`)),
      operationTimeoutMs,
    );
    const interrupted = () => deadline.abort(signal?.reason);
    if (signal?.aborted === true) interrupted();
    else signal?.addEventListener("abort", interrupted, { once: true });
    try {
      return await call(deadline.signal);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", interrupted);
    }
  };
  const objectKey = (key: BlobKey) => `${prefix}${key}`;
  const where = (key: BlobKey) => `s3://${bucket}/${objectKey(key)}`;
  const unavailable = (action: string, e: unknown) => new BlobStoreUnavailable({ message: `${action}: ${errorMessage(e)}`, cause: e });

  /**
   * Presigning goes through a view of the client that computes checksums only when required: with
   * the SDK's default (WHEN_SUPPORTED) a presigned PUT carries the CRC32 of an empty body
   * (x-amz-checksum-crc32=AAAAAA==), and S3 refuses any real upload to it.
   */
  const presigningClient = {
    config: {
      ...client.config,
      requestChecksumCalculation: () => Promise.resolve("WHEN_REQUIRED" as const),
      responseChecksumValidation: () => Promise.resolve("WHEN_REQUIRED" as const),
    },
    middlewareStack: client.middlewareStack,
  } as unknown as S3Client;

  /** A BlobKey that skipped parseBlobKey (a cast) is a caller bug and dies. */
  const checkedKey = (key: BlobKey): Effect.Effect<BlobKey> =>
    Either.match(parseBlobKey(key), { onLeft: (e) => Effect.die(e), onRight: (k) => Effect.succeed(k) });

  type PutError = BlobTooLarge | BlobBodyFailed | BlobStoreUnavailable;

  /** Never rejects: every outcome is a value, and a started multipart upload is completed or aborted. */
  const putObject = async (
    key: BlobKey,
    body: AsyncIterable<Uint8Array>,
    maxBytes: number,
    contentType: string | undefined,
    signal: AbortSignal,
  ): Promise<Either.Either<StoredBlob, PutError>> => {
    const Key = objectKey(key);
    const hash = createHash("sha256");
    const buffer = new PartBuffer();
    let size = 0;
    let uploadId: string | undefined;
    const parts: CompletedPart[] = [];
    /** The part being uploaded while the next one is read; it settles to an error or undefined. */
    let inFlight: Promise<BlobStoreUnavailable | undefined> = Promise.resolve(undefined);
    const iterator = body[Symbol.asyncIterator]();

    const startPart = async (): Promise<BlobStoreUnavailable | undefined> => {
      const failed = await inFlight;
      if (failed !== undefined) return failed;
      if (parts.length >= MAX_PARTS) {
        return new BlobStoreUnavailable({ message: `${where(key)}: a body over ${MAX_PARTS} parts of ${partSize} bytes needs a larger partSize` });
      }
      if (uploadId === undefined) {
        try {
          const created = await within(signal, (abortSignal) => client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key, ContentType: contentType }), { abortSignal }));
          if (created.UploadId === undefined) throw new Error("CreateMultipartUpload answered without an UploadId");
          uploadId = created.UploadId;
        } catch (e) {
          return unavailable(`cannot start a multipart upload to ${where(key)}`, e);
        }
      }
      const UploadId = uploadId;
      const PartNumber = parts.length + 1;
      const part = buffer.take();
      const slot: CompletedPart = { PartNumber };
      parts.push(slot);
      inFlight = within(signal, (abortSignal) => client.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber, Body: part, ContentLength: part.byteLength }), { abortSignal }))
        .then(
          (uploaded) => {
            slot.ETag = uploaded.ETag;
            return undefined;
          },
          (e: unknown) => unavailable(`cannot upload part ${PartNumber} of ${where(key)}`, e),
        );
      return undefined;
    };

    const abortUpload = async () => {
      await inFlight;
      if (uploadId === undefined) return;
      // Not tied to `signal`: the abort must go out even when the put was interrupted.
      await within(undefined, (abortSignal) => client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key, UploadId: uploadId }), { abortSignal })).catch(() => undefined);
    };

    // Interruption: abort the upload at once, even if the producer never answers again, and stop
    // the producer (return() destroys a Node stream, which ends the pending read).
    const onAbort = () => {
      void abortUpload();
      void iterator.return?.().catch(() => undefined);
    };
    signal.addEventListener("abort", onAbort, { once: true });

    const fail = async (error: PutError) => {
      await iterator.return?.().catch(() => undefined);
      await abortUpload();
      return Either.left(error);
    };

    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await iterator.next();
        } catch (e) {
          return await fail(new BlobBodyFailed({ key, message: e instanceof Error ? e.message : String(e) }));
        }
        if (signal.aborted) return await fail(new BlobBodyFailed({ key, message: "the put was interrupted" }));
        if (next.done === true) break;
        size += next.value.byteLength;
        if (size > maxBytes) return await fail(new BlobTooLarge({ key, maxBytes }));
        hash.update(next.value);
        buffer.add(next.value);
        if (buffer.bytes >= partSize) {
          const failed = await startPart();
          if (failed !== undefined) return await fail(failed);
        }
      }
      if (uploadId === undefined) {
        const whole = buffer.take();
        try {
          await within(signal, (abortSignal) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: whole, ContentLength: whole.byteLength, ContentType: contentType }), { abortSignal }));
        } catch (e) {
          return Either.left(unavailable(`cannot write ${where(key)}`, e));
        }
      } else {
        if (buffer.bytes > 0) {
          const failed = await startPart();
          if (failed !== undefined) return await fail(failed);
        }
        const failed = await inFlight;
        if (failed !== undefined) return await fail(failed);
        try {
          await within(signal, (abortSignal) =>
            client.send(
              new CompleteMultipartUploadCommand({ Bucket: bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
              { abortSignal },
            ),
          );
        } catch (e) {
          return await fail(unavailable(`cannot complete the multipart upload of ${where(key)}`, e));
        }
      }
      return Either.right({ key, size, sha256: hash.digest("hex") });
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  };

  /** `x-amz-copy-source`: the bucket and the URL-encoded object name. */
  const copySource = (key: BlobKey) => `${bucket}/${objectKey(key).split("/").map(encodeURIComponent).join("/")}`;

  /**
   * Copies an object over CopyObject's size limit part by part, server-side. Every part is taken
   * from the version the HEAD saw (If-Match on its ETag), so a source replaced meanwhile fails the
   * copy instead of mixing two versions; a failed copy is aborted.
   */
  const copyInParts = async (from: BlobKey, to: BlobKey, head: HeadObjectCommandOutput, size: number, signal: AbortSignal) => {
    const Key = objectKey(to);
    const created = await within(signal, (abortSignal) =>
      client.send(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key,
          ContentType: head.ContentType,
          ContentEncoding: head.ContentEncoding,
          ContentDisposition: head.ContentDisposition,
          ContentLanguage: head.ContentLanguage,
          CacheControl: head.CacheControl,
          Metadata: head.Metadata,
        }),
        { abortSignal },
      ),
    );
    const UploadId = created.UploadId;
    if (UploadId === undefined) throw new Error("CreateMultipartUpload answered without an UploadId");
    try {
      const copyPartSize = Math.max(MIN_COPY_PART_SIZE, Math.ceil(size / MAX_PARTS));
      const parts: CompletedPart[] = [];
      for (let start = 0; start < size; start += copyPartSize) {
        const PartNumber = parts.length + 1;
        const copied = await within(signal, (abortSignal) =>
          client.send(
            new UploadPartCopyCommand({
              Bucket: bucket,
              Key,
              UploadId,
              PartNumber,
              CopySource: copySource(from),
              CopySourceIfMatch: head.ETag,
              CopySourceRange: `bytes=${start}-${Math.min(start + copyPartSize, size) - 1}`,
            }),
            { abortSignal },
          ),
        );
        parts.push({ PartNumber, ETag: copied.CopyPartResult?.ETag });
      }
      await within(signal, (abortSignal) => client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key, UploadId, MultipartUpload: { Parts: parts } }), { abortSignal }));
    } catch (e) {
      // Not tied to `signal`: the abort must go out even when the move was interrupted.
      await within(undefined, (abortSignal) => client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key, UploadId }), { abortSignal })).catch(() => undefined);
      throw e;
    }
  };

  /**
   * A server-side copy. CopyObject keeps the content type and metadata (MetadataDirective COPY is
   * its default) but takes at most 5 GiB: S3 refuses a larger source with a 400 (InvalidRequest),
   * and only then is the size looked up and the object copied in parts.
   */
  const copyObject = async (from: BlobKey, to: BlobKey, signal: AbortSignal): Promise<void> => {
    try {
      await within(signal, (abortSignal) => client.send(new CopyObjectCommand({ Bucket: bucket, Key: objectKey(to), CopySource: copySource(from) }), { abortSignal }));
    } catch (e) {
      if (statusOf(e) !== 400) throw e;
      const head = await within(signal, (abortSignal) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(from) }), { abortSignal }));
      const size = head.ContentLength ?? 0;
      if (size <= MAX_COPY_OBJECT_SIZE) throw e;
      await copyInParts(from, to, head, size, signal);
    }
  };

  /**
   * Moves to each target key, in flight in this process: a move waits for the one before it to
   * the same key. Two copies racing onto one object gain nothing (S3 keeps one of them), and
   * S3-compatible servers that copy by writing the target's files in place (s3rver does) answer
   * errors while they overlap; concurrent uploads of one ERP block move onto one content key.
   */
  const movesTo = new Map<string, Promise<unknown>>();
  const oneMoveAtATime = <A>(to: BlobKey, move: () => Promise<A>): Promise<A> => {
    const before = movesTo.get(to) ?? Promise.resolve();
    const result = before.then(move, move);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    movesTo.set(to, settled);
    void settled.then(() => {
      if (movesTo.get(to) === settled) movesTo.delete(to);
    });
    return result;
  };

  /** Never rejects: every outcome is a value. */
  const moveObject = async (from: BlobKey, to: BlobKey, signal: AbortSignal): Promise<Either.Either<void, BlobNotFound | BlobStoreUnavailable>> => {
    if (from === to) {
      // S3 refuses to copy an object onto itself (and the delete would then lose it): only check it is there.
      try {
        await within(signal, (abortSignal) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(from) }), { abortSignal }));
        return Either.right(undefined);
      } catch (e) {
        return Either.left(isNotFound(e) ? new BlobNotFound({ key: from }) : unavailable(`cannot move ${where(from)}`, e));
      }
    }
    try {
      await copyObject(from, to, signal);
    } catch (e) {
      // Only the source's absence: CopyObject answers NoSuchKey, a HEAD NotFound. (A 404 may also
      // be NoSuchBucket, or NoSuchUpload when a multipart copy goes wrong.)
      const absent = e instanceof Error && (e.name === "NoSuchKey" || e.name === "NotFound");
      return Either.left(absent ? new BlobNotFound({ key: from }) : unavailable(`cannot copy ${where(from)} to ${where(to)}`, e));
    }
    try {
      await within(signal, (abortSignal) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(from) }), { abortSignal }));
    } catch (e) {
      return Either.left(unavailable(`copied ${where(from)} to ${where(to)} but cannot delete the original`, e));
    }
    return Either.right(undefined);
  };

  return {
    bucket,
    prefix,

    put: (key, body, putOptions) =>
      Effect.flatMap(checkedKey(key), (k) =>
        Effect.flatten(
          Effect.promise((signal) =>
            putObject(k, body, putOptions?.maxBytes ?? Number.POSITIVE_INFINITY, putOptions?.contentType, signal),
          ),
        ),
      ),

    get: (key) =>
      Effect.flatMap(checkedKey(key), (k) =>
        Effect.tryPromise({
          try: (signal) => within(signal, (abortSignal) => client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(k) }), { abortSignal })),
          catch: (e) => (isNotFound(e) ? new BlobNotFound({ key: k }) : unavailable(`cannot read ${where(k)}`, e)),
        }).pipe(
          Effect.flatMap(({ Body }) =>
            // In Node the body is an http.IncomingMessage: a Readable, so an AsyncIterable of Buffers.
            Body !== undefined && Symbol.asyncIterator in Body
              ? Effect.succeed(Body as AsyncIterable<Uint8Array>)
              : Effect.fail(new BlobStoreUnavailable({ message: `GetObject ${where(k)} answered without a readable body` })),
          ),
        ),
      ),

    move: (from, to) =>
      Effect.flatMap(Effect.all([checkedKey(from), checkedKey(to)]), ([source, target]) =>
        Effect.flatten(Effect.promise((signal) => oneMoveAtATime(target, () => moveObject(source, target, signal)))),
      ),

    size: (key) =>
      Effect.flatMap(checkedKey(key), (k) =>
        Effect.tryPromise({
          try: (signal) => within(signal, (abortSignal) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(k) }), { abortSignal })),
          catch: (e) => e,
        }).pipe(
          Effect.map((head) => head.ContentLength ?? 0),
          Effect.catchAll((e) => (isNotFound(e) ? Effect.succeed(undefined) : Effect.fail(unavailable(`cannot stat ${where(k)}`, e)))),
        ),
      ),

    delete: (key) =>
      Effect.flatMap(checkedKey(key), (k) =>
        Effect.tryPromise({
          try: (signal) => within(signal, (abortSignal) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(k) }), { abortSignal })),
          catch: (e) => unavailable(`cannot delete ${where(k)}`, e),
        }).pipe(Effect.asVoid),
      ),

    list: (listPrefix) =>
      Effect.tryPromise({
        try: async (signal) => {
          const keys: BlobKey[] = [];
          let ContinuationToken: string | undefined;
          do {
            const page = await within(signal, (abortSignal) =>
              client.send(
                new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${listPrefix}`, ContinuationToken }),
                { abortSignal },
              ),
            );
            for (const object of page.Contents ?? []) {
              if (object.Key === undefined || !object.Key.startsWith(prefix)) continue;
              // Objects put there by other tools may have names that are not keys: not this store's.
              const parsed = parseBlobKey(object.Key.slice(prefix.length));
              if (Either.isRight(parsed)) keys.push(parsed.right);
            }
            ContinuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
          } while (ContinuationToken !== undefined);
          // S3 lists in UTF-8 byte order, which is code-unit order for keys (ASCII only); sorting
          // keeps the promise on servers that do not.
          return keys.sort();
        },
        catch: (e) => unavailable(`cannot list s3://${bucket}/${prefix}${listPrefix}`, e),
      }),

    signedUrl: (key, request) =>
      Effect.gen(function* () {
        const k = yield* checkedKey(key);
        const { expiresInSeconds, method } = request;
        if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_SIGNED_URL_SECONDS) {
          return yield* Effect.dieMessage(`expiresInSeconds must be a whole number from 1 to ${MAX_SIGNED_URL_SECONDS}, got ${expiresInSeconds}`);
        }
        const input = { Bucket: bucket, Key: objectKey(k) };
        const command = method === "GET" ? new GetObjectCommand(input) : new PutObjectCommand(input);
        return yield* Effect.tryPromise({
          try: () => getSignedUrl(presigningClient, command, { expiresIn: expiresInSeconds }),
          catch: (e) => unavailable(`cannot presign ${method} ${where(k)}`, e),
        });
      }),

    ping: Effect.promise(async () => {
      try {
        await within(AbortSignal.timeout(pingTimeoutMs), (abortSignal) => client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal }));
        return true;
      } catch {
        return false;
      }
    }),
  };
};
