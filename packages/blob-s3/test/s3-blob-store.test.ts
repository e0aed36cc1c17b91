import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Effect, Either, Fiber } from "effect";
import { parseBlobKey, type BlobKey } from "@batch/core";
import { makeS3BlobStore, makeS3Client, parseBlobStoreUrl } from "../src";
import { startS3rver, type RunningS3rver } from "./s3rver";

let server: RunningS3rver;
beforeAll(async () => {
  server = await startS3rver();
}, 30_000);
afterAll(async () => {
  await server.stop();
});

const MiB = 1024 * 1024;
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

/** A client for the test server that records the commands it sends (observation only). */
const recordingClient = () => {
  const client = new S3Client({
    endpoint: server.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const sent: Array<{ readonly command: string; readonly input: Record<string, unknown> }> = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ command: String(context.commandName), input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: "initialize", name: "recordCommands" },
  );
  return { client, sent };
};

describe("S3 blob store: prefix", () => {
  it("keeps a blob at <prefix><key> in the bucket, and stores with other prefixes do not see it", async () => {
    const a = makeS3BlobStore({ client: server.client, bucket: server.bucket, prefix: "tenant-a" });
    const b = makeS3BlobStore({ client: server.client, bucket: server.bucket, prefix: "tenant-a-2/" });
    expect(a.prefix).toBe("tenant-a/");
    await run(a.put(key("in/x.csv"), stream("from a")));
    await run(b.put(key("in/x.csv"), stream("from b")));
    const raw = await server.client.send(new GetObjectCommand({ Bucket: server.bucket, Key: "tenant-a/in/x.csv" }));
    expect(await raw.Body?.transformToString()).toBe("from a");
    expect(await run(a.list(""))).toEqual(["in/x.csv"]);
    expect(await run(b.list(""))).toEqual(["in/x.csv"]);
    expect(await readText(await run(b.get(key("in/x.csv"))))).toBe("from b");
  });

  it("skips objects under its prefix whose names are not blob keys", async () => {
    const store = makeS3BlobStore({ client: server.client, bucket: server.bucket, prefix: "foreign" });
    await run(store.put(key("ok.csv"), stream("ok")));
    for (const Key of ["foreign/with space.csv", "foreign/backup.csv~", "foreign/%2e%2e"]) {
      await server.client.send(new PutObjectCommand({ Bucket: server.bucket, Key, Body: "put by another tool" }));
    }
    expect(await run(store.list(""))).toEqual(["ok.csv"]);
  });

  it("refuses prefixes and part sizes it cannot honour", () => {
    const build = (extra: { prefix?: string; partSize?: number }) => () =>
      makeS3BlobStore({ client: server.client, bucket: server.bucket, ...extra });
    expect(build({ prefix: "../up" })).toThrow(/prefix "..\/up" is invalid/);
    expect(build({ prefix: "a b" })).toThrow(/prefix/);
    expect(build({ partSize: 4 * MiB })).toThrow(/part size/);
    expect(build({ partSize: 5 * MiB + 0.5 })).toThrow(/part size/);
    expect(build({ prefix: "/" })().prefix).toBe("");
  });
});

describe("S3 blob store: multipart uploads", () => {
  it("uploads a body larger than one part in parts and completes the upload", { timeout: 60_000 }, async () => {
    const { client, sent } = recordingClient();
    const store = makeS3BlobStore({ client, bucket: server.bucket, prefix: "multipart", partSize: 5 * MiB });
    const chunk = new Uint8Array(MiB).fill(7);
    const stored = await run(store.put(key("big.bin"), stream(...Array.from({ length: 12 }, () => chunk))));
    expect(stored.size).toBe(12 * MiB);
    const commands = sent.map((s) => s.command);
    expect(commands.filter((c) => c === "UploadPartCommand")).toHaveLength(3);
    expect(commands).toContain("CreateMultipartUploadCommand");
    expect(commands).toContain("CompleteMultipartUploadCommand");
    expect(commands).not.toContain("PutObjectCommand");
    const head = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: "multipart/big.bin" }));
    expect(head.ContentLength).toBe(12 * MiB);
    client.destroy();
  });

  it("sends a body that fits in one part as a single PutObject", async () => {
    const { client, sent } = recordingClient();
    const store = makeS3BlobStore({ client, bucket: server.bucket, prefix: "single" });
    await run(store.put(key("small.csv"), stream("a;b\n", "1;2\n")));
    expect(sent.map((s) => s.command)).toEqual(["PutObjectCommand"]);
    client.destroy();
  });

  it("aborts the multipart upload when the body fails after parts went up, and never completes it", { timeout: 60_000 }, async () => {
    const { client, sent } = recordingClient();
    const store = makeS3BlobStore({ client, bucket: server.bucket, prefix: "aborted", partSize: 5 * MiB });
    async function* failing(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 11; i++) yield new Uint8Array(MiB);
      throw new Error("connection reset by peer");
    }
    const result = await run(Effect.either(store.put(key("broken.bin"), failing())));
    expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "Blob.BodyFailed", message: "connection reset by peer" });
    const created = sent.find((s) => s.command === "CreateMultipartUploadCommand");
    const aborted = sent.find((s) => s.command === "AbortMultipartUploadCommand");
    expect(created).toBeDefined();
    // s3rver does not implement AbortMultipartUpload, so what is checked is that it is asked for.
    expect(aborted?.input).toMatchObject({ Bucket: server.bucket, Key: "aborted/broken.bin" });
    expect(typeof aborted?.input["UploadId"]).toBe("string");
    expect(sent.map((s) => s.command)).not.toContain("CompleteMultipartUploadCommand");
    expect(await run(store.size(key("broken.bin")))).toBeUndefined();
    client.destroy();
  });

  it("aborts the multipart upload when maxBytes is crossed after parts went up", { timeout: 60_000 }, async () => {
    const { client, sent } = recordingClient();
    const store = makeS3BlobStore({ client, bucket: server.bucket, prefix: "capped", partSize: 5 * MiB });
    const chunk = new Uint8Array(MiB);
    const result = await run(Effect.either(store.put(key("capped.bin"), stream(...Array.from({ length: 12 }, () => chunk)), { maxBytes: 11 * MiB })));
    expect(Either.isLeft(result) && result.left._tag).toBe("Blob.TooLarge");
    expect(sent.map((s) => s.command)).toContain("AbortMultipartUploadCommand");
    expect(sent.map((s) => s.command)).not.toContain("CompleteMultipartUploadCommand");
    expect(await run(store.list(""))).toEqual([]);
    client.destroy();
  });
  it("aborts the multipart upload of an interrupted put whose producer never answers again", { timeout: 60_000 }, async () => {
    const { client, sent } = recordingClient();
    const store = makeS3BlobStore({ client, bucket: server.bucket, prefix: "interrupted", partSize: 5 * MiB });
    async function* hanging(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 6; i++) yield new Uint8Array(MiB);
      await new Promise(() => undefined);
    }
    const fiber = Effect.runFork(store.put(key("hanging.bin"), hanging()));
    await waitUntil(() => sent.some((s) => s.command === "UploadPartCommand"));
    await Effect.runPromise(Fiber.interrupt(fiber));
    await waitUntil(() => sent.some((s) => s.command === "AbortMultipartUploadCommand"));
    expect(sent.map((s) => s.command)).not.toContain("CompleteMultipartUploadCommand");
    expect(await run(store.size(key("hanging.bin")))).toBeUndefined();
    client.destroy();
  });
});

describe("S3 blob store: move", () => {
  it("moves server-side with CopyObject and DeleteObject under the prefix, keeping the content type", async () => {
    const { client, sent } = recordingClient();
    const store = makeS3BlobStore({ client, bucket: server.bucket, prefix: "moves/tenant-1" });
    await run(store.put(key("staging/u-1"), stream("id;amount\n"), { contentType: "text/csv" }));
    sent.length = 0;
    await run(store.move(key("staging/u-1"), key("blocks/1/abc")));
    expect(sent.map((s) => s.command)).toEqual(["CopyObjectCommand", "DeleteObjectCommand"]);
    expect(sent[0]?.input).toMatchObject({ Bucket: server.bucket, Key: "moves/tenant-1/blocks/1/abc", CopySource: `${server.bucket}/moves/tenant-1/staging/u-1` });
    expect(sent[1]?.input).toMatchObject({ Bucket: server.bucket, Key: "moves/tenant-1/staging/u-1" });
    const head = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: "moves/tenant-1/blocks/1/abc" }));
    expect(head.ContentType).toBe("text/csv");
    expect(head.ContentLength).toBe(10);
    client.destroy();
  });

  it("runs moves onto one key one at a time: concurrent uploads of one block all succeed", async () => {
    const store = makeS3BlobStore({ client: server.client, bucket: server.bucket, prefix: "racing" });
    const body = "x".repeat(256 * 1024);
    await Promise.all(Array.from({ length: 8 }, (_, i) => run(store.put(key(`staging/u-${i}`), stream(body)))));
    const { client, sent } = recordingClient();
    const recorded = makeS3BlobStore({ client, bucket: server.bucket, prefix: "racing" });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => run(Effect.either(recorded.move(key(`staging/u-${i}`), key("blocks/1/same"))))));
    expect(results.every(Either.isRight)).toBe(true);
    expect(await run(Effect.flatMap(store.get(key("blocks/1/same")), (bytes) => Effect.promise(() => readText(bytes))))).toBe(body);
    // One copy and one delete after the other, never two copies onto the key at once.
    expect(sent.map((s) => s.command)).toEqual(Array.from({ length: 8 }, () => ["CopyObjectCommand", "DeleteObjectCommand"]).flat());
    client.destroy();
  });

  it("reports a missing bucket on move as unavailable, not as a missing blob", async () => {
    const store = makeS3BlobStore({ client: server.client, bucket: "no-such-bucket" });
    const result = await run(Effect.either(store.move(key("a.csv"), key("b.csv"))));
    expect(Either.isLeft(result) && result.left._tag).toBe("Blob.Unavailable");
    expect(Either.isLeft(result) && result.left.message).toContain("s3://no-such-bucket/a.csv");
  });
});

describe("S3 blob store: reachability and errors", () => {
  it("answers ping with false for a missing bucket and for a server that is not there", async () => {
    const missingBucket = makeS3BlobStore({ client: server.client, bucket: "no-such-bucket" });
    expect(await run(missingBucket.ping)).toBe(false);
    const nowhere = new S3Client({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
      maxAttempts: 1,
    });
    const unreachable = makeS3BlobStore({ client: nowhere, bucket: server.bucket, pingTimeoutMs: 2000 });
    expect(await run(unreachable.ping)).toBe(false);
    const failed = await run(Effect.either(unreachable.list("")));
    expect(Either.isLeft(failed) && failed.left._tag).toBe("Blob.Unavailable");
    nowhere.destroy();
  });

  it("reports a missing bucket on get as unavailable, not as a missing blob", async () => {
    const store = makeS3BlobStore({ client: server.client, bucket: "no-such-bucket" });
    const result = await run(Effect.either(store.get(key("x.csv"))));
    expect(Either.isLeft(result) && result.left._tag).toBe("Blob.Unavailable");
    expect(Either.isLeft(result) && result.left.message).toContain("s3://no-such-bucket/x.csv");
  });
});

describe("S3 blob store: presigned URLs", () => {
  it("presigns a PUT without the SDK's empty-body checksum even when the client sends checksums by default", async () => {
    const client = new S3Client({
      endpoint: server.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    const store = makeS3BlobStore({ client, bucket: server.bucket, prefix: "presign" });
    const url = new URL(await run(store.signedUrl(key("in/upload.csv"), { method: "PUT", expiresInSeconds: 300 })));
    expect(url.pathname).toBe(`/${server.bucket}/presign/in/upload.csv`);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("300");
    const names = [...url.searchParams.keys()].map((n) => n.toLowerCase());
    expect(names.filter((n) => n.startsWith("x-amz-checksum") || n.startsWith("x-amz-sdk-checksum"))).toEqual([]);
    const uploaded = await fetch(url, { method: "PUT", body: "id;amount\n1;2\n" });
    expect(uploaded.status).toBe(200);
    expect(await readText(await run(store.get(key("in/upload.csv"))))).toBe("id;amount\n1;2\n");
    client.destroy();
  });
});

describe("BATCH_BLOB_URL", () => {
  const ok = (value: string) => Either.getOrThrow(parseBlobStoreUrl(value));
  const problem = (value: string) => {
    const result = parseBlobStoreUrl(value);
    if (Either.isRight(result)) throw new Error(`${value} was accepted`);
    expect(result.left._tag).toBe("Blob.UrlInvalid");
    return result.left.message;
  };

  it("reads file: paths by hand, keeping relative paths relative", () => {
    expect(ok("file:./data/blobs")).toEqual({ _tag: "File", path: "./data/blobs" });
    expect(ok("file:data/blobs")).toEqual({ _tag: "File", path: "data/blobs" });
    expect(ok("file:../shared/blobs")).toEqual({ _tag: "File", path: "../shared/blobs" });
    expect(ok("file:/var/lib/batchport")).toEqual({ _tag: "File", path: "/var/lib/batchport" });
    expect(ok("file:///var/lib/batchport")).toEqual({ _tag: "File", path: "/var/lib/batchport" });
    expect(ok("file://localhost/var/lib/batchport")).toEqual({ _tag: "File", path: "/var/lib/batchport" });
    expect(problem("file:")).toMatch(/needs a path/);
    expect(problem("file://fileserver/share")).toMatch(/cannot name a host/);
  });

  it("reads s3:// URLs into client options, leaving credentials to the SDK", () => {
    expect(ok("s3://batch-files?endpoint=http://127.0.0.1:9000&region=eu-central-1&forcePathStyle=true")).toEqual({
      _tag: "S3",
      bucket: "batch-files",
      prefix: "",
      clientConfig: {
        endpoint: "http://127.0.0.1:9000",
        region: "eu-central-1",
        forcePathStyle: true,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      },
    });
    expect(ok("s3://batch-files/prod/blobs/")).toEqual({ _tag: "S3", bucket: "batch-files", prefix: "prod/blobs/", clientConfig: {} });
    expect(ok("s3://batch-files?region=eu-west-1")).toEqual({ _tag: "S3", bucket: "batch-files", prefix: "", clientConfig: { region: "eu-west-1" } });
    expect(ok("s3://batch-files?endpoint=https://s3.example.com")).toMatchObject({ clientConfig: { region: "us-east-1" } });
    expect(ok("s3://batch-files?endpoint=https://s3.example.com&checksums=when_supported")).toMatchObject({
      clientConfig: { requestChecksumCalculation: "WHEN_SUPPORTED" },
    });
  });

  it("refuses s3:// URLs with a clear reason", () => {
    expect(problem("s3://key:secret@batch-files")).toMatch(/must not carry credentials/);
    expect(problem("s3://Batch_Files")).toMatch(/not a valid S3 bucket name/);
    expect(problem("s3://ab")).toMatch(/not a valid S3 bucket name/);
    expect(problem("s3://batch-files:9000")).toMatch(/\?endpoint=/);
    expect(problem("s3://batch-files?forcepathstyle=true")).toMatch(/unknown parameter "forcepathstyle"/);
    expect(problem("s3://batch-files?forcePathStyle=yes")).toMatch(/forcePathStyle must be/);
    expect(problem("s3://batch-files?endpoint=ftp://host")).toMatch(/http:\/\/ or https:\/\//);
    expect(problem("s3://batch-files?endpoint=not a url")).toMatch(/is not a URL/);
    expect(problem("s3://batch-files?region=eu-west-1&region=us-east-1")).toMatch(/more than once/);
    expect(problem("s3://batch-files/../up")).toMatch(/prefix "..\/up" is invalid/);
    expect(problem("s3://batch-files/a/./b?region=eu-west-1")).toMatch(/prefix/);
    expect(problem("s3://batch-files?checksums=always")).toMatch(/checksums must be/);
    expect(problem("https://batch-files.s3.amazonaws.com")).toMatch(/must start with "file:" or "s3:\/\/"/);
    expect(problem("./data/blobs")).toMatch(/must start with/);
  });

  it("builds a client that works against a real server, with credentials from the environment", async () => {
    const location = ok(`s3://${server.bucket}/from-url?endpoint=${server.endpoint}&forcePathStyle=true`);
    if (location._tag !== "S3") throw new Error("expected an S3 location");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
    const client = makeS3Client(location);
    try {
      const store = makeS3BlobStore({ client, bucket: location.bucket, prefix: location.prefix });
      expect(await run(store.ping)).toBe(true);
      await run(store.put(key("hello.txt"), stream("hello")));
      expect(await readText(await run(store.get(key("hello.txt"))))).toBe("hello");
      const raw = await server.client.send(new GetObjectCommand({ Bucket: server.bucket, Key: "from-url/hello.txt" }));
      expect(await raw.Body?.transformToString()).toBe("hello");
    } finally {
      client.destroy();
      vi.unstubAllEnvs();
    }
  });
});

describe("bounded time (a hung server, bodies nobody reads)", () => {
  /** A store on a server of its own, through a client built as the service builds it, with short bounds. */
  const storeOnOwnServer = async (timeouts: { readonly operationTimeoutMs: number; readonly idleTimeoutMs?: number }) => {
    const own = await startS3rver();
    const location = Either.getOrThrow(parseBlobStoreUrl(`s3://${own.bucket}?endpoint=${own.endpoint}&forcePathStyle=true`));
    if (location._tag !== "S3") throw new Error("expected an S3 location");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
    const client = makeS3Client(location, timeouts);
    const store = makeS3BlobStore({ client, bucket: own.bucket, operationTimeoutMs: timeouts.operationTimeoutMs, pingTimeoutMs: 1000 });
    return {
      own,
      store,
      close: async () => {
        client.destroy();
        vi.unstubAllEnvs();
        await own.stop();
      },
    };
  };

  it("fails every kind of call with BlobStoreUnavailable within its deadline while the server hangs, and works again once it answers", async () => {
    const { own, store, close } = await storeOnOwnServer({ operationTimeoutMs: 1500 });
    try {
      await run(store.put(key("kept.txt"), stream("kept")));
      own.pause();
      const started = Date.now();
      const outcomes = await Promise.all([
        attemptTag(store.put(key("new.txt"), stream("new"))),
        attemptTag(store.get(key("kept.txt"))),
        attemptTag(store.size(key("kept.txt"))),
        attemptTag(store.move(key("kept.txt"), key("moved.txt"))),
        attemptTag(store.delete(key("other.txt"))),
        attemptTag(store.list("")),
        run(store.ping).then((up) => (up ? "up" : "down")),
      ]);
      const elapsed = Date.now() - started;
      expect(outcomes).toEqual(["Blob.Unavailable", "Blob.Unavailable", "Blob.Unavailable", "Blob.Unavailable", "Blob.Unavailable", "Blob.Unavailable", "down"]);
      // Each call has its deadline (1.5 s, the SDK's retries included); a generous bound for a loaded machine.
      expect(elapsed).toBeLessThan(15_000);
      own.resume();
      expect(await run(store.ping)).toBe(true);
      await run(store.put(key("new.txt"), stream("new")));
      expect(await readText(await run(store.get(key("kept.txt"))))).toBe("kept");
    } finally {
      await close();
    }
  });

  it("gives the socket of a body nobody reads back to the pool once it idles, so later calls never queue behind it", async () => {
    const { store, close } = await storeOnOwnServer({ operationTimeoutMs: 10_000, idleTimeoutMs: 1000 });
    try {
      // Larger than a socket buffer, so the server cannot send it all and close.
      await run(store.put(key("big.bin"), stream(new Uint8Array(4 * MiB))));
      // More unread bodies than the client's 50 pooled sockets.
      const abandoned = await Promise.all(Array.from({ length: 60 }, () => run(store.get(key("big.bin")))));
      expect(abandoned).toHaveLength(60);
      await run(store.put(key("after.txt"), stream("after")));
      expect(await readText(await run(store.get(key("after.txt"))))).toBe("after");
    } finally {
      await close();
    }
  });
});

const attemptTag = async <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>): Promise<string> => {
  const result = await Effect.runPromise(Effect.either(effect));
  return Either.isLeft(result) ? result.left._tag : "succeeded";
};

const waitUntil = async (condition: () => boolean, timeoutMs = 10_000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
