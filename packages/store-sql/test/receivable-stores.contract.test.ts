import { receivableStoresContract } from "@batch/testkit";
import { sqlFixture, testDatabases } from "./sql-harness";

for (const [name, open] of testDatabases)
  receivableStoresContract(name, sqlFixture(open, ({ customers, receivableDocuments, lineItems }) => ({ customers, receivableDocuments, lineItems })));
