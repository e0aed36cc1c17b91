/**
 * Every store of the payments area over one MemoryDb, and a unit of work over them, for use-case
 * tests and for apps that run without a database.
 */
import type { PaymentStores, UnitOfWork } from "@batch/core";
import { makeMemoryUnitOfWork, type MemoryDb } from "./memory-db";
import { makeMemoryPaymentBatchRepository } from "./payment-batch-repository";
import { makeMemoryOutboundBatchEmitter } from "./payment-outbound-emitter";
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
  outbound: makeMemoryOutboundBatchEmitter(db),
});

export const makeMemoryPaymentUnitOfWork = (db: MemoryDb): UnitOfWork<PaymentStores> => makeMemoryUnitOfWork(db, makeMemoryPaymentStores(db));
