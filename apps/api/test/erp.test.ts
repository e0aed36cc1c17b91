/**
 * Seed 000 end to end: every row of API.md's /erp/v1 table with its refusals, against the real
 * service (worker in process) on SQLite + filesystem and on PostgreSQL + S3.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Effect } from "effect";
import type { OrganizationId } from "@batch/core";
import { resolve } from "../src/composition/token";
import { Tokens } from "../src/composition/tokens";
import { BACKENDS, type Backend } from "./support/backends";
import { makeErpClient, queryString, rawRequest, sha256Digest, type ErpClient, type Reply } from "./support/erp-client";
import { accessToken, requestToken, startTestService, type TestService } from "./support/service";

const BLOCK = 64;

const companies = (n: number, prefix = "C") =>
  Array.from({ length: n }, (_, i) => ({ referenceId: `${prefix}${i + 1}`, name: `Company ${i + 1}`, registeredCountry: "DE" }));

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

const blocksOf = (bytes: Uint8Array, size = BLOCK): Array<Uint8Array> => {
  const blocks: Array<Uint8Array> = [];
  for (let offset = 0; offset < bytes.byteLength; offset += size) blocks.push(bytes.slice(offset, offset + size));
  return blocks.length === 0 ? [new Uint8Array()] : blocks;
};

let sequence = 0;
const ref = (label: string) => `${label}-${process.pid}-${++sequence}`;

describe.each(BACKENDS)("seed 000 ERP surface on $name", (factory) => {
  let backend: Backend;
  let svc: TestService;
  let erp: ErpClient;

  beforeAll(async () => {
    backend = await factory.create();
    svc = await startTestService(backend, { BATCH_DATA_BLOCK_SIZE: String(BLOCK) });
    erp = makeErpClient(svc.baseUrl, await accessToken(svc));
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  /** Creates a block batch for `bytes` and returns its id. */
  const createFor = async (bytes: Uint8Array, extra: Record<string, unknown> = {}) => {
    const created = await erp.createBatch({ clientRefId: ref("erp"), referenceId: ref("ref"), payloadObjectType: "COMPANY", totalPayloadSize: bytes.byteLength, ...extra });
    expect(created.status).toBe(201);
    return created.body.batchId as string;
  };

  describe("POST /erp/v1/batches", () => {
    it("201 with the transfer parameters; the same request again 200 with the same body; other parameters 409", async () => {
      const request = { clientRefId: ref("c"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalPayloadSize: 200, totalLineItemCount: 3 };
      const first = await erp.createBatch(request);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        batchId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: "AWAITING_DATA",
        format: "JSON",
        dataBlockSize: BLOCK,
        totalDataBlocks: 4,
        uploadPath: `/erp/v1/batches/${String(first.body.batchId)}/blocks/{dataBlockNumber}`,
      });
      expect(first.headers.get("location")).toBe(`${svc.baseUrl}/erp/v1/batches/${String(first.body.batchId)}`);
      const again = await erp.createBatch(request);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const other = await erp.createBatch({ ...request, totalPayloadSize: 201 });
      expect(other.status).toBe(409);
      expect(other.body.code).toBe("ErpBatch.ClientReferenceConflict");
    });

    it("400 for invalid bodies, naming the field; 415 for other media types; 413 from Content-Length", async () => {
      const valid = { clientRefId: "c", referenceId: "r", payloadObjectType: "COMPANY", totalPayloadSize: 10 };
      for (const body of [
        { ...valid, payloadObjectType: "SPACESHIP" },
        { ...valid, totalPayloadSize: -1 },
        { ...valid, totalPayloadSize: "ten" },
        { ...valid, format: "PDF" },
        { referenceId: "r", payloadObjectType: "COMPANY", totalPayloadSize: 10 },
        [valid],
        "text",
        42,
        null,
      ]) {
        const reply = await erp.createBatch(body);
        expect(reply.status, JSON.stringify(body)).toBe(400);
        expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      }
      const missing = await erp.createBatch({ referenceId: "r", payloadObjectType: "COMPANY", totalPayloadSize: 10 });
      expect(missing.body.errors).toEqual([{ field: "clientRefId", message: "is required" }]);
      const malformed = await erp.call("POST", "/erp/v1/batches", { body: "{\"clientRefId\": ", headers: { "content-type": "application/json" } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe("Request.Malformed");
      const form = await erp.call("POST", "/erp/v1/batches", { body: "clientRefId=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
      expect(form.status).toBe(415);
      const empty = await erp.call("POST", "/erp/v1/batches", {});
      expect(empty.status).toBe(400);
      const huge = await rawRequest(`${svc.baseUrl}/erp/v1/batches`, {
        method: "POST",
        headers: { authorization: `Bearer ${erp.token}`, "content-type": "application/json", "content-length": String(50 * 1024 * 1024) },
        chunks: [json(valid)],
      });
      expect(huge.status).toBe(413);
    });

    it("uses the client's configured default format when the request names none", async () => {
      const identity = await resolve(svc.service.container, Tokens.Identity);
      const issued = await Effect.runPromise(identity.createClient({ tenantKey: "demo", orgKey: "main", scopes: ["erp"], formats: ["COMPANY=CSV"] }));
      const { body } = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: issued.client.apiKey, client_secret: issued.apiSecret });
      const csvClient = makeErpClient(svc.baseUrl, body.access_token as string);
      const created = await csvClient.createBatch({ clientRefId: ref("c"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalPayloadSize: 10 });
      expect(created.body.format).toBe("CSV");
      const explicit = await csvClient.createBatch({ clientRefId: ref("c"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalPayloadSize: 10, format: "XML" });
      expect(explicit.body.format).toBe("XML");
    });
  });

  describe("PUT /erp/v1/batches/{batchId}/blocks/{dataBlockNumber}", () => {
    it("201 first receipt, 200 identical repeat, QUEUED with the last block, then processed", async () => {
      const payload = json(companies(5));
      const batchId = await createFor(payload, { totalLineItemCount: 5 });
      const blocks = blocksOf(payload);
      const first = await erp.putBlock(batchId, 1, blocks[0] ?? new Uint8Array(), { "content-digest": sha256Digest(blocks[0] ?? new Uint8Array()) });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        batchId,
        dataBlockNumber: 1,
        digest: sha256Digest(blocks[0] ?? new Uint8Array()),
        receivedBlocks: 1,
        totalDataBlocks: blocks.length,
        status: "RECEIVING",
      });
      const repeat = await erp.putBlock(batchId, 1, blocks[0] ?? new Uint8Array());
      expect(repeat.status).toBe(200);
      expect(repeat.body.receivedBlocks).toBe(1);
      let last: Awaited<ReturnType<ErpClient["putBlock"]>> | undefined;
      for (let n = 2; n <= blocks.length; n++) last = await erp.putBlock(batchId, n, blocks[n - 1] ?? new Uint8Array());
      expect(last?.status).toBe(201);
      expect(["QUEUED", "PROCESSING", "COMPLETE_SUCCESS"]).toContain(last?.body.status);
      const done = await erp.waitForTerminal(batchId);
      expect(done.body).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: 5, succeeded: 5, failed: 0 }, receivedBlocks: blocks.length });
      const repeatAfter = await erp.putBlock(batchId, 2, blocks[1] ?? new Uint8Array());
      expect(repeatAfter.status).toBe(200);
      expect(repeatAfter.body.status).toBe("COMPLETE_SUCCESS");
    });

    it("400 for a digest mismatch, a number out of range and a wrong size; 409 for other content of a received block", async () => {
      const payload = json(companies(4));
      const batchId = await createFor(payload);
      const blocks = blocksOf(payload);
      const b1 = blocks[0] ?? new Uint8Array();
      const mismatch = await erp.putBlock(batchId, 1, b1, { "content-digest": sha256Digest(new TextEncoder().encode("something else")) });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.code).toBe("ErpBatch.BlockDigestMismatch");
      const malformedDigest = await erp.putBlock(batchId, 1, b1, { "content-digest": "sha-256=not-base64" });
      expect(malformedDigest.status).toBe(400);
      for (const n of [0, blocks.length + 1]) {
        const outOfRange = await erp.putBlock(batchId, n, b1);
        expect(outOfRange.status).toBe(400);
        expect(outOfRange.body.code).toBe("ErpBatch.BlockOutOfRange");
      }
      const notANumber = await erp.putBlock(batchId, "first", b1);
      expect(notANumber.status).toBe(400);
      const short = await erp.putBlock(batchId, 1, b1.slice(0, BLOCK - 1));
      expect(short.status).toBe(400);
      expect(short.body.code).toBe("ErpBatch.BlockSizeWrong");
      const long = await erp.putBlock(batchId, 1, new Uint8Array(BLOCK + 1));
      expect(long.status).toBe(400);
      expect((await erp.putBlock(batchId, 1, b1)).status).toBe(201);
      const other = await erp.putBlock(batchId, 1, new Uint8Array(BLOCK).fill(32));
      expect(other.status).toBe(409);
      expect(other.body.code).toBe("ErpBatch.BlockDigestConflict");
      expect((await erp.getBatch(batchId)).body.receivedBlocks).toBe(1);
    });

    it("409 for a new block once the batch has stopped receiving; 404 for an unknown batch; 400 for an id that is not one", async () => {
      const payload = json(companies(3));
      const batchId = await createFor(payload);
      const blocks = blocksOf(payload);
      expect((await erp.putBlock(batchId, 1, blocks[0] ?? new Uint8Array())).status).toBe(201);
      expect((await erp.call("DELETE", `/erp/v1/batches/${batchId}`)).status).toBe(200);
      const late = await erp.putBlock(batchId, 2, blocks[1] ?? new Uint8Array());
      expect(late.status).toBe(409);
      expect(late.body.code).toBe("ErpBatch.NotReceiving");
      expect((await erp.putBlock(batchId, 1, blocks[0] ?? new Uint8Array())).status).toBe(200);
      expect((await erp.putBlock("6f1c2a4e-1b7d-4c7e-9a55-00000000ffff", 1, new Uint8Array(3))).status).toBe(404);
      expect((await erp.putBlock("not-a-batch", 1, new Uint8Array(3))).status).toBe(400);
    });

    it("random order, repeats and concurrent duplicates: every block once, queued exactly once, every item applied once", async () => {
      const records = companies(40, "R");
      const payload = json(records);
      const batchId = await createFor(payload, { totalLineItemCount: records.length });
      const blocks = blocksOf(payload);
      const numbers = blocks.map((_, i) => i + 1);
      // Each block three times, shuffled, sent eight at a time.
      const sends = [...numbers, ...numbers, ...numbers].sort(() => Math.random() - 0.5);
      const statuses: Array<number> = [];
      for (let i = 0; i < sends.length; i += 8) {
        const wave = sends.slice(i, i + 8);
        const replies = await Promise.all(wave.map((n) => erp.putBlock(batchId, n, blocks[n - 1] ?? new Uint8Array())));
        statuses.push(...replies.map((r) => r.status));
      }
      expect(statuses.filter((s) => s === 201)).toHaveLength(blocks.length);
      expect(statuses.every((s) => s === 201 || s === 200)).toBe(true);
      const done = await erp.waitForTerminal(batchId);
      expect(done.body).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: 40, succeeded: 40, failed: 0 } });
      const items = await erp.call<{ items: Array<{ itemNumber: number; status: string; key: string }>; nextCursor: string | null }>(
        "GET",
        `/erp/v1/batches/${batchId}/items?limit=1000`,
      );
      expect(items.body.items.map((i) => i.itemNumber)).toEqual(records.map((_, i) => i + 1));
      expect(items.body.items.map((i) => i.key)).toEqual(records.map((r) => r.referenceId));
      const queue = await resolve(svc.service.container, Tokens.JobQueue);
      expect(await Effect.runPromise(queue.depth)).toBe(0);
    });
  });

  describe("POST /erp/v1/batches/upload", () => {
    it("202 QUEUED, processed; the format from the Content-Type; per-item results with field errors", async () => {
      const csv = new TextEncoder().encode("referenceId,name,registeredCountry\nU1,Alpha,DE\n,Nameless,FR\nU3,Gamma,IT\n");
      const reply = await erp.uploadWhole(
        { clientRefId: ref("u"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalLineItemCount: 3, totalPayloadSize: csv.byteLength },
        csv,
        "text/csv",
      );
      expect(reply.status).toBe(202);
      expect(reply.body).toMatchObject({ status: "QUEUED", format: "CSV", direction: "INBOUND", totalPayloadSize: csv.byteLength, totalDataBlocks: 1 });
      const done = await erp.waitForTerminal(reply.body.batchId as string);
      expect(done.body).toMatchObject({ status: "COMPLETE_WITH_ERRORS", itemCounts: { total: 3, succeeded: 2, failed: 1 } });
      const failed = await erp.call<{ items: Array<Record<string, unknown>>; nextCursor: string | null }>("GET", `/erp/v1/batches/${String(reply.body.batchId)}/items?status=FAILED`);
      expect(failed.body).toEqual({ items: [{ itemNumber: 2, status: "FAILED", key: null, errors: [{ field: "referenceId", message: "is required" }] }], nextCursor: null });
    });

    it("400 and nothing kept when the body length differs from totalPayloadSize (declared or streamed)", async () => {
      const payload = json(companies(2));
      const clientRefId = ref("u");
      const query = { clientRefId, referenceId: ref("r"), payloadObjectType: "COMPANY", totalLineItemCount: 2, totalPayloadSize: payload.byteLength + 5 };
      const declared = await erp.uploadWhole(query, payload);
      expect(declared.status).toBe(400);
      expect(declared.body.code).toBe("ErpBatch.PayloadSizeWrong");
      const chunked = await rawRequest(`${svc.baseUrl}/erp/v1/batches/upload?${queryString(query)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${erp.token}`, "content-type": "application/json", "transfer-encoding": "chunked" },
        chunks: [payload],
      });
      expect(chunked.status).toBe(400);
      const longer = await rawRequest(
        `${svc.baseUrl}/erp/v1/batches/upload?${queryString({ ...query, totalPayloadSize: 4 })}`,
        { method: "POST", headers: { authorization: `Bearer ${erp.token}`, "content-type": "application/json", "transfer-encoding": "chunked" }, chunks: [payload] },
      );
      expect(longer.status).toBe(400);
      const listed = await erp.call<{ batches: Array<unknown> }>("GET", `/erp/v1/batches?clientRefId=${clientRefId}`);
      expect(listed.body.batches).toEqual([]);
    });

    it("415 when the format cannot be told; 400 for missing or invalid parameters; the same upload again 200, other bytes 409", async () => {
      const payload = json(companies(1));
      const base = { clientRefId: ref("u"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalLineItemCount: 1, totalPayloadSize: payload.byteLength };
      expect((await erp.uploadWhole(base, payload, "application/octet-stream")).status).toBe(415);
      const { clientRefId: _omitted, ...missing } = base;
      expect((await erp.uploadWhole(missing, payload)).status).toBe(400);
      expect((await erp.uploadWhole({ ...base, totalPayloadSize: "lots" }, payload)).status).toBe(400);
      expect((await erp.uploadWhole({ ...base, payloadObjectType: "WIDGET" }, payload)).status).toBe(400);
      const first = await erp.uploadWhole(base, payload);
      expect(first.status).toBe(202);
      const again = await erp.uploadWhole(base, payload);
      expect(again.status).toBe(200);
      expect(again.body.batchId).toBe(first.body.batchId);
      const different = json([{ referenceId: "X1", name: "Different!" }]).slice(0, payload.byteLength);
      const other = await erp.uploadWhole(base, different.byteLength === payload.byteLength ? different : payload.map((b) => (b === 49 ? 50 : b)));
      expect(other.status).toBe(409);
    });
  });

  describe("Idempotency-Key on the creating POSTs", () => {
    it("replays the first response for the same key and body, and refuses the key with another body (422)", async () => {
      const key = ref("idem");
      const request = { clientRefId: ref("c"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalPayloadSize: 100 };
      const post = (body: unknown) =>
        erp.call("POST", "/erp/v1/batches", { body: JSON.stringify(body), headers: { "content-type": "application/json", "idempotency-key": key } });
      const first = await post(request);
      expect(first.status).toBe(201);
      const again = await post(request);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.headers.get("location")).toBe(first.headers.get("location"));
      const other = await post({ ...request, totalPayloadSize: 101 });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe("Request.IdempotencyKeyReused");
      const malformed = await erp.call("POST", "/erp/v1/batches", { body: JSON.stringify(request), headers: { "content-type": "application/json", "idempotency-key": "has space" } });
      expect(malformed.status).toBe(400);
    });

    it("works for streamed whole uploads: the same bytes replay, other bytes are 422", async () => {
      const payload = json(companies(3));
      const key = ref("idem-upload");
      const query = { clientRefId: ref("u"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalLineItemCount: 3, totalPayloadSize: payload.byteLength };
      const upload = (bytes: Uint8Array) =>
        erp.call("POST", `/erp/v1/batches/upload?${queryString(query)}`, { body: bytes, headers: { "content-type": "application/json", "idempotency-key": key } });
      const first = await upload(payload);
      expect(first.status).toBe(202);
      const again = await upload(payload);
      expect(again.status).toBe(202);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.body.batchId).toBe(first.body.batchId);
      const changed = Uint8Array.from(payload);
      changed[changed.length - 3] = 0x20;
      const other = await upload(changed);
      expect(other.status).toBe(422);
    });
  });

  describe("reading batches", () => {
    it("GET a batch has every field of the table; unknown is 404", async () => {
      const payload = json(companies(1));
      const batchId = await createFor(payload, { totalLineItemCount: 1 });
      const reply = await erp.getBatch(batchId);
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.body).sort()).toEqual(
        [
          "batchId", "clientRefId", "referenceId", "direction", "payloadObjectType", "format", "status", "totalPayloadSize", "totalLineItemCount",
          "dataBlockSize", "totalDataBlocks", "receivedBlocks", "itemCounts", "errors", "createdAt", "updatedAt", "completedAt",
        ].sort(),
      );
      expect(reply.body).toMatchObject({ direction: "INBOUND", status: "AWAITING_DATA", receivedBlocks: 0, itemCounts: { total: 0, succeeded: 0, failed: 0 }, errors: [], completedAt: null });
      expect((await erp.getBatch("6f1c2a4e-1b7d-4c7e-9a55-00000000ffff")).status).toBe(404);
    });

    it("lists the organization's batches newest first, filtered and paged by cursor", async () => {
      const clientRefId = ref("list");
      const ids: Array<string> = [];
      for (let i = 0; i < 5; i++) {
        const created = await erp.createBatch({ clientRefId, referenceId: ref("r"), payloadObjectType: "COMPANY_CODE", totalPayloadSize: 10 });
        ids.push(created.body.batchId as string);
      }
      const seen: Array<string> = [];
      let cursor: string | null = null;
      do {
        const page: Reply<{ batches: Array<{ batchId: string }>; nextCursor: string | null }> = await erp.call("GET", `/erp/v1/batches?clientRefId=${clientRefId}&limit=2${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`);
        expect(page.status).toBe(200);
        const batches = page.body.batches;
        expect(batches.length).toBeLessThanOrEqual(2);
        seen.push(...batches.map((b) => b.batchId));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual([...ids].reverse());
      const filtered = await erp.call<{ batches: Array<{ status: string }> }>("GET", `/erp/v1/batches?clientRefId=${clientRefId}&status=AWAITING_DATA&payloadObjectType=COMPANY_CODE`);
      expect(filtered.body.batches).toHaveLength(5);
      expect((await erp.call("GET", "/erp/v1/batches?status=NOPE")).status).toBe(400);
      expect((await erp.call("GET", "/erp/v1/batches?limit=0")).status).toBe(400);
      expect((await erp.call("GET", "/erp/v1/batches?cursor=forged")).status).toBe(400);
    });

    it("another organization's batch is 404 everywhere, exactly as if it did not exist", async () => {
      const identity = await resolve(svc.service.container, Tokens.Identity);
      const tenant = await Effect.runPromise(identity.createTenant(ref("t")));
      await Effect.runPromise(identity.createOrganization(tenant.key, "other"));
      const issued = await Effect.runPromise(identity.createClient({ tenantKey: tenant.key, orgKey: "other", scopes: ["erp"] }));
      const { body } = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: issued.client.apiKey, client_secret: issued.apiSecret });
      const stranger = makeErpClient(svc.baseUrl, body.access_token as string);
      const payload = json(companies(2));
      const batchId = await createFor(payload);
      for (const reply of [
        await stranger.getBatch(batchId),
        await stranger.call("GET", `/erp/v1/batches/${batchId}/items`),
        await stranger.putBlock(batchId, 1, blocksOf(payload)[0] ?? new Uint8Array()),
        await stranger.call("DELETE", `/erp/v1/batches/${batchId}`),
        await stranger.call("GET", `/erp/v1/outbound-batches/${batchId}/payload`),
        await stranger.call("POST", `/erp/v1/outbound-batches/${batchId}/acknowledge`),
      ]) {
        expect(reply.status).toBe(404);
      }
      const listed = await stranger.call<{ batches: Array<unknown> }>("GET", "/erp/v1/batches");
      expect(listed.body.batches).toEqual([]);
      expect((await erp.getBatch(batchId)).body.receivedBlocks).toBe(0);
    });
  });

  describe("DELETE /erp/v1/batches/{batchId}", () => {
    it("200 CANCELLED while receiving, 409 otherwise", async () => {
      const payload = json(companies(2));
      const batchId = await createFor(payload);
      const cancelled = await erp.call("DELETE", `/erp/v1/batches/${batchId}`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ batchId, status: "CANCELLED" });
      expect(cancelled.body.completedAt).not.toBeNull();
      const again = await erp.call("DELETE", `/erp/v1/batches/${batchId}`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("ErpBatch.NotCancellable");
    });
  });

  describe("outbound batches", () => {
    const emit = async (count: number, payloadObjectType: "INVOICE" | "PAYMENT_STATUS" = "INVOICE") => {
      const uow = await resolve(svc.service.container, Tokens.UnitOfWork);
      const ids = await resolve(svc.service.container, Tokens.Ids);
      const batchId = await Effect.runPromise(ids.uuid);
      const orgId = (await erpOrg()) as OrganizationId;
      await Effect.runPromise(
        uow.run((stores) =>
          stores.outbound.emit({
            orgId,
            batchId,
            payloadObjectType,
            items: Array.from({ length: count }, (_, i) => ({ invoiceNo: `INV-${i + 1}`, vendorNo: "V1", amount: 10 + i })),
            at: new Date().toISOString(),
            actor: { id: "00000000-0000-4000-8000-000000000001", name: "test" },
          }),
        ),
      );
      return batchId;
    };
    const erpOrg = async () => {
      const store = await resolve(svc.service.container, Tokens.IdentityStore);
      const org = await Effect.runPromise(store.findOrganization("demo", "main"));
      if (org._tag === "None") throw new Error("no demo/main organization");
      return org.value.id;
    };

    it("lists pending outbound batches by type; an unknown type is 400", async () => {
      const batchId = await emit(3);
      const listed = await erp.call<{ batches: Array<Record<string, unknown>> }>("GET", "/erp/v1/outbound-batches?payloadObjectType=INVOICE");
      expect(listed.status).toBe(200);
      expect(listed.body.batches).toContainEqual({ batchId, payloadObjectType: "INVOICE", status: "PENDING", itemCount: 3, createdAt: expect.any(String) });
      const statuses = await erp.call<{ batches: Array<{ batchId: string }> }>("GET", "/erp/v1/outbound-batches?payloadObjectType=PAYMENT_STATUS");
      expect(statuses.body.batches.map((b) => b.batchId)).not.toContain(batchId);
      expect((await erp.call("GET", "/erp/v1/outbound-batches?payloadObjectType=BOGUS")).status).toBe(400);
    });

    it("serves the payload as JSON by default, CSV and XML on request; 406 for anything else", async () => {
      const batchId = await emit(2);
      const asJson = await erp.call<Array<Record<string, unknown>>>("GET", `/erp/v1/outbound-batches/${batchId}/payload`);
      expect(asJson.status).toBe(200);
      expect(asJson.headers.get("content-type")).toMatch(/^application\/json/);
      expect(asJson.body).toEqual([
        { itemNumber: 1, invoiceNo: "INV-1", vendorNo: "V1", amount: 10 },
        { itemNumber: 2, invoiceNo: "INV-2", vendorNo: "V1", amount: 11 },
      ]);
      const csv = await fetch(`${svc.baseUrl}/erp/v1/outbound-batches/${batchId}/payload`, { headers: { authorization: `Bearer ${erp.token}`, accept: "text/csv" } });
      expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
      const csvText = await csv.text();
      const [header = ""] = csvText.split(/\r?\n/);
      expect(header.split(",")[0]).toBe("itemNumber");
      expect(header.split(",").sort()).toEqual(["amount", "invoiceNo", "itemNumber", "vendorNo"]);
      expect(csvText).toContain("INV-2");
      const xml = await fetch(`${svc.baseUrl}/erp/v1/outbound-batches/${batchId}/payload`, { headers: { authorization: `Bearer ${erp.token}`, accept: "application/xml" } });
      expect(xml.headers.get("content-type")).toMatch(/^application\/xml/);
      expect(await xml.text()).toContain("<invoiceNo>INV-1</invoiceNo>");
      const pdf = await fetch(`${svc.baseUrl}/erp/v1/outbound-batches/${batchId}/payload`, { headers: { authorization: `Bearer ${erp.token}`, accept: "application/pdf" } });
      expect(pdf.status).toBe(406);
    });

    it("acknowledges some items (PARTIAL_PENDING), then all (COMPLETE_SUCCESS); a batch not pending is 409", async () => {
      const batchId = await emit(3);
      const some = await erp.call("POST", `/erp/v1/outbound-batches/${batchId}/acknowledge`, { body: JSON.stringify({ itemNumbers: [1, 3] }), headers: { "content-type": "application/json" } });
      expect(some.status).toBe(200);
      expect(some.body).toEqual({ batchId, status: "PARTIAL_PENDING" });
      const invalid = await erp.call("POST", `/erp/v1/outbound-batches/${batchId}/acknowledge`, { body: JSON.stringify({ itemNumbers: [9] }), headers: { "content-type": "application/json" } });
      expect(invalid.status).toBe(400);
      // No body and no Content-Type: every item.
      const all = await rawRequest(`${svc.baseUrl}/erp/v1/outbound-batches/${batchId}/acknowledge`, { method: "POST", headers: { authorization: `Bearer ${erp.token}` } });
      expect(all.status).toBe(200);
      expect(JSON.parse(all.text)).toEqual({ batchId, status: "COMPLETE_SUCCESS" });
      const listed = await erp.call<{ batches: Array<{ batchId: string }> }>("GET", "/erp/v1/outbound-batches");
      expect(listed.body.batches.map((b) => b.batchId)).not.toContain(batchId);
      const again = await erp.call("POST", `/erp/v1/outbound-batches/${batchId}/acknowledge`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("ErpBatch.NotPending");
      const viewed = await erp.getBatch(batchId);
      expect(viewed.body).toMatchObject({ direction: "OUTBOUND", status: "COMPLETE_SUCCESS", itemCounts: { total: 3, succeeded: 3, failed: 0 } });
    });
  });
});
