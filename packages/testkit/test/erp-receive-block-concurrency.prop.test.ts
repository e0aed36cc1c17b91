/**
 * Concurrent uploads through the receiveBlock use case: every block, some repeated, all in flight
 * at once, their bodies' chunks and the stores' turns released in an order fast-check's scheduler
 * picks (and shrinks).
 */
import { describe, expect, it } from "vitest";
import { Effect, FastCheck as fc, Option } from "effect";
import { receivedBlockKey, type Actor, type InboundState, type OrganizationId, type UnitOfWork } from "@batch/core";
import { makeMemoryErpEnvironment, memoryErpBatchEvents, type MemoryErpStores } from "../src";

const ORG = "org-erp-concurrency" as OrganizationId;
const CLIENT: Actor = { id: "5c0e0a1b-0000-4000-8000-000000000001", name: "SAP connector" };

const scenarioArb = fc
  .record({ payload: fc.uint8Array({ minLength: 0, maxLength: 40 }), dataBlockSize: fc.integer({ min: 1, max: 8 }), drop: fc.boolean() })
  .chain(({ payload, dataBlockSize, drop }) => {
    const blocks = Math.max(1, Math.ceil(payload.length / dataBlockSize));
    return fc
      .tuple(fc.array(fc.integer({ min: 1, max: blocks }), { maxLength: blocks + 2 }), fc.integer({ min: 1, max: blocks }))
      .chain(([repeats, dropped]) => {
        const uploads = [...Array.from({ length: blocks }, (_, i) => i + 1), ...repeats].filter((n) => !drop || n !== dropped);
        return fc.shuffledSubarray(uploads, { minLength: uploads.length, maxLength: uploads.length });
      })
      .map((order) => ({ payload, dataBlockSize, blocks, order }));
  });

/** Runs `promise` to the end while releasing the scheduler's tasks, in its order, as they come. */
const driven = async <A>(s: fc.Scheduler, promise: Promise<A>): Promise<A> => {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  while (!settled) {
    await s.waitAll();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return watched;
};

const readAll = async (bytes: AsyncIterable<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const part of bytes) parts.push(part);
  return Buffer.concat(parts);
};

/** Another unit of work over the stores, or none for the in-memory (serialising) one. */
type UowFactory = (s: fc.Scheduler, counters: { conflicts: number }) => ((stores: MemoryErpStores) => UnitOfWork<MemoryErpStores>) | undefined;

const checkConcurrentUploads = (makeUow: UowFactory, counters: { conflicts: number }) =>
  fc.asyncProperty(fc.scheduler(), scenarioArb, async (s, { payload, dataBlockSize, blocks, order }) => {
    const uow = makeUow(s, counters);
    const env = makeMemoryErpEnvironment({ settings: { dataBlockSize, maxPayloadSize: 10_000 }, ...(uow === undefined ? {} : { uow }) });
    const { batch } = await Effect.runPromise(
      env.createErpBatch({ orgId: ORG, actor: CLIENT, clientRefId: "c", referenceId: "r", payloadObjectType: "COMPANY", format: "JSON", totalPayloadSize: payload.length }),
    );
    expect(batch.totalDataBlocks).toBe(blocks);
    const bodyOf = (n: number): AsyncIterable<Uint8Array> => ({
      async *[Symbol.asyncIterator]() {
        const bytes = payload.slice((n - 1) * dataBlockSize, n * dataBlockSize);
        await s.schedule(Promise.resolve(), `block ${n} opens`);
        for (let i = 0; i < bytes.length; i += 3) {
          await s.schedule(Promise.resolve(), `block ${n} chunk ${i}`);
          yield bytes.slice(i, i + 3);
        }
      },
    });
    const uploads = Effect.all(
      order.map((n) => env.receiveBlock({ orgId: ORG, batchId: batch.batchId, blockNumber: n, body: bodyOf(n), actor: CLIENT })),
      { concurrency: "unbounded" },
    );
    const results = await driven(s, Effect.runPromise(uploads));

    const distinct = new Set(order);
    const complete = distinct.size === blocks;
    // Every block is received once for the first time; every other upload of it is a repeat.
    expect(results.filter((r) => !r.repeat).map((r) => r.blockNumber).sort((a, b) => a - b)).toEqual([...distinct].sort((a, b) => a - b));
    const queuedEvents = memoryErpBatchEvents(env.db, ORG, batch.batchId).filter((e) => e._tag === "BatchQueued");
    expect(queuedEvents).toHaveLength(complete ? 1 : 0);
    expect(await Effect.runPromise(env.jobs.depth)).toBe(complete ? 1 : 0);
    const final = Option.getOrThrow(await Effect.runPromise(env.stores.erpBatches.get(ORG, batch.batchId))).state as InboundState;
    expect(final._tag).toBe(complete ? "Queued" : distinct.size === 0 ? "AwaitingData" : "Receiving");
    // What is stored is exactly the received blocks, and no staging blob is left behind.
    const keys = await Effect.runPromise(env.blobs.list("erp/"));
    expect(keys.filter((k) => k.includes("/staging/"))).toEqual([]);
    expect(keys).toHaveLength(distinct.size);
    if (complete) {
      const parts = [];
      for (let n = 1; n <= blocks; n++) parts.push(await readAll(await Effect.runPromise(env.blobs.get(receivedBlockKey(final, n)!))));
      expect(Buffer.concat(parts)).toEqual(Buffer.from(payload));
    }
  });

describe("receiveBlock under concurrency", () => {
  it("blocks received in any order, repeated, concurrently interleaved, complete a batch exactly once and only when every block is there", async () => {
    const counters = { conflicts: 0 };
    await fc.assert(checkConcurrentUploads(() => undefined, counters), { numRuns: 100 });
  }, 60_000);

  it("completes a batch exactly once when concurrent units of work race on the same version (optimistic concurrency)", async () => {
    // Units of work that interleave like separate database connections: each reads the batch,
    // yields its turn, and saves conditionally on the version it read, so racing uploads lose
    // with VersionConflict and must reload. receiveBlock writes only through one conditional
    // save and an idempotent job enqueue, so no rollback is needed to keep the stores consistent.
    const counters = { conflicts: 0 };
    const racing: UowFactory = (s, c) => (stores) => {
      const erpBatches = {
        ...stores.erpBatches,
        get: (orgId: OrganizationId, id: string) => Effect.zipLeft(stores.erpBatches.get(orgId, id), Effect.promise(() => s.schedule(Promise.resolve(), "store read"))),
        save: (request: Parameters<MemoryErpStores["erpBatches"]["save"]>[0]) =>
          stores.erpBatches.save(request).pipe(Effect.tapErrorTag("Store.VersionConflict", () => Effect.sync(() => void (c.conflicts += 1)))),
      };
      const racingStores: MemoryErpStores = { ...stores, erpBatches };
      return { run: (work) => work(racingStores) };
    };
    await fc.assert(checkConcurrentUploads(racing, counters), { numRuns: 100 });
    expect(counters.conflicts).toBeGreaterThan(0);
  }, 60_000);
});
