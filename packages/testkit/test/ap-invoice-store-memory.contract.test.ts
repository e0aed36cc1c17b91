import { apInvoiceStoreContract, makeMemoryApInvoiceStore, makeMemoryDb, makeMemoryUnitOfWork } from "../src";

apInvoiceStoreContract("in-memory", async () => {
  const db = makeMemoryDb();
  return { uow: makeMemoryUnitOfWork(db, { apInvoices: makeMemoryApInvoiceStore(db) }) };
});
