import { apBatchRepositoryContract, makeMemoryApBatchRepository, makeMemoryDb, makeMemoryUnitOfWork } from "../src";

apBatchRepositoryContract("in-memory", async () => {
  const db = makeMemoryDb();
  return { uow: makeMemoryUnitOfWork(db, { apBatches: makeMemoryApBatchRepository(db) }) };
});
