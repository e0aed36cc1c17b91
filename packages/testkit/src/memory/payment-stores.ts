/**
 * Every store of the payments area over one MemoryDb, and a unit of work over them, for use-case
 * tests and for apps that run without a database. Finished batches emit their outbound
 * PAYMENT_STATUS batch through the real OutboundBatchEmitter over the in-memory ERP stores.
 */
import { Effect } from "effect";
import { makeOutboundBatchEmitter, type OrganizationId, type PaymentStores, type UnitOfWork } from "@batch/core";
import { makeMemoryErpBatchItemStore } from "./erp-batch-item-store";
import { makeMemoryErpBatchRepository } from "./erp-batch-repository";
import { makeMemoryUnitOfWork, type MemoryDb } from "./memory-db";
import { makeMemoryPaymentBatchRepository } from "./payment-batch-repository";
import {
  makeMemoryBankStatementEntryStore,
  makeMemoryCustomAttributeDefinitionStore,
  makeMemoryFinancialAccountStore,
  makeMemoryPaymentFileStore,
  makeMemoryPaymentRequestStore,
} from "./payment-record-stores";

export const makeMemoryPaymentStores = (db: MemoryDb): PaymentStores => ({
  paymentBatches: makeMemoryPaymentBatchRepository(db),
  financialAccounts: makeMemoryFinancialAccountStore(db),
  customAttributes: makeMemoryCustomAttributeDefinitionStore(db),
  paymentRequests: makeMemoryPaymentRequestStore(db),
  bankStatementEntries: makeMemoryBankStatementEntryStore(db),
  paymentFiles: makeMemoryPaymentFileStore(db),
  outbound: makeOutboundBatchEmitter({ erpBatches: makeMemoryErpBatchRepository(db), erpBatchItems: makeMemoryErpBatchItemStore(db) }),
});

export const makeMemoryPaymentUnitOfWork = (db: MemoryDb): UnitOfWork<PaymentStores> => makeMemoryUnitOfWork(db, makeMemoryPaymentStores(db));

/** The organization's pending outbound PAYMENT_STATUS batches with their item payloads, oldest first. */
export const memoryPaymentStatusOutbound = (db: MemoryDb, orgId: OrganizationId) => {
  const erpBatches = makeMemoryErpBatchRepository(db);
  const erpBatchItems = makeMemoryErpBatchItemStore(db);
  return Effect.flatMap(erpBatches.listOutboundPending(orgId, "PAYMENT_STATUS"), (batches) =>
    Effect.forEach(batches, (batch) =>
      Effect.map(erpBatchItems.getOutboundItems(orgId, batch.batchId), (items) => ({ batch, items: items.map((i) => i.payload) })),
    ),
  );
};
