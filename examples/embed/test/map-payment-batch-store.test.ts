/**
 * "Implement the port, call the contract suite, done": the application's own repository passes
 * the suite every PaymentBatchRepository of Batchport passes (in-memory, SQLite, PostgreSQL).
 */
import { paymentBatchRepositoryContract } from "@batch/testkit";
import { makeMapPaymentBatchStore } from "../src/map-payment-batch-store.js";

paymentBatchRepositoryContract("Map store of the example", async () => ({ uow: makeMapPaymentBatchStore() }));
