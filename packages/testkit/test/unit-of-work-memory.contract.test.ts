import { makeMemoryDb, makeMemoryJobQueue, makeMemoryUnitOfWork, unitOfWorkContract } from "../src";

unitOfWorkContract("in-memory", async () => {
  const db = makeMemoryDb();
  const { outbox, queue } = makeMemoryJobQueue(db);
  return { uow: makeMemoryUnitOfWork(db, { jobs: outbox }), queue };
});
