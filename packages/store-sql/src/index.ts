export type { SqlDatabase, SqlDialect, SqlSession, DialectName } from "./dialects/dialect";
export { parseDatabaseUrl, type DatabaseUrl } from "./dialects/database-url";
export { openDatabase, type OpenDatabaseOptions } from "./dialects/open-database";
export { configureSqliteConnection, registerFunctions as registerSqliteFunctions } from "./dialects/sqlite";
export { migrateToLatest, migrateTo, makeMigrator, migrations } from "./migrations";
export { makeSqlUnitOfWork, type SqlUnitOfWorkOptions } from "./sql-unit-of-work";
export { makeSqlJobOutbox, makeSqlJobQueue } from "./sql-job-queue";
export { makeSqlIdentityStore, type IdentityTables } from "./sql-identity-store";
export { makeSqlStores, type SqlStores } from "./sql-stores";
export { makeSqlApBatchRepository } from "./sql-ap-batch-repository";
export { compileApInvoiceQuery, makeSqlApInvoiceStore } from "./sql-ap-invoice-store";
export { makeSqlBatchProcessRepository } from "./sql-batch-process-repository";
export { makeSqlCustomerStore, makeSqlReceivableDocumentStore, makeSqlLineItemStore, makeSqlReceivableStores } from "./sql-receivable-stores";
export { makeSqlPaymentBatchRepository } from "./sql-payment-batch-repository";
export {
  makeSqlBankStatementEntryStore,
  makeSqlCustomAttributeDefinitionStore,
  makeSqlFinancialAccountStore,
  makeSqlPaymentFileStore,
  makeSqlPaymentRequestStore,
} from "./sql-payment-record-stores";
export { makeSqlErpBatchRepository } from "./sql-erp-batch-repository";
export { makeSqlErpBatchItemStore } from "./sql-erp-batch-item-store";
export { makeSqlErpRecordStores } from "./sql-erp-record-stores";
export { makeSqlIdempotencyStore, type IdempotencyTables } from "./sql-idempotency-store";
