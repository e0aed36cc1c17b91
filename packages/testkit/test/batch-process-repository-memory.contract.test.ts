import { batchProcessRepositoryContract, makeMemoryBatchProcessRepository, makeMemoryDb, makeMemoryUnitOfWork } from "../src";

batchProcessRepositoryContract("in-memory", async () => {
  const db = makeMemoryDb();
  return { uow: makeMemoryUnitOfWork(db, { batchProcesses: makeMemoryBatchProcessRepository(db) }) };
});
