/**
 * API.md: bad input never produces a 5xx. Malformed and hostile requests against the real
 * service: broken and deeply nested JSON, wrong types, prototype-pollution keys, ids that are not
 * ids, huge declared bodies, lying Content-Length, bodies cut off mid-stream, unsupported media
 * types, malformed escapes, hostile payloads that the worker must fail cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FastCheck as fc } from "effect";
import { sqliteFs, type Backend } from "./support/backends";
import { makeErpClient, queryString, rawRequest, type ErpClient } from "./support/erp-client";
import { accessToken, startTestService, type TestService } from "./support/service";

describe("hostile and malformed requests never produce a 5xx", () => {
  let backend: Backend;
  let svc: TestService;
  let erp: ErpClient;

  beforeAll(async () => {
    backend = await sqliteFs.create();
    svc = await startTestService(backend, { BATCH_DATA_BLOCK_SIZE: "64" });
    erp = makeErpClient(svc.baseUrl, await accessToken(svc));
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  const auth = () => ({ authorization: `Bearer ${erp.token}` });

  it("answers arbitrary JSON bodies on the creating POST with 2xx or 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const reply = await erp.createBatch(value);
        expect(reply.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it("answers arbitrary text bodies, paths and query strings with 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.string({ maxLength: 40 }), async (text, segment) => {
        const body = await erp.call("POST", "/erp/v1/batches", { body: text, headers: { "content-type": "application/json" } });
        expect(body.status).toBeLessThan(500);
        const path = await fetch(`${svc.baseUrl}/erp/v1/batches/${encodeURIComponent(segment)}/items?limit=${encodeURIComponent(text.slice(0, 20))}`, { headers: auth() });
        expect(path.status).toBeGreaterThanOrEqual(400);
        expect(path.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it("refuses nesting bombs, prototype keys, huge numbers and repeated query parameters with 4xx", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    for (const body of [
      deep,
      '{"__proto__": {"admin": true}, "clientRefId": "a", "referenceId": "b", "payloadObjectType": "COMPANY", "totalPayloadSize": 1}',
      '{"clientRefId": "a", "referenceId": "b", "payloadObjectType": "COMPANY", "totalPayloadSize": 1e400}',
      '{"clientRefId": "a", "referenceId": "b", "payloadObjectType": "COMPANY", "totalPayloadSize": 9007199254740993}',
      '{"clientRefId": "' + "x".repeat(300) + '", "referenceId": "b", "payloadObjectType": "COMPANY", "totalPayloadSize": 1}',
    ]) {
      const reply = await erp.call("POST", "/erp/v1/batches", { body, headers: { "content-type": "application/json" } });
      expect(reply.status, body.slice(0, 80)).toBeGreaterThanOrEqual(200);
      expect(reply.status, body.slice(0, 80)).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const repeated = await fetch(`${svc.baseUrl}/erp/v1/batches?status=QUEUED&status=FAILED`, { headers: auth() });
    expect(repeated.status).toBe(400);
    const badEscape = await rawRequest(`${svc.baseUrl}/erp/v1/batches/%E0%A4%A`, { method: "GET", headers: auth() });
    expect(badEscape.status).toBe(400);
  });

  it("413 from Content-Length before reading, for JSON bodies and uploads", async () => {
    const json = await rawRequest(`${svc.baseUrl}/erp/v1/batches`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json", "content-length": String(1024 * 1024 * 1024) },
      chunks: [new TextEncoder().encode("{")],
    });
    expect(json.status).toBe(413);
    expect(json.headers.connection).toBe("close");
    const upload = await rawRequest(
      `${svc.baseUrl}/erp/v1/batches/upload?${queryString({ clientRefId: "big", referenceId: "big", payloadObjectType: "COMPANY", totalLineItemCount: 1, totalPayloadSize: 10 })}`,
      { method: "POST", headers: { ...auth(), "content-type": "application/json", "content-length": String(6 * 1024 * 1024 * 1024) }, chunks: [new Uint8Array(10)] },
    );
    expect(upload.status).toBe(413);
    const chunked = await rawRequest(`${svc.baseUrl}/erp/v1/batches`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json", "transfer-encoding": "chunked" },
      chunks: Array.from({ length: 20 }, () => new Uint8Array(64 * 1024).fill(32)),
    });
    expect(chunked.status).toBe(413);
  });

  it("a body cut off mid-stream leaves no block and no 5xx; the service keeps answering", async () => {
    const created = await erp.createBatch({ clientRefId: "cut", referenceId: "cut", payloadObjectType: "COMPANY", totalPayloadSize: 128 });
    const batchId = created.body.batchId as string;
    await rawRequest(`${svc.baseUrl}/erp/v1/batches/${batchId}/blocks/1`, {
      method: "PUT",
      headers: { ...auth(), "content-length": "64" },
      chunks: [new Uint8Array(20)],
      endEarly: true,
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const after = await erp.getBatch(batchId);
    expect(after.status).toBe(200);
    expect(after.body.receivedBlocks).toBe(0);
  });

  it("hostile payloads fail their batch (FAILED, nothing applied) instead of the worker", async () => {
    const cases: Array<[string, string, Uint8Array]> = [
      ["JSON", "application/json", new TextEncoder().encode('[{"referenceId": "A1"}, {"referenceId": ')],
      ["XML", "application/xml", new TextEncoder().encode('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><companies><company><referenceId>&b;</referenceId></company></companies>')],
      ["CSV", "text/csv", new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0x41, 0x0a, 0x00])],
    ];
    for (const [format, type, bytes] of cases) {
      const reply = await erp.uploadWhole(
        { clientRefId: `hostile-${format}`, referenceId: "r", payloadObjectType: "COMPANY", totalLineItemCount: 1, totalPayloadSize: bytes.byteLength },
        bytes,
        type,
      );
      expect(reply.status, format).toBe(202);
      const done = await erp.waitForTerminal(reply.body.batchId as string);
      expect(["FAILED", "COMPLETE_WITH_ERRORS"], format).toContain(done.body.status);
      expect(done.body.itemCounts, format).toMatchObject({ succeeded: 0 });
    }
    expect((await fetch(`${svc.baseUrl}/healthz`)).status).toBe(200);
  });
});
