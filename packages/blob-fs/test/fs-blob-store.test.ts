import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { open } from "node:fs/promises";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Effect, Either, Fiber } from "effect";
import { parseBlobKey, type BlobKey } from "@batch/core";
import { makeManualClock, makeMemoryBlobStore } from "@batch/testkit";
import { FS_BLOB_URL_PATH, makeFsBlobStore, signFsBlobUrl, verifyFsSignedUrl } from "../src";

const base = mkdtempSync(path.join(tmpdir(), "blob-fs-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const publicBaseUrl = "https://batch.example.com/base";
const signingSecret = "fs-test-signing-secret-0123456789abcdef";
let folders = 0;
const freshFolder = () => {
  folders += 1;
  return path.join(base, `case-${folders}`);
};
const makeStore = (root = freshFolder()) => makeFsBlobStore({ root, publicBaseUrl, signingSecret });

const key = (text: string): BlobKey => Either.getOrThrow(parseBlobKey(text));
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
async function* stream(...chunks: ReadonlyArray<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
}
const readText = async (body: AsyncIterable<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
};
const incomingOf = (root: string) => path.join(root, "~incoming");
const entriesOf = (folder: string) => (existsSync(folder) ? readdirSync(folder) : []);

describe("filesystem blob store: layout and atomicity", () => {
  it("keeps a blob at <root>/<key>, readable with ordinary tools", async () => {
    const store = makeStore();
    await run(store.put(key("in/2026/batch.csv"), stream("a;b\n")));
    expect(readFileSync(path.join(store.root, "in", "2026", "batch.csv"), "utf8")).toBe("a;b\n");
  });

  it("leaves no temp file behind after a successful, a failed and an oversized put", async () => {
    const store = makeStore();
    await run(store.put(key("ok.csv"), stream("fine")));
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10_000);
      throw new Error("socket hang up");
    }
    const failed = await run(Effect.either(store.put(key("failed.csv"), failing())));
    expect(Either.isLeft(failed) && failed.left._tag).toBe("Blob.BodyFailed");
    const oversized = await run(Effect.either(store.put(key("big.csv"), stream("0123456789"), { maxBytes: 5 })));
    expect(Either.isLeft(oversized) && oversized.left._tag).toBe("Blob.TooLarge");
    expect(readdirSync(incomingOf(store.root))).toEqual([]);
    expect(readdirSync(store.root).sort()).toEqual(["ok.csv", "~incoming"]);
  });

  it("removes the temp file of a put interrupted while waiting for a stalled body", async () => {
    const store = makeStore();
    const request = new PassThrough();
    request.write(new Uint8Array(1000));
    const fiber = Effect.runFork(store.put(key("stalled.csv"), request));
    await waitUntil(() => entriesOf(incomingOf(store.root)).length === 1);
    await Effect.runPromise(Fiber.interrupt(fiber));
    await waitUntil(() => entriesOf(incomingOf(store.root)).length === 0);
    // The body arriving after all must not resurrect the put.
    request.end(new Uint8Array(1000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(path.join(store.root, "stalled.csv"))).toBe(false);
    expect(entriesOf(incomingOf(store.root))).toEqual([]);
  });

  it("removes the temp file even when an interrupted producer never answers again", async () => {
    const store = makeStore();
    async function* hanging(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(1000);
      await new Promise(() => undefined);
    }
    const fiber = Effect.runFork(store.put(key("hanging.csv"), hanging()));
    await waitUntil(() => entriesOf(incomingOf(store.root)).length === 1);
    await Effect.runPromise(Fiber.interrupt(fiber));
    await waitUntil(() => entriesOf(incomingOf(store.root)).length === 0);
    expect(existsSync(path.join(store.root, "hanging.csv"))).toBe(false);
  });

  it("lets a reader that already holds a blob finish reading it while it is overwritten and deleted", async () => {
    const store = makeStore();
    const k = key("report.csv");
    await run(store.put(k, stream("old ".repeat(100_000))));
    const reading = await run(store.get(k));
    await run(store.put(k, stream("new")));
    await run(store.delete(k));
    expect(await readText(reading)).toBe("old ".repeat(100_000));
  });

  it("refuses a key that is both a blob and a folder of blobs, with a clear message, and stores nothing", async () => {
    const store = makeStore();
    await run(store.put(key("a"), stream("blob a")));
    const nested = await run(Effect.either(store.put(key("a/b"), stream("blob a/b"))));
    expect(Either.isLeft(nested) && nested.left._tag).toBe("Blob.Unavailable");
    expect(Either.isLeft(nested) && nested.left.message).toContain("cannot be both a blob and a folder");
    await run(store.put(key("c/d"), stream("blob c/d")));
    const folder = await run(Effect.either(store.put(key("c"), stream("blob c"))));
    expect(Either.isLeft(folder) && folder.left.message).toContain("cannot be both a blob and a folder");
    expect(await run(store.list(""))).toEqual(["a", "c/d"]);
    expect(readdirSync(incomingOf(store.root))).toEqual([]);
    // "c" is a folder, not a blob: absent for get, size and delete alike.
    expect(await run(store.size(key("c")))).toBeUndefined();
    expect(Either.isLeft(await run(Effect.either(store.get(key("c")))))).toBe(true);
    await run(store.delete(key("c")));
    expect(await run(store.list(""))).toEqual(["a", "c/d"]);
  });

  it("moves by renaming: a reader of the replaced blob finishes it, and no file is left in the temp folder", async () => {
    const store = makeStore();
    const to = key("blocks/1/content");
    await run(store.put(to, stream("old ".repeat(100_000))));
    const reading = await run(store.get(to));
    await run(store.put(key("staging/u1"), stream("new")));
    await run(store.move(key("staging/u1"), to));
    expect(await readText(reading)).toBe("old ".repeat(100_000));
    expect(readFileSync(path.join(store.root, "blocks", "1", "content"), "utf8")).toBe("new");
    expect(readdirSync(path.join(store.root, "staging"))).toEqual([]);
    expect(readdirSync(incomingOf(store.root))).toEqual([]);
  });

  it("refuses to move a blob onto a folder of blobs or under a blob, with a clear message, and moves nothing", async () => {
    const store = makeStore();
    await run(store.put(key("a"), stream("blob a")));
    await run(store.put(key("c/d"), stream("blob c/d")));
    await run(store.put(key("from"), stream("moving")));
    for (const to of [key("a/b"), key("c")]) {
      const moved = await run(Effect.either(store.move(key("from"), to)));
      expect(Either.isLeft(moved) && moved.left._tag, to).toBe("Blob.Unavailable");
      expect(Either.isLeft(moved) && moved.left.message, to).toContain("cannot be both a blob and a folder");
    }
    expect(await run(store.list(""))).toEqual(["a", "c/d", "from"]);
    expect(await readText(await run(store.get(key("from"))))).toBe("moving");
  });

  it("writes nothing outside its root for forged keys", async () => {
    const parent = freshFolder();
    mkdirSync(parent);
    const store = makeStore(path.join(parent, "root"));
    for (const forged of ["../escaped", "a/../../escaped", "/tmp/escaped", "..\\escaped"]) {
      await Effect.runPromiseExit(store.put(forged as BlobKey, stream("evil")));
    }
    expect(readdirSync(parent)).toEqual([]);
  });

  it("ignores files that cannot be blobs when listing", async () => {
    const store = makeStore();
    await run(store.put(key("in/x.csv"), stream("x")));
    writeFileSync(path.join(store.root, "in", "x.csv~"), "editor backup");
    writeFileSync(path.join(store.root, "in", "with space.csv"), "not a key");
    expect(await run(store.list(""))).toEqual(["in/x.csv"]);
  });
});

describe("filesystem blob store: operations", () => {
  it("answers ping with false when the root cannot be a folder", async () => {
    const file = path.join(freshFolder(), "a-file");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "not a folder");
    expect(await run(makeStore(file).ping)).toBe(false);
  });

  it("refuses a signing secret shorter than 32 characters", () => {
    expect(() => makeFsBlobStore({ root: freshFolder(), publicBaseUrl, signingSecret: "short" })).toThrow(/at least 32 characters/);
  });

  it("sweeps only temp files older than the given age", async () => {
    const manual = makeManualClock("2026-03-01T12:00:00.000Z");
    const store = makeFsBlobStore({ root: freshFolder(), publicBaseUrl, signingSecret, clock: manual.clock });
    expect(await run(store.ping)).toBe(true);
    const incoming = incomingOf(store.root);
    writeFileSync(path.join(incoming, "stale.part"), "left by a crash");
    writeFileSync(path.join(incoming, "recent.part"), "being written");
    const at = (iso: string) => new Date(iso);
    utimesSync(path.join(incoming, "stale.part"), at("2026-03-01T09:00:00Z"), at("2026-03-01T09:00:00Z"));
    utimesSync(path.join(incoming, "recent.part"), at("2026-03-01T11:30:00Z"), at("2026-03-01T11:30:00Z"));
    expect(await run(store.sweepAbandonedUploads(3600))).toBe(1);
    expect(readdirSync(incoming)).toEqual(["recent.part"]);
  });

  it("signs URLs from its clock and the public base URL, with a path the service can route", async () => {
    const manual = makeManualClock("2026-03-01T12:00:00.000Z");
    const store = makeFsBlobStore({ root: freshFolder(), publicBaseUrl: `${publicBaseUrl}/`, signingSecret, clock: manual.clock });
    const url = await run(store.signedUrl(key("in/batch.csv"), { method: "PUT", expiresInSeconds: 600 }));
    const expires = Date.parse("2026-03-01T12:10:00.000Z") / 1000;
    expect(url).toMatch(new RegExp(`^https://batch\\.example\\.com/base${FS_BLOB_URL_PATH}in/batch\\.csv\\?expires=${expires}&signature=[A-Za-z0-9_-]{43}$`));
    const signature = new URL(url).searchParams.get("signature") ?? "";
    const verify = (now: string, method: "GET" | "PUT" = "PUT") =>
      verifyFsSignedUrl({ method, key: "in/batch.csv", expires: String(expires), signature, now, secret: signingSecret });
    expect(verify("2026-03-01T12:09:59.999Z")).toEqual(Either.right("in/batch.csv"));
    expect(Either.getLeft(verify("2026-03-01T12:10:00.000Z")).pipe((e) => e._tag === "Some" && e.value.reason)).toBe("Expired");
    expect(Either.getLeft(verify("2026-03-01T12:00:00.000Z", "GET")).pipe((e) => e._tag === "Some" && e.value.reason)).toBe("BadSignature");
    const otherSecret = verifyFsSignedUrl({
      method: "PUT",
      key: "in/batch.csv",
      expires: String(expires),
      signature,
      now: "2026-03-01T12:00:00.000Z",
      secret: "another-secret-of-sufficient-length-000",
    });
    expect(Either.isLeft(otherSecret) && otherSecret.left).toMatchObject({ _tag: "Blob.UrlRefused", reason: "BadSignature" });
    const malformed = verifyFsSignedUrl({ method: "PUT", key: "in/../x", expires: String(expires), signature, now: "2026-03-01T12:00:00.000Z", secret: signingSecret });
    expect(Either.isLeft(malformed) && malformed.left.reason).toBe("Malformed");
  });

  it("signs exactly as the in-memory store does, so either can stand in for the other", async () => {
    const manual = makeManualClock("2026-03-01T12:00:00.000Z");
    const memory = makeMemoryBlobStore({ baseUrl: publicBaseUrl, signingSecret, clock: manual.clock });
    const fs = makeFsBlobStore({ root: freshFolder(), publicBaseUrl, signingSecret, clock: manual.clock });
    for (const method of ["GET", "PUT"] as const) {
      const k = key("out/result.csv");
      const fromMemory = await run(memory.signedUrl(k, { method, expiresInSeconds: 120 }));
      expect(fromMemory).toBe(await run(fs.signedUrl(k, { method, expiresInSeconds: 120 })));
      expect(fromMemory).toBe(signFsBlobUrl({ publicBaseUrl, secret: signingSecret, method, key: k, expires: Date.parse("2026-03-01T12:02:00Z") / 1000 }));
    }
  });
});

describe("filesystem blob store: writeback during a put", () => {
  const MiB = 1024 * 1024;
  /** The prototype of node:fs/promises file handles, to inject the failures a disk can report. */
  const fileHandlePrototype = async () => {
    const handle = await open(path.join(base, "probe"), "w");
    await handle.close();
    return Object.getPrototypeOf(handle) as { datasync: () => Promise<void>; write: (...args: never[]) => Promise<unknown> };
  };
  const ioError = (call: string) => Object.assign(new Error(`EIO: i/o error, ${call}`), { code: "EIO", syscall: call });
  const pieces = (size: number, piece: number) =>
    (async function* (): AsyncGenerator<Uint8Array> {
      for (let sent = 0; sent < size; sent += piece) yield new Uint8Array(piece).fill(sent / piece);
    })();

  it("starts flushing the file to disk while the body arrives, and stores every byte", async () => {
    const store = makeStore();
    const prototype = await fileHandlePrototype();
    const datasync = vi.spyOn(prototype, "datasync");
    try {
      const stored = await run(store.put(key("blocks/1"), pieces(8 * MiB, 64 * 1024)));
      expect(stored.size).toBe(8 * MiB);
      expect(datasync).toHaveBeenCalled();
    } finally {
      datasync.mockRestore();
    }
    const expected = createHash("sha256");
    for await (const piece of pieces(8 * MiB, 64 * 1024)) expected.update(piece);
    expect(createHash("sha256").update(readFileSync(path.join(store.root, "blocks", "1"))).digest("hex")).toBe(expected.digest("hex"));
  });

  it("fails the put and leaves nothing when a background flush reports a disk error", async () => {
    const store = makeStore();
    const prototype = await fileHandlePrototype();
    // Linux reports a failed writeback to an open file once: the final fsync could then succeed
    // without the data, so the put must fail on the background datasync's error itself.
    const datasync = vi.spyOn(prototype, "datasync").mockRejectedValue(ioError("fdatasync"));
    let failed: Either.Either<unknown, { _tag: string; message: string }>;
    try {
      failed = await run(Effect.either(store.put(key("blocks/2"), pieces(4 * MiB, 64 * 1024))));
      expect(datasync).toHaveBeenCalled();
    } finally {
      datasync.mockRestore();
    }
    expect(Either.isLeft(failed) && failed.left._tag).toBe("Blob.Unavailable");
    expect(Either.isLeft(failed) && failed.left.message).toContain("EIO");
    expect(await run(store.size(key("blocks/2")))).toBeUndefined();
    expect(readdirSync(incomingOf(store.root))).toEqual([]);
  });

  it("fails the put and leaves nothing when a write in flight fails", async () => {
    const store = makeStore();
    const prototype = await fileHandlePrototype();
    const write = prototype.write;
    let writes = 0;
    const spy = vi.spyOn(prototype, "write").mockImplementation(function (this: unknown, ...args: never[]) {
      writes += 1;
      return writes === 3 ? Promise.reject(ioError("write")) : write.apply(this, args);
    });
    let failed: Either.Either<unknown, { _tag: string; message: string }>;
    try {
      failed = await run(Effect.either(store.put(key("blocks/3"), pieces(4 * MiB, 16 * 1024))));
    } finally {
      spy.mockRestore();
    }
    expect(writes).toBe(3);
    expect(Either.isLeft(failed) && failed.left._tag).toBe("Blob.Unavailable");
    expect(Either.isLeft(failed) && failed.left.message).toContain("EIO");
    expect(await run(store.size(key("blocks/3")))).toBeUndefined();
    expect(readdirSync(incomingOf(store.root))).toEqual([]);
  });

  it("stores what was sent when the producer reuses its buffer for the next piece", async () => {
    const store = makeStore();
    const buffer = new Uint8Array(48 * 1024);
    const expected = createHash("sha256");
    async function* reusing(): AsyncGenerator<Uint8Array> {
      for (let n = 0; n < 64; n++) {
        buffer.fill(n);
        expected.update(buffer);
        yield buffer;
      }
    }
    const stored = await run(store.put(key("reused"), reusing()));
    const sha256 = expected.digest("hex");
    expect(stored.sha256).toBe(sha256);
    expect(createHash("sha256").update(readFileSync(path.join(store.root, "reused"))).digest("hex")).toBe(sha256);
  });
});

describe("filesystem blob store: memory use", () => {
  const MiB = 1024 * 1024;
  it("streams a 64 MiB body in and out without holding it in memory", { timeout: 120_000 }, async () => {
    const store = makeStore();
    const k = key("big/64mib.bin");
    const size = 64 * MiB;
    const chunk = new Uint8Array(256 * 1024).map((_, i) => (i * 31) & 0xff);
    const expected = createHash("sha256");
    for (let sent = 0; sent < size; sent += chunk.byteLength) expected.update(chunk);
    const sha256 = expected.digest("hex");

    let peak = 0;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    async function* body(): AsyncGenerator<Uint8Array> {
      for (let sent = 0; sent < size; sent += chunk.byteLength) {
        sample();
        yield chunk;
      }
    }
    const beforePut = process.memoryUsage().rss;
    const stored = await run(store.put(k, body()));
    expect(stored).toEqual({ key: k, size, sha256 });
    const putGrowth = peak - beforePut;

    peak = 0;
    const beforeGet = process.memoryUsage().rss;
    const hash = createHash("sha256");
    let read = 0;
    for await (const part of await run(store.get(k))) {
      hash.update(part);
      read += part.byteLength;
      sample();
    }
    expect({ read, sha256: hash.digest("hex") }).toEqual({ read: size, sha256 });
    const getGrowth = peak - beforeGet;

    // Holding the body would cost 64 MiB or more. The put reuses the producer's chunk and measures
    // about 1 MiB; the read allocates a fresh 64 KiB chunk per read, and garbage not yet
    // collected shows in RSS (about 40 MiB measured), still well below the body.
    expect(putGrowth).toBeLessThan(16 * MiB);
    expect(getGrowth).toBeLessThan(56 * MiB);
  });
});

const waitUntil = async (condition: () => boolean, timeoutMs = 5000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
