import { erpBatchItemStoreContract, erpBatchRepositoryContract, erpRecordStoresContract } from "@batch/testkit";
import { sqlFixture, testDatabases } from "./sql-harness";

for (const [name, open] of testDatabases) {
  const harness = sqlFixture(open, (stores) => stores);
  erpBatchRepositoryContract(name, harness);
  erpBatchItemStoreContract(name, harness);
  erpRecordStoresContract(name, harness);
}
