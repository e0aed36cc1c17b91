/**
 * The ERP integration use cases wired to in-memory adapters: one MemoryDb behind every store and
 * the job queue, the in-memory blob store, a manual clock, sequential ids, the JSON test codecs
 * and the COMPANY, COMPANY_CODE and PURCHASE_ORDER appliers. For tests of the use cases and of
 * anything built on them.
 */
import {
  companyApplier,
  companyCodeApplier,
  makeAcknowledgeOutboundBatch,
  makeCancelErpBatch,
  makeCreateErpBatch,
  makeGetErpBatch,
  makeGetOutboundPayload,
  makeListErpBatches,
  makeListErpBatchItems,
  makeListOutboundBatches,
  makeProcessInboundBatch,
  makeReceiveBlock,
  makeUploadWholeBatch,
  purchaseOrderApplier,
  type ItemApplierRegistry,
  type RecordDecoder,
  type TransferSettings,
  type UnitOfWork,
} from "@batch/core";
import { makeManualClock, makeSequentialIds } from "./clock";
import { makeErpJsonDecoder } from "./erp-json-decoder";
import { makeErpJsonEncoder } from "./erp-json-encoder";
import { makeMemoryErpStores, type MemoryErpStores } from "./erp-stores";
import { makeMemoryBlobStore } from "./memory-blob-store";
import { makeMemoryDb, makeMemoryUnitOfWork } from "./memory-db";
import { makeMemoryJobQueue } from "./memory-job-queue";

export const erpMasterDataAppliers: ItemApplierRegistry<MemoryErpStores> = {
  COMPANY: companyApplier,
  COMPANY_CODE: companyCodeApplier,
  PURCHASE_ORDER: purchaseOrderApplier,
};

export interface MemoryErpEnvironmentOptions {
  readonly settings?: TransferSettings;
  readonly appliers?: ItemApplierRegistry<MemoryErpStores>;
  readonly decoder?: RecordDecoder;
  readonly chunkSize?: number;
  /** Another unit of work over the same stores (to test other isolation behaviour). */
  readonly uow?: (stores: MemoryErpStores, db: ReturnType<typeof makeMemoryDb>) => UnitOfWork<MemoryErpStores>;
}

export const makeMemoryErpEnvironment = (options: MemoryErpEnvironmentOptions = {}) => {
  const db = makeMemoryDb();
  const jobQueue = makeMemoryJobQueue(db);
  const stores = makeMemoryErpStores(db, jobQueue.outbox);
  const uow = options.uow?.(stores, db) ?? makeMemoryUnitOfWork(db, stores);
  const blobs = makeMemoryBlobStore();
  const manualClock = makeManualClock();
  const clock = manualClock.clock;
  const ids = makeSequentialIds();
  const settings = options.settings ?? { dataBlockSize: 8 * 1024 * 1024, maxPayloadSize: 5 * 1024 ** 3 };
  const encoder = makeErpJsonEncoder();
  return {
    db,
    stores,
    uow,
    blobs,
    jobs: jobQueue.queue,
    manualClock,
    settings,
    createErpBatch: makeCreateErpBatch({ uow, clock, ids, settings }),
    receiveBlock: makeReceiveBlock({ uow, blobs, clock, ids }),
    uploadWholeBatch: makeUploadWholeBatch({ uow, blobs, clock, ids, settings }),
    getErpBatch: makeGetErpBatch({ uow }),
    listErpBatchItems: makeListErpBatchItems({ uow }),
    listErpBatches: makeListErpBatches({ uow }),
    cancelErpBatch: makeCancelErpBatch({ uow, clock }),
    listOutboundBatches: makeListOutboundBatches({ uow }),
    getOutboundPayload: makeGetOutboundPayload({ uow, encoder }),
    acknowledgeOutboundBatch: makeAcknowledgeOutboundBatch({ uow, clock }),
    processInboundBatch: makeProcessInboundBatch({
      uow,
      blobs,
      clock,
      decoder: options.decoder ?? makeErpJsonDecoder(),
      appliers: options.appliers ?? erpMasterDataAppliers,
      ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
    }),
  };
};

export type MemoryErpEnvironment = ReturnType<typeof makeMemoryErpEnvironment>;
