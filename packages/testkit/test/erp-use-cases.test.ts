import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Deferred, Effect, Exit, Option } from "effect";
import { erpBatchView, makeOutboundBatchEmitter, receivedBlockKey, StoreUnavailable, type Actor, type InboundState, type OrganizationId } from "@batch/core";
import { makeMemoryErpEnvironment, makeMemoryUnitOfWork, memoryErpBatchEvents, type MemoryErpEnvironment } from "../src";

const ORG = "org-erp-main" as OrganizationId;
const OTHER_ORG = "org-erp-other" as OrganizationId;
const CLIENT: Actor = { id: "5c0e0a1b-0000-4000-8000-000000000001", name: "SAP connector" };

const utf8 = (text: string) => new TextEncoder().encode(text);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
/** A request body in chunks; `opened` tells whether anyone started reading it. */
const body = (bytes: Uint8Array, chunk = 3) => {
  const state = { opened: false };
  const iterable: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      state.opened = true;
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.slice(i, i + chunk);
    },
  };
  return Object.assign(iterable, state, { get wasOpened() { return state.opened; } });
};
const readAll = async (bytes: AsyncIterable<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const part of bytes) parts.push(part);
  return Buffer.concat(parts);
};
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
const failureOf = async <A, E>(effect: Effect.Effect<A, E>) => {
  const exit = await Effect.runPromise(Effect.exit(effect));
  if (Exit.isSuccess(exit)) throw new Error(`expected a failure, got ${JSON.stringify(exit.value)}`);
  if (exit.cause._tag !== "Fail") throw new Error(`expected a failure, got ${String(exit.cause)}`);
  return exit.cause.error as E & { readonly _tag: string; readonly message: string };
};

const small = () => makeMemoryErpEnvironment({ settings: { dataBlockSize: 4, maxPayloadSize: 1000 } });
const companies = (n: number, from = 1) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ referenceId: `C-${from + i}`, name: `Company ${from + i}` })));

const createEffect = (env: MemoryErpEnvironment, payload: Uint8Array, extra: { readonly totalLineItemCount?: number; readonly referenceId?: string } = {}) =>
  env.createErpBatch({
      orgId: ORG,
      actor: CLIENT,
      clientRefId: "client_123",
      referenceId: extra.referenceId ?? "batch_sap_20241006",
      payloadObjectType: "COMPANY",
      format: "JSON",
      totalPayloadSize: payload.length,
    ...(extra.totalLineItemCount === undefined ? {} : { totalLineItemCount: extra.totalLineItemCount }),
  });
const createFor = (env: MemoryErpEnvironment, payload: Uint8Array, extra: { readonly totalLineItemCount?: number; readonly referenceId?: string } = {}) =>
  run(createEffect(env, payload, extra));

const blockOf = (payload: Uint8Array, size: number, n: number) => payload.slice((n - 1) * size, n * size);
const put = (env: MemoryErpEnvironment, batchId: string, n: number, bytes: Uint8Array, expectedDigest?: string) =>
  env.receiveBlock({ orgId: ORG, batchId, blockNumber: n, body: body(bytes), actor: CLIENT, ...(expectedDigest === undefined ? {} : { expectedDigest }) });
const stored = async (env: MemoryErpEnvironment, batchId: string) => Option.getOrThrow(await run(env.stores.erpBatches.get(ORG, batchId))).state;
const blobKeys = (env: MemoryErpEnvironment) => run(env.blobs.list("erp/"));

describe("createErpBatch (POST /erp/v1/batches)", () => {
  it("creates a batch for block transfer with its transfer parameters", async () => {
    const env = makeMemoryErpEnvironment();
    const created = await run(
      env.createErpBatch({
        orgId: ORG,
        actor: CLIENT,
        clientRefId: "client_123",
        referenceId: "batch_sap_20241006",
        payloadObjectType: "COMPANY",
        format: "JSON",
        totalPayloadSize: 104857600,
        totalLineItemCount: 200,
      }),
    );
    expect(created.existing).toBe(false);
    expect(erpBatchView(created.batch)).toMatchObject({
      status: "AWAITING_DATA",
      format: "JSON",
      dataBlockSize: 8388608,
      totalDataBlocks: 13,
      clientRefId: "client_123",
      referenceId: "batch_sap_20241006",
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    expect(await stored(env, created.batch.batchId)).toEqual(created.batch);
  });

  it("answers the same client reference with the same parameters with the existing batch", async () => {
    const env = small();
    const payload = utf8(companies(2));
    const first = await createFor(env, payload, { totalLineItemCount: 2 });
    const again = await createFor(env, payload, { totalLineItemCount: 2 });
    expect(again).toEqual({ batch: first.batch, existing: true });
  });

  it("refuses the same client reference with other parameters as a conflict naming them", async () => {
    const env = small();
    await createFor(env, utf8(companies(2)), { totalLineItemCount: 2 });
    const conflict = await failureOf(createEffect(env, utf8(companies(3)), { totalLineItemCount: 3 }));
    expect(conflict).toMatchObject({ _tag: "ErpBatch.ClientReferenceConflict", fields: ["totalPayloadSize", "totalLineItemCount"] });
    expect((await run(env.listErpBatches({ orgId: ORG }))).items).toHaveLength(1);
  });

  it("refuses invalid parameters (400 class) and keeps nothing", async () => {
    const env = small();
    const base = { orgId: ORG, actor: CLIENT, clientRefId: "c", referenceId: "r", payloadObjectType: "COMPANY" as const, format: "JSON" as const };
    expect((await failureOf(env.createErpBatch({ ...base, totalPayloadSize: -5 })))._tag).toBe("ErpBatch.ParametersInvalid");
    expect((await failureOf(env.createErpBatch({ ...base, totalPayloadSize: 1001 })))._tag).toBe("ErpBatch.PayloadTooLarge");
    expect((await failureOf(env.createErpBatch({ ...base, totalPayloadSize: 10, format: "ISO" })))._tag).toBe("ErpBatch.FormatUnsupported");
    expect((await run(env.listErpBatches({ orgId: ORG }))).items).toEqual([]);
  });

  it("keeps client references of organizations apart", async () => {
    const env = small();
    const mine = await createFor(env, utf8("[]"));
    const theirs = await run(
      env.createErpBatch({ orgId: OTHER_ORG, actor: CLIENT, clientRefId: "client_123", referenceId: "batch_sap_20241006", payloadObjectType: "INVOICE", format: "CSV", totalPayloadSize: 9 }),
    );
    expect(theirs.existing).toBe(false);
    expect(theirs.batch.batchId).not.toBe(mine.batch.batchId);
  });
});

describe("receiveBlock (PUT /erp/v1/batches/{batchId}/blocks/{n})", () => {
  it("keeps a moved block when its decision failed for a passing reason, so a concurrent upload of the same content that records it finds its bytes", async () => {
    // Units of work in order: A loads, A decides (held until B has failed), B loads, B decides (the store fails).
    let calls = 0;
    const reachedGate = Effect.runSync(Deferred.make<void>());
    const gate = Effect.runSync(Deferred.make<void>());
    const env = makeMemoryErpEnvironment({
      settings: { dataBlockSize: 4, maxPayloadSize: 1000 },
      uow: (stores, db) => {
        const real = makeMemoryUnitOfWork(db, stores);
        return {
          run: (work) =>
            Effect.suspend(() => {
              calls += 1;
              if (calls === 2) return Effect.zipRight(Effect.zipRight(Deferred.succeed(reachedGate, undefined), Deferred.await(gate)), real.run(work));
              if (calls === 4) return Effect.fail(new StoreUnavailable({ message: "the pool is busy" }));
              return real.run(work);
            }),
        };
      },
    });
    const payload = utf8("[1]");
    const { batch } = await createFor(env, payload);
    calls = 0;
    const a = run(put(env, batch.batchId, 1, payload));
    await run(Deferred.await(reachedGate));
    expect((await failureOf(put(env, batch.batchId, 1, payload)))._tag).toBe("Store.Unavailable");
    await run(Deferred.succeed(gate, undefined));
    expect(await a).toMatchObject({ repeat: false });
    const recorded = await stored(env, batch.batchId);
    if (recorded._tag !== "Queued") throw new Error(`expected the batch queued, got ${recorded._tag}`);
    const key = receivedBlockKey(recorded, 1);
    if (key === undefined) throw new Error("block 1 is recorded");
    expect(await readAll(await run(env.blobs.get(key)))).toEqual(Buffer.from(payload));
  });

  it("stores blocks, answers repeats as repeats, and queues the batch with its last block, once", async () => {
    const env = small();
    const payload = utf8(companies(1));
    const { batch } = await createFor(env, payload);
    const blocks = batch.totalDataBlocks;
    expect(blocks).toBe(Math.ceil(payload.length / 4));
    const first = await run(put(env, batch.batchId, blocks, blockOf(payload, 4, blocks)));
    expect(first).toMatchObject({ blockNumber: blocks, repeat: false, digest: sha256(blockOf(payload, 4, blocks)) });
    expect(first.batch._tag).toBe("Receiving");
    const repeat = await run(put(env, batch.batchId, blocks, blockOf(payload, 4, blocks)));
    expect(repeat.repeat).toBe(true);
    let last: InboundState = first.batch;
    for (let n = 1; n < blocks; n++) last = (await run(put(env, batch.batchId, n, blockOf(payload, 4, n), sha256(blockOf(payload, 4, n))))).batch;
    expect(erpBatchView(last)).toMatchObject({ status: "QUEUED", receivedBlocks: blocks, totalDataBlocks: blocks });
    // A retry after the batch was queued is still a success.
    expect((await run(put(env, batch.batchId, 1, blockOf(payload, 4, 1)))).repeat).toBe(true);
    expect(memoryErpBatchEvents(env.db, ORG, batch.batchId).filter((e) => e._tag === "BatchQueued")).toHaveLength(1);
    const job = Option.getOrThrow(await run(env.jobs.claim({ workerId: "w", now: "2026-01-02T00:00:00.000Z", leaseMs: 1000 })));
    expect(job).toMatchObject({ orgId: ORG, kind: "erp-batch", subjectId: batch.batchId });
    expect(await run(env.jobs.depth)).toBe(1);
    // The stored blocks are the payload, in order; no staging blob is left.
    const state = (await stored(env, batch.batchId)) as InboundState;
    const parts = await Promise.all(Array.from({ length: blocks }, (_, i) => run(env.blobs.get(receivedBlockKey(state, i + 1)!)).then(readAll)));
    expect(Buffer.concat(parts).toString()).toBe(new TextDecoder().decode(payload));
    expect((await blobKeys(env)).filter((k) => k.includes("/staging/"))).toEqual([]);
  });

  it("refuses a body that does not match its Content-Digest, keeping nothing", async () => {
    const env = small();
    const payload = utf8("[ 1 ]");
    const { batch } = await createFor(env, payload);
    const error = await failureOf(put(env, batch.batchId, 1, blockOf(payload, 4, 1), sha256(utf8("nope"))));
    expect(error._tag).toBe("ErpBatch.BlockDigestMismatch");
    expect((await stored(env, batch.batchId))._tag).toBe("AwaitingData");
    expect(await blobKeys(env)).toEqual([]);
  });

  it("refuses a number out of range before reading the body", async () => {
    const env = small();
    const { batch } = await createFor(env, utf8("[ 1 ]"));
    const unread = body(utf8("abcd"));
    const error = await failureOf(env.receiveBlock({ orgId: ORG, batchId: batch.batchId, blockNumber: 3, body: unread, actor: CLIENT }));
    expect(error).toMatchObject({ _tag: "ErpBatch.BlockOutOfRange", totalDataBlocks: 2 });
    expect(unread.wasOpened).toBe(false);
  });

  it("refuses a block of the wrong size, shorter or longer, keeping nothing", async () => {
    const env = small();
    const { batch } = await createFor(env, utf8("[ 1 ]"));
    expect(await failureOf(put(env, batch.batchId, 1, utf8("abc")))).toMatchObject({ _tag: "ErpBatch.BlockSizeWrong", expectedSize: 4, size: 3 });
    const longer = await failureOf(put(env, batch.batchId, 2, utf8("abc")));
    expect(longer).toMatchObject({ _tag: "ErpBatch.BlockSizeWrong", expectedSize: 1 });
    expect(longer.message).toBe("data block 2 must be exactly 1 bytes, got more");
    expect(await blobKeys(env)).toEqual([]);
  });

  it("refuses other content for a received block, leaving the received block as it was", async () => {
    const env = small();
    const payload = utf8("[ 1 ]");
    const { batch } = await createFor(env, payload);
    await run(put(env, batch.batchId, 1, utf8("[ 1 ")));
    const keysBefore = await blobKeys(env);
    expect(await failureOf(put(env, batch.batchId, 1, utf8("[ 2 ")))).toMatchObject({ _tag: "ErpBatch.BlockDigestConflict", blockNumber: 1 });
    expect(await blobKeys(env)).toEqual(keysBefore);
    const state = (await stored(env, batch.batchId)) as InboundState;
    expect((await readAll(await run(env.blobs.get(receivedBlockKey(state, 1)!)))).toString()).toBe("[ 1 ");
  });

  it("refuses a new block once the batch stopped receiving, and deletes what the upload wrote", async () => {
    const env = small();
    const { batch } = await createFor(env, utf8("[ 1 ]"));
    await run(put(env, batch.batchId, 1, utf8("[ 1 ")));
    const keysBefore = await blobKeys(env);
    await run(env.cancelErpBatch({ orgId: ORG, batchId: batch.batchId, actor: CLIENT }));
    expect(await failureOf(put(env, batch.batchId, 2, utf8("]")))).toMatchObject({ _tag: "ErpBatch.NotReceiving", status: "CANCELLED" });
    expect(await blobKeys(env)).toEqual(keysBefore);
    // The block it had is still answered as a repeat.
    expect((await run(put(env, batch.batchId, 1, utf8("[ 1 ")))).repeat).toBe(true);
  });

  it("does not find a batch of another organization, or one that does not exist", async () => {
    const env = small();
    const { batch } = await createFor(env, utf8("[ 1 ]"));
    const other = await failureOf(env.receiveBlock({ orgId: OTHER_ORG, batchId: batch.batchId, blockNumber: 1, body: body(utf8("[ 1 ")), actor: CLIENT }));
    expect(other).toMatchObject({ _tag: "ErpBatch.NotFound", batchId: batch.batchId });
    expect((await failureOf(put(env, "../../etc/passwd", 1, utf8("x"))))._tag).toBe("ErpBatch.NotFound");
  });

  it("stores blocks of organizations whose ids are not key-safe under keys of their own", async () => {
    const env = small();
    const keys: string[] = [];
    for (const orgId of ["tenant:demo/main", "_00002e", "."].map((id) => id as OrganizationId)) {
      const { batch } = await run(
        env.createErpBatch({ orgId, actor: CLIENT, clientRefId: "c", referenceId: "r", payloadObjectType: "COMPANY", format: "JSON", totalPayloadSize: 2 }),
      );
      const received = await run(env.receiveBlock({ orgId, batchId: batch.batchId, blockNumber: 1, body: body(utf8("[]")), actor: CLIENT }));
      keys.push(receivedBlockKey(received.batch, 1)!);
    }
    expect(new Set(keys.map((k) => k.split("/")[1])).size).toBe(3);
    expect(await blobKeys(env)).toEqual([...keys].sort());
  });

  it("refuses blocks for an outbound batch", async () => {
    const env = small();
    await run(env.uow.run((stores) => stores.outbound.emit({ orgId: ORG, batchId: "out-1", payloadObjectType: "INVOICE", items: [{ invoiceNo: "1" }], at: "2026-01-01T00:00:00.000Z", actor: CLIENT })));
    expect(await failureOf(put(env, "out-1", 1, utf8("x")))).toMatchObject({ _tag: "ErpBatch.NotReceiving", status: "PENDING" });
  });
});

describe("uploadWholeBatch (POST /erp/v1/batches/upload)", () => {
  const upload = (env: MemoryErpEnvironment, bytes: Uint8Array, totalPayloadSize: number, extra: { readonly payloadObjectType?: "COMPANY" | "COMPANY_CODE"; readonly referenceId?: string } = {}) => {
    const requestBody = body(bytes);
    return {
      requestBody,
      effect: env.uploadWholeBatch({
        orgId: ORG,
        actor: CLIENT,
        clientRefId: "client_123",
        referenceId: extra.referenceId ?? "whole-1",
        payloadObjectType: extra.payloadObjectType ?? "COMPANY",
        format: "JSON",
        totalPayloadSize,
        totalLineItemCount: 2,
        body: requestBody,
      }),
    };
  };

  it("stores the payload and queues the batch with its job", async () => {
    const env = small();
    const payload = utf8(companies(2));
    const { batch, existing } = await run(upload(env, payload, payload.length).effect);
    expect(existing).toBe(false);
    expect(erpBatchView(batch)).toMatchObject({ status: "QUEUED", totalDataBlocks: 1, receivedBlocks: 1, totalPayloadSize: payload.length, totalLineItemCount: 2 });
    expect((await readAll(await run(env.blobs.get(receivedBlockKey(batch, 1)!)))).toString()).toBe(companies(2));
    expect(await run(env.jobs.depth)).toBe(1);
  });

  it("refuses a body shorter or longer than totalPayloadSize and keeps nothing", async () => {
    const env = small();
    const payload = utf8(companies(2));
    expect(await failureOf(upload(env, payload, payload.length + 1).effect)).toMatchObject({ _tag: "ErpBatch.PayloadSizeWrong", size: payload.length });
    expect(await failureOf(upload(env, payload, payload.length - 1).effect)).toMatchObject({ _tag: "ErpBatch.PayloadSizeWrong", totalPayloadSize: payload.length - 1 });
    expect((await run(env.listErpBatches({ orgId: ORG }))).items).toEqual([]);
    expect(await blobKeys(env)).toEqual([]);
    expect(await run(env.jobs.depth)).toBe(0);
  });

  it("answers a repeated upload with the existing batch, and other bytes or parameters as a conflict", async () => {
    const env = small();
    const payload = utf8(companies(2));
    const first = await run(upload(env, payload, payload.length).effect);
    expect(await run(upload(env, payload, payload.length).effect)).toEqual({ batch: first.batch, existing: true });
    const otherBytes = utf8(companies(2, 5));
    expect(await failureOf(upload(env, otherBytes, otherBytes.length).effect)).toMatchObject({ _tag: "ErpBatch.ClientReferenceConflict", fields: ["payload"] });
    const otherType = upload(env, payload, payload.length, { payloadObjectType: "COMPANY_CODE" });
    expect(await failureOf(otherType.effect)).toMatchObject({ _tag: "ErpBatch.ClientReferenceConflict", fields: ["payloadObjectType"] });
    expect(otherType.requestBody.wasOpened).toBe(false);
    expect((await blobKeys(env)).filter((k) => k.includes("/staging/"))).toEqual([]);
    expect(await run(env.jobs.depth)).toBe(1);
  });

  it("refuses a reference already used for block transfer as a conflict", async () => {
    const env = small();
    const payload = utf8(companies(2));
    await createFor(env, payload, { totalLineItemCount: 2, referenceId: "whole-1" });
    expect(await failureOf(upload(env, payload, payload.length).effect)).toMatchObject({ _tag: "ErpBatch.ClientReferenceConflict", fields: ["transfer (created for block transfer)"] });
  });

  it("refuses invalid parameters before reading the body", async () => {
    const env = small();
    const tooLarge = upload(env, utf8("[]"), 5000);
    expect((await failureOf(tooLarge.effect))._tag).toBe("ErpBatch.PayloadTooLarge");
    expect(tooLarge.requestBody.wasOpened).toBe(false);
  });
});

describe("getErpBatch, listErpBatches, cancelErpBatch", () => {
  it("gets a batch of the organization and nothing of another", async () => {
    const env = small();
    const { batch } = await createFor(env, utf8("[]"));
    expect(await run(env.getErpBatch({ orgId: ORG, batchId: batch.batchId }))).toEqual(batch);
    expect(await failureOf(env.getErpBatch({ orgId: OTHER_ORG, batchId: batch.batchId }))).toMatchObject({ _tag: "ErpBatch.NotFound" });
  });

  it("lists batches newest first with filters and cursors, refusing a bad limit or cursor", async () => {
    const env = small();
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      env.manualClock.advance(1000);
      ids.push((await createFor(env, utf8("[]"), { referenceId: `r-${i}` })).batch.batchId);
    }
    await run(env.cancelErpBatch({ orgId: ORG, batchId: ids[1]!, actor: CLIENT }));
    const first = await run(env.listErpBatches({ orgId: ORG, limit: 3 }));
    expect(first.items.map((b) => b.batchId)).toEqual([ids[4], ids[3], ids[2]]);
    const second = await run(env.listErpBatches({ orgId: ORG, limit: 3, cursor: first.nextCursor! }));
    expect(second.items.map((b) => b.batchId)).toEqual([ids[1], ids[0]]);
    expect(second.nextCursor).toBeUndefined();
    expect((await run(env.listErpBatches({ orgId: ORG, status: "CANCELLED" }))).items.map((b) => b.batchId)).toEqual([ids[1]]);
    expect((await run(env.listErpBatches({ orgId: ORG, clientRefId: "nobody" }))).items).toEqual([]);
    expect((await run(env.listErpBatches({ orgId: ORG, direction: "OUTBOUND" }))).items).toEqual([]);
    expect(await failureOf(env.listErpBatches({ orgId: ORG, limit: 0 }))).toMatchObject({ _tag: "ErpBatch.ParametersInvalid", errors: [{ field: "limit" }] });
    expect((await failureOf(env.listErpBatches({ orgId: ORG, cursor: "bogus" })))._tag).toBe("ErpBatch.CursorInvalid");
  });

  it("cancels a batch while receiving, and refuses once it is queued", async () => {
    const env = small();
    const payload = utf8("[ 1 ]");
    const a = await createFor(env, payload, { referenceId: "a" });
    expect(erpBatchView(await run(env.cancelErpBatch({ orgId: ORG, batchId: a.batch.batchId, actor: CLIENT })))).toMatchObject({ status: "CANCELLED" });
    const b = await createFor(env, payload, { referenceId: "b" });
    await run(put(env, b.batch.batchId, 1, blockOf(payload, 4, 1)));
    expect((await run(env.cancelErpBatch({ orgId: ORG, batchId: b.batch.batchId, actor: CLIENT })))._tag).toBe("Cancelled");
    const c = await createFor(env, payload, { referenceId: "c" });
    await run(put(env, c.batch.batchId, 1, blockOf(payload, 4, 1)));
    await run(put(env, c.batch.batchId, 2, blockOf(payload, 4, 2)));
    expect(await failureOf(env.cancelErpBatch({ orgId: ORG, batchId: c.batch.batchId, actor: CLIENT }))).toMatchObject({ _tag: "ErpBatch.NotCancellable", status: "QUEUED" });
    expect((await failureOf(env.cancelErpBatch({ orgId: ORG, batchId: "missing", actor: CLIENT })))._tag).toBe("ErpBatch.NotFound");
  });
});

describe("outbound batches", () => {
  const emit = (env: MemoryErpEnvironment, batchId: string, items: ReadonlyArray<Record<string, unknown>>, payloadObjectType: "INVOICE" | "PAYMENT_STATUS" = "INVOICE") =>
    run(env.uow.run((stores) => makeOutboundBatchEmitter(stores).emit({ orgId: ORG, batchId, payloadObjectType, items, at: "2026-01-01T00:00:00.000Z", actor: CLIENT })));

  it("are emitted once, listed while pending, and picked up as JSON with their item numbers", async () => {
    const env = small();
    await emit(env, "out-1", [{ invoiceNo: "INV-1", amount: 10.5 }, { invoiceNo: "INV-2", vendorNo: "V-9" }]);
    await emit(env, "out-1", [{ invoiceNo: "ignored" }]);
    await emit(env, "out-2", [{ sourceDoc: "D-1", status: "Success" }], "PAYMENT_STATUS");
    const pending = await run(env.listOutboundBatches({ orgId: ORG }));
    expect(pending.map((b) => [b.batchId, b.itemCount, b._tag])).toEqual([
      ["out-1", 2, "OutboundPending"],
      ["out-2", 1, "OutboundPending"],
    ]);
    expect((await run(env.listOutboundBatches({ orgId: ORG, payloadObjectType: "PAYMENT_STATUS" }))).map((b) => b.batchId)).toEqual(["out-2"]);
    const payload = await run(env.getOutboundPayload({ orgId: ORG, batchId: "out-1", format: "JSON" }));
    expect(JSON.parse((await readAll(payload.bytes)).toString())).toEqual([
      { itemNumber: 1, invoiceNo: "INV-1", amount: 10.5 },
      { itemNumber: 2, invoiceNo: "INV-2", vendorNo: "V-9" },
    ]);
    expect(payload.items.map((i) => i.status)).toEqual(["PENDING", "PENDING"]);
    expect((await run(env.getErpBatch({ orgId: ORG, batchId: "out-1" }))).payloadObjectType).toBe("INVOICE");
  });

  it("are acknowledged in part, then in full, and leave the pending queue", async () => {
    const env = small();
    await emit(env, "out-1", [{ n: 1 }, { n: 2 }, { n: 3 }]);
    const partial = await run(env.acknowledgeOutboundBatch({ orgId: ORG, batchId: "out-1", itemNumbers: [2], actor: CLIENT }));
    expect(erpBatchView(partial)).toMatchObject({ status: "PARTIAL_PENDING", itemCounts: { total: 3, succeeded: 1, failed: 0 } });
    expect((await run(env.listErpBatchItems({ orgId: ORG, batchId: "out-1", status: "COMPLETE" }))).items.map((i) => i.itemNumber)).toEqual([2]);
    const done = await run(env.acknowledgeOutboundBatch({ orgId: ORG, batchId: "out-1", actor: CLIENT }));
    expect(erpBatchView(done)).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: 3, succeeded: 3, failed: 0 } });
    expect((await run(env.getOutboundPayload({ orgId: ORG, batchId: "out-1", format: "JSON" }))).items.map((i) => i.status)).toEqual(["COMPLETE", "COMPLETE", "COMPLETE"]);
    expect(await run(env.listOutboundBatches({ orgId: ORG }))).toEqual([]);
  });

  it("refuse acknowledging a batch that is not pending (409 class), unknown item numbers (400), and unknown or inbound batches (404)", async () => {
    const env = small();
    await emit(env, "out-1", [{ n: 1 }]);
    await run(env.acknowledgeOutboundBatch({ orgId: ORG, batchId: "out-1", actor: CLIENT }));
    expect(await failureOf(env.acknowledgeOutboundBatch({ orgId: ORG, batchId: "out-1", actor: CLIENT }))).toMatchObject({ _tag: "ErpBatch.NotPending", status: "COMPLETE_SUCCESS" });
    await emit(env, "out-2", [{ n: 1 }]);
    expect(await failureOf(env.acknowledgeOutboundBatch({ orgId: ORG, batchId: "out-2", itemNumbers: [2], actor: CLIENT }))).toMatchObject({ _tag: "ErpBatch.ItemNumberInvalid" });
    const { batch } = await createFor(env, utf8("[]"));
    expect((await failureOf(env.acknowledgeOutboundBatch({ orgId: ORG, batchId: batch.batchId, actor: CLIENT })))._tag).toBe("ErpBatch.NotFound");
    expect((await failureOf(env.getOutboundPayload({ orgId: ORG, batchId: batch.batchId, format: "JSON" })))._tag).toBe("ErpBatch.NotFound");
    expect((await failureOf(env.acknowledgeOutboundBatch({ orgId: OTHER_ORG, batchId: "out-2", actor: CLIENT })))._tag).toBe("ErpBatch.NotFound");
  });

  it("roll back with the unit of work that emits them", async () => {
    const env = small();
    const exit = await Effect.runPromise(
      Effect.exit(
        env.uow.run((stores) =>
          Effect.zipRight(
            stores.outbound.emit({ orgId: ORG, batchId: "out-1", payloadObjectType: "INVOICE", items: [{ n: 1 }], at: "2026-01-01T00:00:00.000Z", actor: CLIENT }),
            Effect.fail("export refused" as const),
          ),
        ),
      ),
    );
    expect(Exit.isFailure(exit)).toBe(true);
    expect(await run(env.listOutboundBatches({ orgId: ORG }))).toEqual([]);
    expect(await run(env.stores.erpBatchItems.getOutboundItems(ORG, "out-1"))).toEqual([]);
  });
});

