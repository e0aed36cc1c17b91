import { batchProcessRepositoryContract } from "@batch/testkit";
import { sqlFixture, testDatabases } from "./sql-harness";

for (const [name, open] of testDatabases) batchProcessRepositoryContract(name, sqlFixture(open, ({ batchProcesses }) => ({ batchProcesses })));
