import { makeMemoryDb, makeMemoryJobQueue, makeMemoryUnitOfWork, jobQueueContract } from "../src";

jobQueueContract("in-memory", async () => {
  const db = makeMemoryDb();
  const { outbox, queue } = makeMemoryJobQueue(db);
  return { uow: makeMemoryUnitOfWork(db, { jobs: outbox }), queue };
});
