/**
 * BlobStore on a local (or network) filesystem. A key `a/b/c.csv` is the file `<root>/a/b/c.csv`,
 * so operators can look at the blobs with ordinary tools.
 *
 * Atomic put: the body streams into a fresh file in `<root>/~incoming/`, which is fsynced and then
 * renamed over the target, and the target's folder is fsynced. rename(2) within one filesystem
 * replaces the target atomically, so a reader sees the old blob or the new one, never a part; a
 * failed put removes its temp file. The temp folder's name holds "~", which no key segment may, so
 * it can never collide with a blob. A move is a rename(2) too, so it replaces its target just as
 * atomically and copies no bytes.
 *
 * Writeback during the put: left alone, the kernel starts writing a file back only when the final
 * fsync asks for it, so a put of 8 MiB would stall there for the whole flush. Instead a datasync
 * starts in the background after every WRITEBACK_EVERY bytes, and the final fsync finds little
 * left to write. It is only a head start: the final fsync and the folder's fsync still come before
 * put answers, and a failed background datasync fails the put (Linux reports a writeback error to
 * an open file only once, so a later fsync could succeed without the data).
 */
import { createHash, randomUUID } from "node:crypto";
import { constants, type Dirent } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, unlink, access } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import { Effect, Either } from "effect";
import {
  BlobBodyFailed,
  BlobNotFound,
  BlobStoreUnavailable,
  BlobTooLarge,
  parseBlobKey,
  type BlobKey,
  type BlobStore,
  type Clock,
  type StoredBlob,
} from "@batch/core";
import { MAX_SIGNED_URL_SECONDS, signFsBlobUrl } from "./fs-signed-url";

export interface FsBlobStoreOptions {
  /** Folder holding the blobs; relative paths resolve against the working directory. */
  readonly root: string;
  /** Base of signed URLs: the service's public URL (`BATCH_PUBLIC_URL`). */
  readonly publicBaseUrl: string;
  /** HMAC key of signed URLs, at least 32 characters; every process sharing `root` needs the same one. */
  readonly signingSecret: string;
  /** Source of "now" for signed URL expiry and the sweep; the system clock when absent. */
  readonly clock?: Clock;
}

export interface FsBlobStore extends BlobStore {
  /** The absolute root folder. */
  readonly root: string;
  /**
   * Removes temp files of puts that a crashed process left behind, older than `olderThanSeconds`
   * (pick more than the longest upload, since other processes may be writing). Answers how many
   * it removed. Fails with BlobStoreUnavailable.
   */
  readonly sweepAbandonedUploads: (olderThanSeconds: number) => Effect.Effect<number, BlobStoreUnavailable>;
}

const INCOMING = "~incoming";
const READ_CHUNK = 64 * 1024;
/**
 * Bytes of body gathered before one write. Each write is a trip through the thread pool that the
 * event loop pays for, while the disk takes a larger write as readily: writing 100 MB through a
 * FileHandle cost the event loop 71-90 ms of CPU in 64 KiB writes and 12-19 ms in 256 KiB writes
 * (the same run). The same event loop receives and hashes the body, so its time is the
 * upload's, and pieces are gathered to 256 KiB. A put holds two such buffers, one being written
 * while the other fills: 512 KiB per upload in progress.
 */
const WRITE_SIZE = 256 * 1024;
/**
 * Bytes written between background datasyncs of a put's temp file. 512 KiB, 1 MiB and 2 MiB
 * measured alike (and 4 MiB or none at all within the noise of 100 MB uploads); each datasync of
 * a growing file also commits the journal, so not smaller.
 */
const WRITEBACK_EVERY = 1024 * 1024;
const MIN_SECRET_LENGTH = 32;

const systemClock: Clock = { now: Effect.sync(() => new Date().toISOString()) };

const errorCode = (e: unknown): string | undefined =>
  typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : undefined;
const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const unavailable = (action: string, e: unknown) =>
  new BlobStoreUnavailable({ message: `${action}: ${errorMessage(e)}`, cause: e });

const isSegment = (name: string) => Either.isRight(parseBlobKey(name));

const writeAll = async (handle: FileHandle, bytes: Uint8Array): Promise<void> => {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
    offset += bytesWritten;
  }
};

interface TempFileWriter {
  /** Copies the bytes in (the caller may reuse its buffer) and writes them when a buffer is full. */
  readonly append: (bytes: Uint8Array) => Promise<void>;
  /** Writes what is left and waits for the write and datasync in flight; throws their first failure. */
  readonly finish: () => Promise<void>;
  /** Waits for the work in flight, whatever its outcome; never rejects. */
  readonly settled: () => Promise<void>;
}

/**
 * Writes a put's body to its temp file while the body is still arriving. Pieces are copied into a
 * WRITE_SIZE buffer, and a full buffer is written while the other one fills, so at most one write
 * is in flight and the body is read and hashed meanwhile. After every WRITEBACK_EVERY bytes
 * written, a datasync starts without being awaited (at most one at a time), so the kernel writes
 * the file back during the upload instead of at its final fsync.
 *
 * Background writes and datasyncs never reject unobserved: the first failure is kept, and append
 * or finish throws it, which fails the put.
 */
const makeTempFileWriter = (handle: FileHandle): TempFileWriter => {
  let current: Buffer = Buffer.allocUnsafe(WRITE_SIZE);
  // Allocated on the first full buffer, so a small blob costs one buffer.
  let spare: Buffer | undefined;
  let filled = 0;
  let writing: Promise<void> = Promise.resolve();
  let syncing: Promise<void> | undefined;
  let unsynced = 0;
  let failure: { readonly error: unknown } | undefined;

  const fail = (error: unknown) => {
    failure ??= { error };
  };
  const throwFailure = () => {
    if (failure !== undefined) throw failure.error;
  };

  const startWriteback = () => {
    if (syncing !== undefined || failure !== undefined) return;
    unsynced = 0;
    syncing = handle.datasync().then(
      () => {
        syncing = undefined;
      },
      (e: unknown) => {
        syncing = undefined;
        fail(e);
      },
    );
  };

  /** Waits until the buffer in flight is written (and free again), then writes the current one. */
  const flush = async (): Promise<void> => {
    await writing;
    throwFailure();
    const bytes = current.subarray(0, filled);
    writing = writeAll(handle, bytes).then(() => {
      unsynced += bytes.byteLength;
      // A mark crossed while a datasync was in flight starts the next one after the next write.
      if (unsynced >= WRITEBACK_EVERY) startWriteback();
    }, fail);
    const written = current;
    current = spare ?? Buffer.allocUnsafe(WRITE_SIZE);
    spare = written;
    filled = 0;
  };

  const settled = async () => {
    await writing;
    await syncing;
  };

  return {
    append: async (bytes) => {
      throwFailure();
      let offset = 0;
      while (offset < bytes.byteLength) {
        const n = Math.min(WRITE_SIZE - filled, bytes.byteLength - offset);
        current.set(bytes.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === WRITE_SIZE) await flush();
      }
    },
    finish: async () => {
      if (filled > 0) await flush();
      // In this order: the last write may start a datasync when it lands.
      await settled();
      throwFailure();
    },
    settled,
  };
};

export const makeFsBlobStore = (options: FsBlobStoreOptions): FsBlobStore => {
  if (options.signingSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the blob signing secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const root = path.resolve(options.root);
  const incoming = path.join(root, INCOMING);
  const clock = options.clock ?? systemClock;

  /**
   * The file of a key. A BlobKey that skipped parseBlobKey (a cast) is a caller bug and dies; the
   * resolved-path check is defence in depth should key validation ever be loosened.
   */
  const fileOf = (key: BlobKey): Effect.Effect<string> =>
    Effect.suspend(() => {
      const parsed = parseBlobKey(key);
      if (Either.isLeft(parsed)) return Effect.die(parsed.left);
      const file = path.resolve(root, ...parsed.right.split("/"));
      if (!file.startsWith(root + path.sep)) return Effect.dieMessage(`the blob key ${key} resolves outside the store root`);
      return Effect.succeed(file);
    });

  /** fsync of the folder makes the rename itself durable; some platforms refuse it, which is harmless. */
  const syncFolder = async (folder: string): Promise<void> => {
    const handle = await open(folder, constants.O_RDONLY).catch(() => undefined);
    if (handle === undefined) return;
    await handle.sync().catch(() => undefined);
    await handle.close();
  };

  /**
   * mkdir -p that makes what it creates durable: the new folders, deepest first, then the folder
   * that gained the first of them. Without it a blob's name could be durable inside a folder whose
   * own entry a crash loses.
   */
  const makeFolder = async (folder: string): Promise<void> => {
    const first = await mkdir(folder, { recursive: true });
    if (first === undefined) return;
    for (let dir = folder; dir.length >= first.length; dir = path.dirname(dir)) await syncFolder(dir);
    await syncFolder(path.dirname(first));
  };

  /**
   * Creates a put's temp file. The temp folder is made only when it is missing (first put, or
   * removed by an operator), not checked on every put.
   */
  const openTemp = async (temp: string): Promise<FileHandle> => {
    try {
      return await open(temp, "wx", 0o640);
    } catch (e) {
      if (errorCode(e) !== "ENOENT") throw e;
      await makeFolder(incoming);
      return await open(temp, "wx", 0o640);
    }
  };

  /**
   * rename(2) of a file to its place, making the target's folders only when they are missing. A
   * second ENOENT (the source itself gone) fails as it is.
   */
  const renameInto = async (source: string, target: string): Promise<void> => {
    try {
      await rename(source, target);
    } catch (e) {
      if (errorCode(e) !== "ENOENT") throw e;
      await makeFolder(path.dirname(target));
      await rename(source, target);
    }
  };

  type PutError = BlobTooLarge | BlobBodyFailed | BlobStoreUnavailable;

  /** Never rejects: every outcome is a value, and the temp file is gone unless renamed into place. */
  const putFile = async (
    key: BlobKey,
    file: string,
    body: AsyncIterable<Uint8Array>,
    maxBytes: number,
    signal: AbortSignal,
  ): Promise<Either.Either<StoredBlob, PutError>> => {
    const temp = path.join(incoming, `${randomUUID()}.part`);
    let handle: FileHandle | undefined;
    let writer: TempFileWriter | undefined;
    let committed = false;
    const iterator = body[Symbol.asyncIterator]();
    // Interruption: drop the temp file at once, even if the producer never answers again, and stop
    // the producer (return() destroys a Node stream, which ends the pending read).
    const onAbort = () => {
      void handle?.close().catch(() => undefined);
      void rm(temp, { force: true }).catch(() => undefined);
      void iterator.return?.().catch(() => undefined);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      try {
        handle = await openTemp(temp);
      } catch (e) {
        return Either.left(unavailable(`cannot create a temp file in ${incoming}`, e));
      }
      writer = makeTempFileWriter(handle);
      const hash = createHash("sha256");
      let size = 0;
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await iterator.next();
        } catch (e) {
          return Either.left(new BlobBodyFailed({ key, message: errorMessage(e) }));
        }
        if (signal.aborted) return Either.left(new BlobBodyFailed({ key, message: "the put was interrupted" }));
        if (next.done === true) break;
        size += next.value.byteLength;
        if (size > maxBytes) {
          await iterator.return?.().catch(() => undefined);
          return Either.left(new BlobTooLarge({ key, maxBytes }));
        }
        hash.update(next.value);
        try {
          await writer.append(next.value);
        } catch (e) {
          await iterator.return?.().catch(() => undefined);
          return Either.left(unavailable(`cannot write ${temp}`, e));
        }
      }
      try {
        await writer.finish();
      } catch (e) {
        return Either.left(unavailable(`cannot write ${temp}`, e));
      }
      try {
        await handle.sync();
        await handle.close();
        handle = undefined;
        await renameInto(temp, file);
        committed = true;
        await syncFolder(path.dirname(file));
      } catch (e) {
        const code = errorCode(e);
        if (!committed && (code === "ENOTDIR" || code === "EISDIR" || code === "EEXIST")) {
          return Either.left(unavailable(`cannot store ${key}: on the filesystem a key cannot be both a blob and a folder of other blobs`, e));
        }
        if (!committed) return Either.left(unavailable(`cannot store ${key}`, e));
      }
      return Either.right({ key, size, sha256: hash.digest("hex") });
    } finally {
      signal.removeEventListener("abort", onAbort);
      // Nothing may still be writing to the file when it is closed and removed.
      await writer?.settled();
      if (handle !== undefined) await handle.close().catch(() => undefined);
      if (!committed) await rm(temp, { force: true }).catch(() => undefined);
    }
  };

  /** Never rejects: every outcome is a value. */
  const moveFile = async (
    from: BlobKey,
    to: BlobKey,
    source: string,
    target: string,
  ): Promise<Either.Either<void, BlobNotFound | BlobStoreUnavailable>> => {
    const absent = (e: unknown) => errorCode(e) === "ENOENT" || errorCode(e) === "ENOTDIR";
    try {
      // A folder is not a blob, and renaming it would carry off the blobs inside it.
      if (!(await stat(source)).isFile()) return Either.left(new BlobNotFound({ key: from }));
    } catch (e) {
      return Either.left(absent(e) ? new BlobNotFound({ key: from }) : unavailable(`cannot move ${from}`, e));
    }
    if (source === target) return Either.right(undefined);
    const folder = path.dirname(target);
    try {
      await makeFolder(folder);
      // The blob was fsynced by its put; only the new name needs making durable.
      await rename(source, target);
    } catch (e) {
      const code = errorCode(e);
      if (code === "ENOENT" && !(await stat(source).then((info) => info.isFile(), () => false))) {
        // Moved or deleted by someone else since the check above.
        return Either.left(new BlobNotFound({ key: from }));
      }
      if (code === "ENOTDIR" || code === "EISDIR" || code === "EEXIST") {
        return Either.left(unavailable(`cannot move ${from} to ${to}: on the filesystem a key cannot be both a blob and a folder of other blobs`, e));
      }
      return Either.left(unavailable(`cannot move ${from} to ${to}`, e));
    }
    // As for put: rename(2) is atomic but durable only once the folder is synced. Journalling file
    // systems commit the removal of the old name with it.
    await syncFolder(folder);
    return Either.right(undefined);
  };

  const collectKeys = async (folder: string, keyPrefix: string, out: string[]): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (e) {
      const code = errorCode(e);
      // A folder deleted while walking, or a prefix naming a file or nothing: no keys there.
      if (code === "ENOENT" || code === "ENOTDIR") return;
      throw e;
    }
    for (const entry of entries) {
      // Anything that cannot be a key segment (the temp folder, an editor's backup) is not a blob.
      if (!isSegment(entry.name)) continue;
      const key = `${keyPrefix}${entry.name}`;
      if (entry.isDirectory()) await collectKeys(path.join(folder, entry.name), `${key}/`, out);
      else if (entry.isFile()) out.push(key);
    }
  };

  const nowSeconds = Effect.map(clock.now, (now) => Math.floor(Date.parse(now) / 1000));

  return {
    root,

    put: (key, body, putOptions) =>
      Effect.flatMap(fileOf(key), (file) =>
        Effect.flatten(
          Effect.promise((signal) => putFile(key, file, body, putOptions?.maxBytes ?? Number.POSITIVE_INFINITY, signal)),
        ),
      ),

    get: (key) =>
      Effect.flatMap(fileOf(key), (file) =>
        Effect.tryPromise({
          try: async () => {
            // Opened now, not on first read: a missing blob fails here, and a later overwrite or
            // delete does not disturb a reader already holding the old file.
            const handle = await open(file, constants.O_RDONLY);
            try {
              const info = await handle.stat();
              if (!info.isFile()) {
                await handle.close();
                return undefined;
              }
            } catch (e) {
              await handle.close().catch(() => undefined);
              throw e;
            }
            return handle;
          },
          catch: (e) => e,
        }).pipe(
          Effect.catchAll((e) =>
            errorCode(e) === "ENOENT" || errorCode(e) === "ENOTDIR"
              ? Effect.succeed(undefined)
              : Effect.fail(unavailable(`cannot read ${key}`, e)),
          ),
          Effect.flatMap((handle) =>
            handle === undefined
              ? Effect.fail(new BlobNotFound({ key }))
              : Effect.succeed<AsyncIterable<Uint8Array>>(handle.createReadStream({ highWaterMark: READ_CHUNK })),
          ),
        ),
      ),

    move: (from, to) =>
      Effect.flatMap(Effect.all([fileOf(from), fileOf(to)]), ([source, target]) =>
        Effect.flatten(Effect.promise(() => moveFile(from, to, source, target))),
      ),

    size: (key) =>
      Effect.flatMap(fileOf(key), (file) =>
        Effect.tryPromise({
          try: () => stat(file),
          catch: (e) => e,
        }).pipe(
          Effect.map((info) => (info.isFile() ? info.size : undefined)),
          Effect.catchAll((e) =>
            errorCode(e) === "ENOENT" || errorCode(e) === "ENOTDIR"
              ? Effect.succeed(undefined)
              : Effect.fail(unavailable(`cannot stat ${key}`, e)),
          ),
        ),
      ),

    delete: (key) =>
      Effect.flatMap(fileOf(key), (file) =>
        Effect.tryPromise({
          try: () => unlink(file),
          catch: (e) => e,
        }).pipe(
          Effect.catchAll((e) => {
            const code = errorCode(e);
            // Absent, or a folder of other blobs (EISDIR on Linux, EPERM on macOS): no blob to remove.
            if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR" || code === "EPERM") return Effect.void;
            return Effect.fail(unavailable(`cannot delete ${key}`, e));
          }),
        ),
      ),

    list: (prefix) =>
      Effect.suspend(() => {
        // Walk only the deepest folder the prefix names; the rest of the prefix filters names.
        const cut = prefix.lastIndexOf("/");
        const folderPart = cut < 0 ? "" : prefix.slice(0, cut);
        if (folderPart !== "" && Either.isLeft(parseBlobKey(folderPart))) return Effect.succeed([]);
        const folder = folderPart === "" ? root : path.join(root, ...folderPart.split("/"));
        return Effect.tryPromise({
          try: async () => {
            const keys: string[] = [];
            await collectKeys(folder, folderPart === "" ? "" : `${folderPart}/`, keys);
            return keys
              .filter((k) => k.startsWith(prefix))
              .sort()
              .map((k) => k as BlobKey);
          },
          catch: (e) => unavailable(`cannot list ${root}`, e),
        });
      }),

    signedUrl: (key, request) =>
      Effect.gen(function* () {
        yield* fileOf(key);
        const { expiresInSeconds, method } = request;
        if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_SIGNED_URL_SECONDS) {
          return yield* Effect.dieMessage(`expiresInSeconds must be a whole number from 1 to ${MAX_SIGNED_URL_SECONDS}, got ${expiresInSeconds}`);
        }
        const expires = (yield* nowSeconds) + expiresInSeconds;
        return signFsBlobUrl({ publicBaseUrl: options.publicBaseUrl, secret: options.signingSecret, method, key, expires });
      }),

    ping: Effect.promise(async () => {
      try {
        await makeFolder(incoming);
        await access(root, constants.R_OK | constants.W_OK);
        await access(incoming, constants.R_OK | constants.W_OK);
        return true;
      } catch {
        return false;
      }
    }),

    sweepAbandonedUploads: (olderThanSeconds) =>
      Effect.flatMap(nowSeconds, (now) =>
        Effect.tryPromise({
          try: async () => {
            const names = await readdir(incoming).catch((e: unknown) => {
              if (errorCode(e) === "ENOENT") return [];
              throw e;
            });
            let removed = 0;
            for (const name of names) {
              const temp = path.join(incoming, name);
              const info = await stat(temp).catch(() => undefined);
              if (info === undefined || now - info.mtimeMs / 1000 < olderThanSeconds) continue;
              await rm(temp, { force: true });
              removed += 1;
            }
            return removed;
          },
          catch: (e) => unavailable(`cannot sweep ${incoming}`, e),
        }),
      ),
  };
};
