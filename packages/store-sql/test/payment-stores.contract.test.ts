import {
  bankStatementEntryStoreContract,
  customAttributeDefinitionStoreContract,
  financialAccountStoreContract,
  paymentBatchRepositoryContract,
  paymentFileStoreContract,
  paymentRequestStoreContract,
} from "@batch/testkit";
import { sqlFixture, testDatabases } from "./sql-harness";

for (const [name, open] of testDatabases) {
  const harness = sqlFixture(open, (stores) => stores);
  paymentBatchRepositoryContract(name, harness);
  financialAccountStoreContract(name, harness);
  customAttributeDefinitionStoreContract(name, harness);
  paymentRequestStoreContract(name, harness);
  bankStatementEntryStoreContract(name, harness);
  paymentFileStoreContract(name, harness);
}
