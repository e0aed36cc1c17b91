import { makeMemoryDb, makeMemoryReceivableStores, makeMemoryUnitOfWork, receivableStoresContract } from "../src";

receivableStoresContract("in-memory", async () => {
  const db = makeMemoryDb();
  return { uow: makeMemoryUnitOfWork(db, makeMemoryReceivableStores(db)) };
});
