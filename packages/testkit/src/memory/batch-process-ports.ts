/**
 * Every port the eBill use cases need, in memory and wired together: one MemoryDb behind the
 * BatchProcess repository, the receivable stores and the job outbox; a blob store; the CSV test
 * codec; a manual clock and sequential ids. For use-case tests here and in the service.
 */
import { Effect } from "effect";
import type { BlobKey, BlobStore, EbillStores } from "@batch/core";
import { makeManualClock, makeSequentialIds } from "./clock";
import { makeMemoryBatchProcessRepository } from "./batch-process-repository";
import { makeCsvTestDecoder, makeCsvTestResultWriter } from "./csv-test-decoder";
import { makeMemoryBlobStore } from "./memory-blob-store";
import { makeMemoryDb, makeMemoryUnitOfWork } from "./memory-db";
import { makeMemoryJobQueue } from "./memory-job-queue";
import { makeMemoryReceivableStores } from "./receivable-stores";

export const makeMemoryBatchProcessPorts = (start = "2026-03-01T09:00:00.000Z") => {
  const db = makeMemoryDb();
  const { outbox, queue } = makeMemoryJobQueue(db);
  const stores: EbillStores = { batchProcesses: makeMemoryBatchProcessRepository(db), ...makeMemoryReceivableStores(db), jobs: outbox };
  const manualClock = makeManualClock(start);
  return {
    db,
    stores,
    uow: makeMemoryUnitOfWork(db, stores),
    queue,
    blobs: makeMemoryBlobStore({ clock: manualClock.clock }),
    decoder: makeCsvTestDecoder(),
    resultWriter: makeCsvTestResultWriter(),
    clock: manualClock.clock,
    advanceClock: manualClock.advance,
    ids: makeSequentialIds(),
  };
};

export type MemoryBatchProcessPorts = ReturnType<typeof makeMemoryBatchProcessPorts>;

/** Puts `text` as UTF-8 under `key`, as a client's PUT to an upload URL would. */
export const putBlobText = (blobs: BlobStore, key: BlobKey, text: string) =>
  Effect.asVoid(
    blobs.put(key, {
      async *[Symbol.asyncIterator]() {
        yield new TextEncoder().encode(text);
      },
    }),
  );

/** The blob under `key` as UTF-8 text. */
export const readBlobText = (blobs: BlobStore, key: BlobKey) =>
  Effect.flatMap(blobs.get(key), (bytes) =>
    Effect.promise(async () => {
      const chunks: Array<Uint8Array> = [];
      for await (const chunk of bytes) chunks.push(chunk);
      return Buffer.concat(chunks).toString("utf8");
    }),
  );
