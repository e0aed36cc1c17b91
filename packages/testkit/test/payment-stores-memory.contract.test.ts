import {
  bankStatementEntryStoreContract,
  customAttributeDefinitionStoreContract,
  financialAccountStoreContract,
  makeMemoryDb,
  makeMemoryPaymentStores,
  makeMemoryUnitOfWork,
  paymentBatchRepositoryContract,
  paymentFileStoreContract,
  paymentRequestStoreContract,
} from "../src";

const harness = async () => {
  const db = makeMemoryDb();
  return { uow: makeMemoryUnitOfWork(db, makeMemoryPaymentStores(db)) };
};

paymentBatchRepositoryContract("in-memory", harness);
financialAccountStoreContract("in-memory", harness);
customAttributeDefinitionStoreContract("in-memory", harness);
paymentRequestStoreContract("in-memory", harness);
bankStatementEntryStoreContract("in-memory", harness);
paymentFileStoreContract("in-memory", harness);
