/**
 * The full bag of stores a unit of work hands to use cases, every one built on the same session
 * (the unit of work's transaction). A use case asks for the part it needs.
 */
import type { SqlSession } from "./dialects/dialect";
import { makeSqlApBatchRepository } from "./sql-ap-batch-repository";
import { makeSqlApInvoiceStore } from "./sql-ap-invoice-store";
import { makeSqlJobOutbox } from "./sql-job-queue";

export const makeSqlStores = (session: SqlSession) => ({
  jobs: makeSqlJobOutbox(session),
  apBatches: makeSqlApBatchRepository(session),
  apInvoices: makeSqlApInvoiceStore(session),
});

export type SqlStores = ReturnType<typeof makeSqlStores>;
