/**
 * The full bag of stores a unit of work hands to use cases, every one built on the same session
 * (the unit of work's transaction). A use case asks for the part it needs.
 */
import { makeOutboundBatchEmitter } from "@batch/core";
import type { SqlSession } from "./dialects/dialect";
import { makeSqlApBatchRepository } from "./sql-ap-batch-repository";
import { makeSqlApInvoiceStore } from "./sql-ap-invoice-store";
import { makeSqlBatchProcessRepository } from "./sql-batch-process-repository";
import { makeSqlErpBatchItemStore } from "./sql-erp-batch-item-store";
import { makeSqlErpBatchRepository } from "./sql-erp-batch-repository";
import { makeSqlErpRecordStores } from "./sql-erp-record-stores";
import { makeSqlJobOutbox } from "./sql-job-queue";
import { makeSqlPaymentBatchRepository } from "./sql-payment-batch-repository";
import {
  makeSqlBankStatementEntryStore,
  makeSqlCustomAttributeDefinitionStore,
  makeSqlFinancialAccountStore,
  makeSqlPaymentFileStore,
  makeSqlPaymentRequestStore,
} from "./sql-payment-record-stores";
import { makeSqlCustomerStore, makeSqlLineItemStore, makeSqlReceivableDocumentStore } from "./sql-receivable-stores";

export const makeSqlStores = (session: SqlSession) => {
  const erpBatches = makeSqlErpBatchRepository(session);
  const erpBatchItems = makeSqlErpBatchItemStore(session);
  return {
    jobs: makeSqlJobOutbox(session),
    erpBatches,
    erpBatchItems,
    ...makeSqlErpRecordStores(session),
    // Exported AP batches and finished payment batches become outbound ERP batches in the same transaction.
    outbound: makeOutboundBatchEmitter({ erpBatches, erpBatchItems }),
    apBatches: makeSqlApBatchRepository(session),
    apInvoices: makeSqlApInvoiceStore(session),
    batchProcesses: makeSqlBatchProcessRepository(session),
    customers: makeSqlCustomerStore(session),
    receivableDocuments: makeSqlReceivableDocumentStore(session),
    lineItems: makeSqlLineItemStore(session),
    paymentBatches: makeSqlPaymentBatchRepository(session),
    financialAccounts: makeSqlFinancialAccountStore(session),
    customAttributes: makeSqlCustomAttributeDefinitionStore(session),
    paymentRequests: makeSqlPaymentRequestStore(session),
    bankStatementEntries: makeSqlBankStatementEntryStore(session),
    paymentFiles: makeSqlPaymentFileStore(session),
  };
};

export type SqlStores = ReturnType<typeof makeSqlStores>;
