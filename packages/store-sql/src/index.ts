export type { SqlDatabase, SqlDialect, SqlSession, DialectName } from "./dialects/dialect";
export { parseDatabaseUrl, type DatabaseUrl } from "./dialects/database-url";
export { openDatabase, type OpenDatabaseOptions } from "./dialects/open-database";
export { migrateToLatest, migrateTo, makeMigrator, migrations } from "./migrations";
export { makeSqlUnitOfWork, type SqlUnitOfWorkOptions } from "./sql-unit-of-work";
export { makeSqlJobOutbox, makeSqlJobQueue } from "./sql-job-queue";
export { makeSqlIdentityStore, type IdentityTables } from "./sql-identity-store";
