import { apInvoiceStoreContract } from "@batch/testkit";
import { sqlFixture, testDatabases } from "./sql-harness";

for (const [name, open] of testDatabases) apInvoiceStoreContract(name, sqlFixture(open, ({ apInvoices }) => ({ apInvoices })));
