import {
  erpBatchItemStoreContract,
  erpBatchRepositoryContract,
  erpRecordStoresContract,
  makeMemoryDb,
  makeMemoryErpBatchItemStore,
  makeMemoryErpBatchRepository,
  makeMemoryErpRecordStores,
  makeMemoryUnitOfWork,
} from "../src";

erpBatchRepositoryContract("in-memory", async () => {
  const db = makeMemoryDb();
  return { uow: makeMemoryUnitOfWork(db, { erpBatches: makeMemoryErpBatchRepository(db) }) };
});

erpBatchItemStoreContract("in-memory", async () => {
  const db = makeMemoryDb();
  return { uow: makeMemoryUnitOfWork(db, { erpBatchItems: makeMemoryErpBatchItemStore(db) }) };
});

erpRecordStoresContract("in-memory", async () => {
  const db = makeMemoryDb();
  return { uow: makeMemoryUnitOfWork(db, makeMemoryErpRecordStores(db)) };
});
