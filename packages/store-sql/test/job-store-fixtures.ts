import type { JobStoreFixture } from "@batch/testkit";
import { makeSqlJobOutbox, makeSqlJobQueue, makeSqlUnitOfWork, openDatabase, type SqlDatabase } from "../src";
import { openPostgresPeer } from "./databases";
import { freshPostgres, freshSqlite } from "./sql-harness";

const fixture = (database: SqlDatabase, peers: ReadonlyArray<SqlDatabase>): JobStoreFixture => ({
  uow: makeSqlUnitOfWork(database, (session) => ({ jobs: makeSqlJobOutbox(session) })),
  queue: makeSqlJobQueue(database),
  otherQueues: peers.map(makeSqlJobQueue),
  close: async () => {
    for (const peer of peers) await peer.close();
    await database.close();
  },
});

/** A SQLite file with a second connection on it, as a second process would have. */
export const sqliteJobStore = async (): Promise<JobStoreFixture> => {
  const database = await freshSqlite();
  const peer = await openDatabase(`sqlite:${database.path}`, { migrate: false });
  return fixture(database, [peer]);
};

export const sqliteMemoryJobStore = async (): Promise<JobStoreFixture> => fixture(await openDatabase("sqlite::memory:"), []);

/** A PostgreSQL schema with two more pools on it: concurrent claimers use separate connections. */
export const postgresJobStore = async (): Promise<JobStoreFixture> => {
  const database = await freshPostgres();
  return fixture(database, [await openPostgresPeer(database), await openPostgresPeer(database)]);
};
