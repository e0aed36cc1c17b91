import { apBatchRepositoryContract } from "@batch/testkit";
import { sqlFixture, testDatabases } from "./sql-harness";

for (const [name, open] of testDatabases) apBatchRepositoryContract(name, sqlFixture(open, ({ apBatches }) => ({ apBatches })));
