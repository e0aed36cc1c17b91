/**
 * The operations surface and the service's life cycle: /healthz, /readyz, /metrics,
 * /openapi.json (generated from the route Schemas), /docs; configuration refused with the
 * variable named; the bootstrap client printed once; graceful shutdown on SIGTERM.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Either } from "effect";
import { decodeConfig } from "../src/config";
import { sqliteFs, type Backend } from "./support/backends";
import { buildBundle, spawnService } from "./support/child-service";
import { makeErpClient, openRequest } from "./support/erp-client";
import { accessToken, requestToken, startTestService, type TestService } from "./support/service";

describe("operations endpoints", () => {
  let backend: Backend;
  let svc: TestService;

  beforeAll(async () => {
    backend = await sqliteFs.create();
    svc = await startTestService(backend);
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  it("/healthz and /readyz answer with the dependencies' state", async () => {
    expect(await (await fetch(`${svc.baseUrl}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${svc.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { store: "up", blobStore: "up" } });
  });

  it("/metrics exposes request rates and latencies, batches by status, queue depth and bytes received", async () => {
    const erp = makeErpClient(svc.baseUrl, await accessToken(svc));
    const created = await erp.createBatch({ clientRefId: "m", referenceId: "m", payloadObjectType: "COMPANY", totalPayloadSize: 5 });
    await erp.putBlock(created.body.batchId as string, 1, new TextEncoder().encode("[ ]  "));
    const text = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(text).toMatch(/batchport_http_requests_total\{method="POST",route="\/erp\/v1\/batches",status="201"/);
    expect(text).toContain("batchport_http_request_duration_seconds_bucket");
    expect(text).toMatch(/batchport_erp_batches\{status="(QUEUED|PROCESSING|COMPLETE_SUCCESS|FAILED)"/);
    expect(text).toMatch(/batchport_job_queue_depth\{[^}]*\} \d+/);
    expect(text).toMatch(/batchport_http_request_bytes_received_total\{route="\/erp\/v1\/batches\/\{batchId\}\/blocks\/\{dataBlockNumber\}"[^}]*\} 5/);
  });

  it("/openapi.json is OpenAPI 3.1 generated from the routes' schemas; /docs renders it without external resources", async () => {
    const spec = (await (await fetch(`${svc.baseUrl}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security: Array<Record<string, Array<string>>>; requestBody?: unknown; parameters: Array<{ name: string }> }>>;
      components: { schemas: Record<string, { required?: Array<string>; properties?: Record<string, unknown> }> };
    };
    expect(spec.openapi).toBe("3.1.0");
    for (const [method, path] of [
      ["post", "/erp/v1/batches"],
      ["put", "/erp/v1/batches/{batchId}/blocks/{dataBlockNumber}"],
      ["post", "/erp/v1/batches/upload"],
      ["get", "/erp/v1/batches/{batchId}"],
      ["get", "/erp/v1/batches/{batchId}/items"],
      ["get", "/erp/v1/batches"],
      ["delete", "/erp/v1/batches/{batchId}"],
      ["get", "/erp/v1/outbound-batches"],
      ["get", "/erp/v1/outbound-batches/{batchId}/payload"],
      ["post", "/erp/v1/outbound-batches/{batchId}/acknowledge"],
      ["post", "/oauth/token"],
    ] as const) {
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(spec.paths["/erp/v1/batches"]?.post?.security).toEqual([{ oauth2: ["erp"] }]);
    expect(spec.components.schemas.CreateErpBatchRequest?.required).toEqual(["clientRefId", "referenceId", "payloadObjectType", "totalPayloadSize"]);
    expect(spec.paths["/erp/v1/batches/upload"]?.post?.parameters.map((p) => p.name)).toContain("totalPayloadSize");
    const docs = await fetch(`${svc.baseUrl}/docs`);
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await docs.text();
    expect(html).toContain("openapi.json");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });
});

describe("configuration", () => {
  it("refuses bad values naming the variable", () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ PORT: "http" }, "PORT"],
      [{ BATCH_ROLE: "boss" }, "BATCH_ROLE"],
      [{ BATCH_DATABASE_URL: "mysql://x/y" }, "BATCH_DATABASE_URL"],
      [{ BATCH_BLOB_URL: "ftp://x" }, "BATCH_BLOB_URL"],
      [{ BATCH_PUBLIC_URL: "not a url" }, "BATCH_PUBLIC_URL"],
      [{ BATCH_DATA_BLOCK_SIZE: "0" }, "BATCH_DATA_BLOCK_SIZE"],
      [{ BATCH_MAX_PAYLOAD_SIZE: "lots" }, "BATCH_MAX_PAYLOAD_SIZE"],
      [{ BATCH_ODATA_PAGE_SIZE: "5000" }, "BATCH_ODATA_PAGE_SIZE"],
      [{ BATCH_JSON_UPLOAD_MAX_RECORDS: "-1" }, "BATCH_JSON_UPLOAD_MAX_RECORDS"],
      [{ BATCH_JSON_UPLOAD_MAX_BYTES: "1TiB" }, "BATCH_JSON_UPLOAD_MAX_BYTES"],
      [{ BATCH_BOOTSTRAP_API_KEY: "only-the-key" }, "BATCH_BOOTSTRAP_API_SECRET"],
    ];
    for (const [env, variable] of cases) {
      const decoded = decodeConfig(env, "/srv");
      expect(Either.isLeft(decoded), variable).toBe(true);
      if (Either.isLeft(decoded)) {
        expect(decoded.left.variable).toBe(variable);
        expect(decoded.left.message.startsWith(variable)).toBe(true);
      }
    }
  });

  it("has the spec's defaults, relative paths resolved against the start directory", () => {
    const config = Either.getOrThrow(decodeConfig({}, "/srv/batchport"));
    expect(config).toMatchObject({
      port: 3000,
      role: "all",
      database: { _tag: "sqlite", path: "/srv/batchport/data/batchport.db" },
      blob: { _tag: "File", path: "/srv/batchport/data/blobs" },
      dataBlockSize: 8 * 1024 * 1024,
      maxPayloadSize: 5 * 1024 * 1024 * 1024,
      odataPageSize: 100,
      jsonUploadMaxRecords: 10000,
      jsonUploadMaxBytes: 10 * 1024 * 1024,
    });
    expect(config.publicUrl).toBeUndefined();
    expect(config.bootstrap).toBeUndefined();
    expect(Either.getOrThrow(decodeConfig({ BATCH_DATA_BLOCK_SIZE: "64KiB", BATCH_PUBLIC_URL: "https://erp.example.com/" }, "/")).dataBlockSize).toBe(65536);
  });

  it("a service started with a bad value exits with the variable named", async () => {
    const child = spawnService({ BATCH_ROLE: "boss" });
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toContain("BATCH_ROLE must be one of all, api, worker");
  });
});

describe("the service as `pnpm start` runs it: the bundle, as a process", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "bp-process-"));
    buildBundle();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints generated bootstrap credentials once, stops gracefully on SIGTERM finishing in-flight requests, and processes what was queued at the next start", async () => {
    const env = { PORT: "0", INIT_CWD: dir, BATCH_PUBLIC_URL: "http://127.0.0.1:1" };
    const first = spawnService(env, "bundle");
    const printed = await first.waitFor((l) => l.bootstrapClient !== undefined);
    const started = await first.waitFor((l) => l.msg === "batchport started");
    const { apiKey, apiSecret } = printed.bootstrapClient as { apiKey: string; apiSecret: string };
    const baseUrl = `http://127.0.0.1:${String(started.port)}`;
    const token = await requestToken(baseUrl, { grant_type: "client_credentials", client_id: apiKey, client_secret: apiSecret });
    expect(token.status).toBe(200);

    // An upload in flight when SIGTERM arrives still completes.
    const payload = new TextEncoder().encode(JSON.stringify([{ referenceId: "S1", name: "Slow" }]));
    const half = Math.floor(payload.byteLength / 2);
    const slow = openRequest(`${baseUrl}/erp/v1/batches/upload?clientRefId=s&referenceId=s&payloadObjectType=COMPANY&totalLineItemCount=1&totalPayloadSize=${payload.byteLength}`, {
      method: "POST",
      headers: { authorization: `Bearer ${String(token.body.access_token)}`, "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    await slow.write(payload.slice(0, half));
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill("SIGTERM");
    await first.waitFor((l) => l.msg === "shutting down");
    // The rest of the body arrives after the signal: the request still completes.
    slow.end(payload.slice(half));
    const answer = await slow.response;
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.text)).toMatchObject({ status: "QUEUED" });
    expect(await first.exited).toBe(0);

    // The next start keeps the credentials, and its worker processes the batch queued before the stop.
    const second = spawnService(env, "bundle");
    const restarted = await second.waitFor((l) => l.msg === "batchport started");
    expect(second.lines().some((l) => l.bootstrapClient !== undefined)).toBe(false);
    const erp = makeErpClient(
      `http://127.0.0.1:${String(restarted.port)}`,
      String((await requestToken(`http://127.0.0.1:${String(restarted.port)}`, { grant_type: "client_credentials", client_id: apiKey, client_secret: apiSecret })).body.access_token),
    );
    const batchId = String((JSON.parse(answer.text) as { batchId: string }).batchId);
    await second.waitFor((l) => l.msg === "job completed" && l.subjectId === batchId);
    expect((await erp.getBatch(batchId)).body).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: 1, succeeded: 1, failed: 0 } });
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("still stops on SIGTERM after the reader of its stdout has gone (log lines then fail with EPIPE)", async () => {
    const service = spawnService({ PORT: "0", INIT_CWD: dir, BATCH_PUBLIC_URL: "http://127.0.0.1:1" }, "bundle");
    await service.waitFor((l) => l.msg === "batchport started");
    // The log collector goes away: every later write to stdout fails with EPIPE.
    service.child.stdout.destroy();
    service.child.kill("SIGTERM");
    const outcome = await Promise.race([service.exited, new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 10_000))]);
    if (outcome === "still running") service.child.kill("SIGKILL");
    expect(outcome).toBe(0);
  });
});
