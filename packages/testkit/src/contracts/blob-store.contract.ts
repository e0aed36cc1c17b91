/**
 * The behaviour every BlobStore must have: in-memory, filesystem and S3 run this same suite.
 * Bodies are streamed in odd-sized chunks of pseudo-random bytes and checked by SHA-256, so a
 * store that drops, reorders or duplicates a chunk fails.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Cause, Effect, Either, Exit, Option } from "effect";
import { MAX_BLOB_KEY_LENGTH, parseBlobKey, type BlobKey, type BlobStore, type Instant } from "@batch/core";

export type SignedUrlChecks =
  /**
   * The service serves the URLs itself (filesystem, in-memory): the suite alters URLs and asks the
   * verifier, at a given time, whether it would honour them.
   */
  | {
      readonly kind: "verifier";
      readonly accepts: (check: { readonly url: string; readonly method: "GET" | "PUT"; readonly now: Instant }) => boolean;
    }
  /** The URLs point at the storage server (S3): the suite uploads and downloads through them with fetch. */
  | { readonly kind: "http" };

export interface BlobStoreHarness {
  /** A fresh, empty store, on the system clock. */
  readonly make: () => Promise<BlobStore>;
  readonly signedUrls: SignedUrlChecks;
  /**
   * Whether the server behind the store replaces an object atomically when two puts race (true
   * when absent). Only a test server that writes objects in place (s3rver) sets false: the race
   * is then the server's, and the suite does not run that one case against it.
   */
  readonly serverOverwritesAtomically?: boolean;
}

const MiB = 1024 * 1024;
/** Larger than the S3 adapter's part size, so multipart uploads and their abort are exercised. */
const LARGE = 20 * MiB + 12_345;
const TIMEOUT = 120_000;

const key = (text: string): BlobKey => Either.getOrThrow(parseBlobKey(text));
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
const attempt = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(Effect.either(effect));

const text = (s: string) => new TextEncoder().encode(s);

/** Pseudo-random bytes from a seed (xorshift32), cut into chunks of uneven sizes. */
function* chunksOf(size: number, seed: number): Generator<Uint8Array> {
  let x = seed >>> 0 || 1;
  let produced = 0;
  let turn = 0;
  while (produced < size) {
    const length = Math.min(size - produced, turn % 5 === 4 ? 0 : 61_441 + ((turn * 7919) % 65_536));
    const chunk = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      chunk[i] = x & 0xff;
    }
    produced += length;
    turn += 1;
    yield chunk;
  }
}

async function* stream(chunks: Iterable<Uint8Array>, failAfterBytes?: number): AsyncGenerator<Uint8Array> {
  let sent = 0;
  for (const chunk of chunks) {
    if (failAfterBytes !== undefined && sent + chunk.byteLength > failAfterBytes) throw new Error("the client went away");
    sent += chunk.byteLength;
    // A real producer yields to the event loop between chunks.
    await new Promise((resolve) => setImmediate(resolve));
    yield chunk;
  }
}

const digest = (chunks: Iterable<Uint8Array>) => {
  const hash = createHash("sha256");
  let size = 0;
  for (const chunk of chunks) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { size, sha256: hash.digest("hex") };
};

const digestStream = async (body: AsyncIterable<Uint8Array>) => {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { size, sha256: hash.digest("hex") };
};

const bytesOf = async (body: AsyncIterable<Uint8Array>): Promise<Buffer> => {
  const parts: Uint8Array[] = [];
  for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts);
};

const read = async (store: BlobStore, k: BlobKey) => bytesOf(await run(store.get(k)));

const failureTag = <A, E extends { readonly _tag: string }>(result: Either.Either<A, E>) =>
  Either.isLeft(result) ? result.left._tag : "succeeded";

const isDefect = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit) && Option.isSome(Cause.dieOption(exit.cause));

const instantAt = (unixSeconds: number): Instant => new Date(unixSeconds * 1000).toISOString();

const expiresOf = (url: string): number => Number(new URL(url).searchParams.get("expires"));

export const blobStoreContract = (name: string, harness: BlobStoreHarness): void => {
  describe(`BlobStore contract: ${name}`, () => {
    describe("round trips", () => {
      it("stores a small body and reads it back with its size and SHA-256", async () => {
        const store = await harness.make();
        const k = key("in/small.csv");
        const stored = await run(store.put(k, stream([text("id;amount\n"), text("1;10.50\n")]), { contentType: "text/csv" }));
        expect(stored).toEqual({
          key: k,
          size: 18,
          sha256: createHash("sha256").update("id;amount\n1;10.50\n").digest("hex"),
        });
        expect((await read(store, k)).toString("utf8")).toBe("id;amount\n1;10.50\n");
        expect(await run(store.size(k))).toBe(18);
      });

      it("stores an empty body", async () => {
        const store = await harness.make();
        const k = key("empty");
        const stored = await run(store.put(k, stream([])));
        expect(stored).toEqual({ key: k, size: 0, sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" });
        expect((await read(store, k)).byteLength).toBe(0);
        expect(await run(store.size(k))).toBe(0);
        expect(await run(store.list(""))).toEqual([k]);
      });

      it(
        "streams a multi-megabyte body in and out unchanged",
        async () => {
          const store = await harness.make();
          const k = key("payloads/large.bin");
          const expected = digest(chunksOf(LARGE, 42));
          const stored = await run(store.put(k, stream(chunksOf(LARGE, 42))));
          expect(stored).toEqual({ key: k, ...expected });
          expect(await run(store.size(k))).toBe(LARGE);
          const body = await run(store.get(k));
          expect(await digestStream(body)).toEqual(expected);
        },
        TIMEOUT,
      );

      it("stores a key of the greatest allowed length", async () => {
        const store = await harness.make();
        const longest = `${"a".repeat(254)}/${"b".repeat(255)}/c`;
        expect(longest).toHaveLength(MAX_BLOB_KEY_LENGTH);
        const k = key(longest);
        await run(store.put(k, stream([text("long")])));
        expect((await read(store, k)).toString("utf8")).toBe("long");
        expect(await run(store.list("a"))).toEqual([k]);
      });

      it("serves a stream that can be stopped early and the blob read again", async () => {
        const store = await harness.make();
        const k = key("early-stop.bin");
        await run(store.put(k, stream(chunksOf(3 * MiB, 7))));
        for await (const chunk of await run(store.get(k))) {
          expect(chunk.byteLength).toBeGreaterThan(0);
          break;
        }
        expect(await digestStream(await run(store.get(k)))).toEqual(digest(chunksOf(3 * MiB, 7)));
      });
    });

    describe("overwrite, delete and missing keys", () => {
      it("replaces a blob on a second put", async () => {
        const store = await harness.make();
        const k = key("out/result.csv");
        await run(store.put(k, stream([text("first version, longer")])));
        const second = await run(store.put(k, stream([text("second")])));
        expect(second.size).toBe(6);
        expect((await read(store, k)).toString("utf8")).toBe("second");
        expect(await run(store.size(k))).toBe(6);
        expect(await run(store.list("out/"))).toEqual([k]);
      });

      it("fails a get of a missing key with BlobNotFound and sizes it as undefined", async () => {
        const store = await harness.make();
        const k = key("nothing/here.csv");
        const result = await attempt(store.get(k));
        expect(failureTag(result)).toBe("Blob.NotFound");
        if (Either.isLeft(result)) expect(result.left).toMatchObject({ key: k, message: "no blob at nothing/here.csv" });
        expect(await run(store.size(k))).toBeUndefined();
      });

      it("deletes a blob, and deleting it again succeeds", async () => {
        const store = await harness.make();
        const k = key("to-delete.csv");
        const kept = key("kept.csv");
        await run(store.put(k, stream([text("x")])));
        await run(store.put(kept, stream([text("y")])));
        await run(store.delete(k));
        expect(failureTag(await attempt(store.get(k)))).toBe("Blob.NotFound");
        expect(await run(store.size(k))).toBeUndefined();
        expect(await run(store.list(""))).toEqual([kept]);
        await run(store.delete(k));
        await run(store.delete(key("never/existed")));
        expect((await read(store, kept)).toString("utf8")).toBe("y");
      });

      if (harness.serverOverwritesAtomically !== false) {
        it("ends two concurrent puts of one key with one of the two bodies, whole", async () => {
          const store = await harness.make();
          const k = key("raced.bin");
          const bodies = [digest(chunksOf(2 * MiB, 1)), digest(chunksOf(2 * MiB + 1, 2))];
          await Promise.all([run(store.put(k, stream(chunksOf(2 * MiB, 1)))), run(store.put(k, stream(chunksOf(2 * MiB + 1, 2))))]);
          const final = await digestStream(await run(store.get(k)));
          expect(bodies).toContainEqual(final);
        });
      }

      it("keeps concurrent puts of different keys apart", { timeout: TIMEOUT }, async () => {
        const store = await harness.make();
        const seeds = [1, 2, 3, 4];
        const stored = await Promise.all(seeds.map((seed) => run(store.put(key(`parallel/${seed}.bin`), stream(chunksOf(MiB + seed, seed))))));
        expect(stored).toEqual(seeds.map((seed) => ({ key: `parallel/${seed}.bin`, ...digest(chunksOf(MiB + seed, seed)) })));
        for (const seed of seeds) {
          expect(await digestStream(await run(store.get(key(`parallel/${seed}.bin`))))).toEqual(digest(chunksOf(MiB + seed, seed)));
        }
      });

      it(
        "serves puts, moves and deletes racing in one folder, as block uploads stage there: every one succeeds",
        { timeout: TIMEOUT },
        async () => {
          const store = await harness.make();
          // Eight uploaders, each putting its own staging blob, moving it out and deleting it, so
          // the folder empties and fills again while other puts are writing into it.
          const workers = 8;
          const perWorker = 40;
          await Promise.all(
            Array.from({ length: workers }, async (_, w) => {
              for (let j = 0; j < perWorker; j++) {
                const staging = key(`race/staging/${w}-${j}`);
                await run(store.put(staging, stream([text(`block ${w}-${j}`)])));
                await run(store.move(staging, key(`race/blocks/${w}/${j}`)));
                await run(store.delete(staging));
              }
            }),
          );
          expect(await run(store.list("race/staging/"))).toEqual([]);
          expect((await run(store.list("race/blocks/"))).length).toBe(workers * perWorker);
          expect((await read(store, key("race/blocks/7/39"))).toString("utf8")).toBe("block 7-39");
        },
      );
    });

    describe("move", () => {
      it("moves a blob to a new key, in a folder not there before, with its bytes, size and SHA-256", { timeout: TIMEOUT }, async () => {
        const store = await harness.make();
        const from = key("staging/upload-1");
        const to = key("blocks/1/content");
        const expected = digest(chunksOf(LARGE, 21));
        await run(store.put(from, stream(chunksOf(LARGE, 21))));
        await run(store.move(from, to));
        expect(await digestStream(await run(store.get(to)))).toEqual(expected);
        expect(await run(store.size(to))).toBe(LARGE);
        expect(failureTag(await attempt(store.get(from)))).toBe("Blob.NotFound");
        expect(await run(store.size(from))).toBeUndefined();
        expect(await run(store.list(""))).toEqual([to]);
      });

      it("replaces a blob already at the target, and leaves other blobs alone", async () => {
        const store = await harness.make();
        const from = key("in/new.csv");
        const to = key("out/current.csv");
        const other = key("out/other.csv");
        await run(store.put(to, stream([text("the old blob, longer than the new one")])));
        await run(store.put(other, stream([text("other")])));
        const moved = await run(store.put(from, stream([text("new"), text(" blob")])));
        await run(store.move(from, to));
        const after = await digestStream(await run(store.get(to)));
        expect(after).toEqual({ size: moved.size, sha256: moved.sha256 });
        expect((await read(store, to)).toString("utf8")).toBe("new blob");
        expect(await run(store.size(to))).toBe(8);
        expect(failureTag(await attempt(store.get(from)))).toBe("Blob.NotFound");
        expect(await run(store.list(""))).toEqual([to, other]);
        expect((await read(store, other)).toString("utf8")).toBe("other");
      });

      it("fails the move of a missing key with BlobNotFound and leaves the target as it was", async () => {
        const store = await harness.make();
        const to = key("kept.csv");
        await run(store.put(to, stream([text("kept")])));
        // "folder" is only a prefix of another blob's key, not a blob.
        await run(store.put(key("folder/inside"), stream([text("inside")])));
        for (const from of [key("never/written"), key("folder")]) {
          const result = await attempt(store.move(from, to));
          expect(failureTag(result), from).toBe("Blob.NotFound");
          if (Either.isLeft(result)) expect(result.left).toMatchObject({ key: from });
        }
        expect((await read(store, to)).toString("utf8")).toBe("kept");
        expect(await run(store.list(""))).toEqual(["folder/inside", to]);
      });

      it("fails a second move of the same key with BlobNotFound", async () => {
        const store = await harness.make();
        const from = key("once");
        await run(store.put(from, stream([text("once")])));
        await run(store.move(from, key("first")));
        expect(failureTag(await attempt(store.move(from, key("second"))))).toBe("Blob.NotFound");
        expect(await run(store.list(""))).toEqual(["first"]);
        expect((await read(store, key("first"))).toString("utf8")).toBe("once");
      });

      it("changes nothing when a blob is moved onto its own key", async () => {
        const store = await harness.make();
        const k = key("same/key.bin");
        const stored = await run(store.put(k, stream(chunksOf(100_000, 8))));
        await run(store.move(k, k));
        expect(await digestStream(await run(store.get(k)))).toEqual({ size: stored.size, sha256: stored.sha256 });
        expect(await run(store.list(""))).toEqual([k]);
        expect(failureTag(await attempt(store.move(key("same/absent"), key("same/absent"))))).toBe("Blob.NotFound");
      });

      it("keeps an empty blob empty", async () => {
        const store = await harness.make();
        await run(store.put(key("empty-from"), stream([])));
        await run(store.move(key("empty-from"), key("empty-to")));
        expect(await run(store.size(key("empty-to")))).toBe(0);
        expect((await read(store, key("empty-to"))).byteLength).toBe(0);
        expect(await run(store.list("empty"))).toEqual(["empty-to"]);
      });
    });

    describe("list", () => {
      it("lists keys by plain string prefix in code-unit order", async () => {
        const store = await harness.make();
        const all = ["in/2.csv", "in/10.csv", "in/1.csv", "out/1.csv", "inbox/x", "in-x", "Z-upper"];
        for (const k of all) await run(store.put(key(k), stream([text(k)])));
        expect(await run(store.list("in/"))).toEqual(["in/1.csv", "in/10.csv", "in/2.csv"]);
        expect(await run(store.list("in/1"))).toEqual(["in/1.csv", "in/10.csv"]);
        expect(await run(store.list("in"))).toEqual(["in-x", "in/1.csv", "in/10.csv", "in/2.csv", "inbox/x"]);
        expect(await run(store.list(""))).toEqual(["Z-upper", "in-x", "in/1.csv", "in/10.csv", "in/2.csv", "inbox/x", "out/1.csv"]);
        expect(await run(store.list("out/1.csv"))).toEqual(["out/1.csv"]);
      });

      it("lists nothing for prefixes no key can start with", async () => {
        const store = await harness.make();
        await run(store.put(key("a/b"), stream([text("b")])));
        for (const prefix of ["missing/", "a/b/", "../", "../a", "/a", "a//", "./a", "a\\", "\u0000"]) {
          expect(await run(store.list(prefix)), prefix).toEqual([]);
        }
      });

      it("pages through more keys than one listing page holds", { timeout: TIMEOUT }, async () => {
        const store = await harness.make();
        const keys = Array.from({ length: 1010 }, (_, i) => `many/${String(i).padStart(4, "0")}`);
        for (let i = 0; i < keys.length; i += 50) {
          await Promise.all(keys.slice(i, i + 50).map((k) => run(store.put(key(k), stream([text(k)])))));
        }
        expect(await run(store.list("many/"))).toEqual(keys);
      });
    });

    describe("keys", () => {
      const hostile = [
        "..",
        "../secret",
        "a/../../secret",
        "a/..",
        "./a",
        "/etc/passwd",
        "a\u0000b",
        "a\\b",
        "..\\..\\windows",
        "C:\\x",
        "a//b",
        "a/",
        "",
        "a b",
        "%2e%2e/x",
        "über",
        "x".repeat(MAX_BLOB_KEY_LENGTH + 1),
        "y".repeat(256),
      ];

      it("refuses keys that could escape the store or are not portable", () => {
        for (const k of hostile) {
          const parsed = parseBlobKey(k);
          expect(Either.isLeft(parsed), JSON.stringify(k.slice(0, 40))).toBe(true);
          if (Either.isLeft(parsed)) expect(parsed.left._tag).toBe("Blob.KeyInvalid");
        }
      });

      it("treats an unvalidated key cast to BlobKey as a defect and stores nothing", async () => {
        const store = await harness.make();
        // A real blob, so a move of it to a forged key is refused for the key, not for a missing source.
        await run(store.put(key("valid"), stream([text("valid")])));
        for (const k of hostile) {
          const forged = k as BlobKey;
          const label = JSON.stringify(k.slice(0, 40));
          expect(isDefect(await Effect.runPromiseExit(store.put(forged, stream([text("evil")])))), label).toBe(true);
          expect(isDefect(await Effect.runPromiseExit(store.get(forged))), label).toBe(true);
          expect(isDefect(await Effect.runPromiseExit(store.size(forged))), label).toBe(true);
          expect(isDefect(await Effect.runPromiseExit(store.delete(forged))), label).toBe(true);
          expect(isDefect(await Effect.runPromiseExit(store.move(forged, key("valid")))), label).toBe(true);
          expect(isDefect(await Effect.runPromiseExit(store.move(key("valid"), forged))), label).toBe(true);
          expect(isDefect(await Effect.runPromiseExit(store.signedUrl(forged, { method: "PUT", expiresInSeconds: 60 }))), label).toBe(true);
        }
        expect(await run(store.list(""))).toEqual(["valid"]);
      });
    });

    describe("failed puts leave nothing", () => {
      it("stores nothing when the body fails part way, and keeps the previous blob", { timeout: TIMEOUT }, async () => {
        const store = await harness.make();
        const k = key("in/upload.csv");
        const fresh = key("in/fresh.csv");
        await run(store.put(k, stream([text("previous")])));
        for (const failAfter of [100_000, LARGE - MiB]) {
          const overK = await attempt(store.put(k, stream(chunksOf(LARGE, 3), failAfter)));
          expect(failureTag(overK)).toBe("Blob.BodyFailed");
          if (Either.isLeft(overK)) expect(overK.left).toMatchObject({ key: k, message: "the client went away" });
          const atFresh = await attempt(store.put(fresh, stream(chunksOf(LARGE, 3), failAfter)));
          expect(failureTag(atFresh)).toBe("Blob.BodyFailed");
        }
        expect((await read(store, k)).toString("utf8")).toBe("previous");
        expect(await run(store.size(fresh))).toBeUndefined();
        expect(failureTag(await attempt(store.get(fresh)))).toBe("Blob.NotFound");
        expect(await run(store.list(""))).toEqual([k]);
      });

      it("stores nothing when the body exceeds maxBytes, and keeps the previous blob", { timeout: TIMEOUT }, async () => {
        const store = await harness.make();
        const k = key("limited.bin");
        const fresh = key("limited-fresh.bin");
        await run(store.put(k, stream([text("previous")])));
        const small = await attempt(store.put(k, stream(chunksOf(1001, 5)), { maxBytes: 1000 }));
        expect(failureTag(small)).toBe("Blob.TooLarge");
        if (Either.isLeft(small)) expect(small.left).toMatchObject({ key: k, maxBytes: 1000, message: "the body is larger than 1000 bytes" });
        const large = await attempt(store.put(fresh, stream(chunksOf(LARGE, 5)), { maxBytes: LARGE - 1 }));
        expect(failureTag(large)).toBe("Blob.TooLarge");
        expect((await read(store, k)).toString("utf8")).toBe("previous");
        expect(await run(store.size(fresh))).toBeUndefined();
        expect(await run(store.list(""))).toEqual([k]);
      });

      it("accepts a body of exactly maxBytes", async () => {
        const store = await harness.make();
        const k = key("exact.bin");
        const stored = await run(store.put(k, stream(chunksOf(1000, 9)), { maxBytes: 1000 }));
        expect(stored).toEqual({ key: k, ...digest(chunksOf(1000, 9)) });
      });
    });

    describe("signed URLs", () => {
      it("refuses expiries outside 1 second to 7 days as a defect", async () => {
        const store = await harness.make();
        const k = key("any.csv");
        for (const expiresInSeconds of [0, -1, 1.5, 604_801, Number.NaN]) {
          const exit = await Effect.runPromiseExit(store.signedUrl(k, { method: "GET", expiresInSeconds }));
          expect(isDefect(exit), String(expiresInSeconds)).toBe(true);
        }
        expect(await run(store.signedUrl(k, { method: "GET", expiresInSeconds: 604_800 }))).toMatch(/^https?:\/\//);
      });

      const checks = harness.signedUrls;
      if (checks.kind === "verifier") {
        it("accepts an intact URL for its method until it expires, and refuses it after", async () => {
          const store = await harness.make();
          const k = key("in/upload.csv");
          const before = Math.floor(Date.now() / 1000);
          const url = await run(store.signedUrl(k, { method: "PUT", expiresInSeconds: 900 }));
          const after = Math.floor(Date.now() / 1000);
          const expires = expiresOf(url);
          expect(expires).toBeGreaterThanOrEqual(before + 900);
          expect(expires).toBeLessThanOrEqual(after + 900);
          expect(new URL(url).pathname.endsWith(`/${k}`)).toBe(true);
          expect(checks.accepts({ url, method: "PUT", now: instantAt(before) })).toBe(true);
          expect(checks.accepts({ url, method: "PUT", now: instantAt(expires - 1) })).toBe(true);
          expect(checks.accepts({ url, method: "PUT", now: instantAt(expires) })).toBe(false);
          expect(checks.accepts({ url, method: "PUT", now: instantAt(expires + 86_400) })).toBe(false);
          expect(checks.accepts({ url, method: "GET", now: instantAt(before) })).toBe(false);
        });

        it("refuses a URL whose key, expiry or signature was altered", async () => {
          const store = await harness.make();
          const k = key("out/result.csv");
          const url = await run(store.signedUrl(k, { method: "GET", expiresInSeconds: 60 }));
          const now = instantAt(Math.floor(Date.now() / 1000));
          const parsed = new URL(url);
          const signature = parsed.searchParams.get("signature") ?? "";
          const expires = parsed.searchParams.get("expires") ?? "";
          const withParam = (param: string, value: string | undefined) => {
            const altered = new URL(url);
            if (value === undefined) altered.searchParams.delete(param);
            else altered.searchParams.set(param, value);
            return altered.toString();
          };
          const flipped = signature.slice(0, 10) + (signature[10] === "A" ? "B" : "A") + signature.slice(11);
          const alterations = [
            url.replace("out/result.csv", "out/other.csv"),
            url.replace("out/result.csv", "out/result.csv2"),
            url.replace("out/result.csv", "out/../result.csv"),
            withParam("expires", String(Number(expires) + 3600)),
            withParam("expires", `${expires}0`),
            withParam("expires", undefined),
            withParam("expires", "soon"),
            withParam("signature", flipped),
            withParam("signature", signature.slice(0, -1)),
            withParam("signature", `${signature}A`),
            withParam("signature", ""),
            withParam("signature", undefined),
          ];
          expect(checks.accepts({ url, method: "GET", now })).toBe(true);
          for (const altered of alterations) {
            expect(checks.accepts({ url: altered, method: "GET", now }), altered).toBe(false);
          }
        });
      } else {
        it("uploads with a presigned PUT and downloads the same bytes with a presigned GET", { timeout: TIMEOUT }, async () => {
          const store = await harness.make();
          const k = key("in/presigned.csv");
          const body = Buffer.concat([...chunksOf(3 * MiB + 17, 11)]);
          const putUrl = await run(store.signedUrl(k, { method: "PUT", expiresInSeconds: 300 }));
          const uploaded = await fetch(putUrl, { method: "PUT", body });
          expect(uploaded.status).toBe(200);
          expect(await run(store.size(k))).toBe(body.byteLength);
          const getUrl = await run(store.signedUrl(k, { method: "GET", expiresInSeconds: 300 }));
          const downloaded = await fetch(getUrl);
          expect(downloaded.status).toBe(200);
          expect(Buffer.from(await downloaded.arrayBuffer()).equals(body)).toBe(true);
          expect((await read(store, k)).equals(body)).toBe(true);
        });

        it("answers a presigned GET of a missing key with 404", async () => {
          const store = await harness.make();
          const url = await run(store.signedUrl(key("missing.csv"), { method: "GET", expiresInSeconds: 60 }));
          const response = await fetch(url);
          await response.arrayBuffer();
          expect(response.status).toBe(404);
        });
      }
    });

    it("answers ping with true when the store is reachable", async () => {
      const store = await harness.make();
      expect(await run(store.ping)).toBe(true);
    });
  });
};
