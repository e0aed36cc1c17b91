/** Every ERP store over one MemoryDb: what the ERP use cases and the inbound appliers work on. */
import { makeOutboundBatchEmitter, type ErpBatchStores, type ErpRecordStores, type JobOutbox, type OutboundBatchEmitter } from "@batch/core";
import { makeMemoryErpBatchItemStore } from "./erp-batch-item-store";
import { makeMemoryErpBatchRepository } from "./erp-batch-repository";
import { makeMemoryErpRecordStores } from "./erp-record-stores";
import type { MemoryDb } from "./memory-db";
import { makeMemoryJobQueue } from "./memory-job-queue";

export type MemoryErpStores = ErpBatchStores & ErpRecordStores & { readonly outbound: OutboundBatchEmitter };

/** The job outbox defaults to the in-memory job queue over the same db (its worker side reads the same table). */
export const makeMemoryErpStores = (db: MemoryDb, jobs: JobOutbox = makeMemoryJobQueue(db).outbox): MemoryErpStores => {
  const erpBatches = makeMemoryErpBatchRepository(db);
  const erpBatchItems = makeMemoryErpBatchItemStore(db);
  return { erpBatches, erpBatchItems, jobs, ...makeMemoryErpRecordStores(db), outbound: makeOutboundBatchEmitter({ erpBatches, erpBatchItems }) };
};
