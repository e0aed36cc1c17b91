/**
 * A runnable walk through a whole batch life cycle on the real core, codecs and filesystem blob
 * store (stores in memory): an ERP uploads invoices in numbered blocks, a worker validates and
 * applies them, an AP clerk batches the vouchered invoices and exports them, and the ERP picks
 * up the outbound batch and acknowledges it. Every step prints what the product answered.
 *
 * Run: `pnpm demo` (or `pnpm --filter @batch/api demo`). Blobs go to `BATCH_DEMO_DIR`
 * (default `./data/demo-blobs`).
 */
import { randomUUID } from "node:crypto";
import { Effect, Option } from "effect";
import {
  makeAcknowledgeOutboundBatch,
  makeAddInvoiceToApBatch,
  makeCreateApBatch,
  makeCreateErpBatch,
  makeExportApBatch,
  makeGetOutboundPayload,
  makeItemAppliers,
  makeListApInvoices,
  makeListErpBatchItems,
  makeListOutboundBatches,
  makeProcessInboundBatch,
  makeReceiveBlock,
  makeSubmitApBatchToQueued,
  erpBatchItemCountsOf,
  erpBatchStatusOf,
  receivedBlockCount,
  Decimal,
  type Clock,
  type IdSource,
  type OrganizationId,
} from "@batch/core";
import { makeRecordDecoder, makeRecordEncoder } from "@batch/codecs";
import { makeFsBlobStore } from "@batch/blob-fs";
import {
  makeMemoryApBatchRepository,
  makeMemoryApInvoiceStore,
  makeMemoryDb,
  makeMemoryErpStores,
  makeMemoryJobQueue,
  makeMemoryUnitOfWork,
} from "@batch/testkit";

const orgId = "demo/main" as OrganizationId;
const erp = { id: "6f1c5a2e-0000-4000-8000-000000000001", name: "SAP connector" };
const clerk = { id: "6f1c5a2e-0000-4000-8000-000000000002", name: "AP clerk" };
const worker = { id: "6f1c5a2e-0000-4000-8000-000000000003", name: "batchport worker" };

const clock: Clock = { now: Effect.sync(() => new Date().toISOString()) };
const ids: IdSource = { uuid: Effect.sync(() => randomUUID()) };

const show = (step: string, value: unknown) =>
  console.log(`\n== ${step}\n${JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}`);

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

const invoices = [
  { invoiceNo: "INV-1001", vendorNo: "V-10", vendorName: "Acme Supplies", invoiceValidationTotal: 1250.4, invoiceDate: "2026-11-02" },
  { invoiceNo: "INV-1002", vendorNo: "V-10", vendorName: "Acme Supplies", invoiceValidationTotal: 0.1 },
  { invoiceNo: "INV-1003", vendorNo: "V-22", vendorName: "Nordic Parts AB", invoiceValidationTotal: 0.2 },
  { invoiceNo: "INV-1004", vendorName: "missing vendor number", invoiceValidationTotal: 10 },
  { invoiceNo: "INV-1005", vendorNo: "V-22", vendorName: "Nordic Parts AB", invoiceValidationTotal: "99.99", matchedInvoiceStatus: "Matched" },
];

const program = Effect.gen(function* () {
  const db = makeMemoryDb();
  const jobs = makeMemoryJobQueue(db);
  const stores = { ...makeMemoryErpStores(db, jobs.outbox), apBatches: makeMemoryApBatchRepository(db), apInvoices: makeMemoryApInvoiceStore(db) };
  const uow = makeMemoryUnitOfWork(db, stores);
  const blobs = makeFsBlobStore({
    root: process.env.BATCH_DEMO_DIR ?? "./data/demo-blobs",
    publicBaseUrl: "http://127.0.0.1:3000",
    signingSecret: randomUUID() + randomUUID(),
  });
  const { INVOICE } = makeItemAppliers({ ids });

  const payload = new TextEncoder().encode(JSON.stringify(invoices));
  const dataBlockSize = Math.ceil(payload.length / 3);

  // 1. The ERP creates a batch for block transfer and uploads three blocks, the last one first.
  const created = yield* makeCreateErpBatch({ uow, clock, ids, settings: { dataBlockSize, maxPayloadSize: 5 * 2 ** 30 } })({
    orgId, actor: erp, clientRefId: "sap-prod", referenceId: "invoices-2026-11-21", payloadObjectType: "INVOICE",
    format: "JSON", totalPayloadSize: payload.length, totalLineItemCount: invoices.length,
  });
  show("1. ERP creates an inbound INVOICE batch", { batchId: created.batch.batchId, status: erpBatchStatusOf(created.batch), dataBlockSize, totalDataBlocks: created.batch.totalDataBlocks });
  const batchId = created.batch.batchId;
  const receive = makeReceiveBlock({ uow, blobs, clock, ids });
  for (const n of [3, 1, 1, 2]) {
    const block = payload.subarray((n - 1) * dataBlockSize, n * dataBlockSize);
    const r = yield* receive({ orgId, batchId, blockNumber: n, body: once(block), actor: erp });
    show(`2. block ${n} received${r.repeat ? " again (identical repeat: nothing changes)" : ""}`, { status: erpBatchStatusOf(r.batch), receivedBlocks: receivedBlockCount(r.batch) });
  }

  // 2. A worker claims the queued job and processes the batch.
  const claimed = yield* jobs.queue.claim({ workerId: "demo-worker", now: yield* clock.now, leaseMs: 60_000 });
  const job = Option.getOrThrow(claimed);
  const processed = yield* makeProcessInboundBatch({ uow, appliers: { INVOICE }, blobs, decoder: makeRecordDecoder(), clock })({ orgId, batchId: job.subjectId, actor: worker });
  yield* jobs.queue.complete(job.jobId, "demo-worker");
  show("3. worker processed the batch", { status: erpBatchStatusOf(processed), itemCounts: erpBatchItemCountsOf(processed) });
  const items = yield* makeListErpBatchItems({ uow })({ orgId, batchId, limit: 10 });
  show("4. per-item results", items.items);

  // 3. The AP clerk batches the vouchered invoices and exports them.
  const vouchered = yield* makeListApInvoices({ uow })({ orgId, query: { orderBy: [{ property: "invoiceNo", direction: "asc" }] } });
  show("5. AP invoices on the books", vouchered.rows.map((i) => ({ invoiceNo: i.invoiceNo, vendorNo: i.vendorNo, status: i.matchedInvoiceStatus })));
  const apBatch = yield* makeCreateApBatch({ uow, clock, ids })({ orgId, actor: clerk, reference: "November run" });
  const add = makeAddInvoiceToApBatch({ uow, clock });
  for (const invoice of vouchered.rows) {
    const added = yield* Effect.either(add({ orgId, actor: clerk, apBatchId: apBatch.apBatchId, apMatchedInvoiceId: invoice.apMatchedInvoiceId }));
    if (added._tag === "Left") show(`6. adding ${invoice.invoiceNo} refused`, { code: added.left._tag, message: added.left.message });
  }
  const queued = yield* makeSubmitApBatchToQueued({ uow, clock })({ orgId, actor: clerk, apBatchId: apBatch.apBatchId });
  show("7. AP batch submitted to Queued", { batchNo: queued.batchNo, batchStatus: queued.batchStatus, invoiceCount: queued.invoiceCount, batchTotal: Decimal.format(queued.batchTotal, 2) });
  const exported = yield* makeExportApBatch({ uow, clock, ids })({ orgId, actor: clerk, apBatchId: apBatch.apBatchId });
  show("8. AP batch exported", { batchStatus: exported.batch.batchStatus, outboundBatchId: exported.outboundBatchId });

  // 4. The ERP picks up the outbound batch and acknowledges it.
  const pending = yield* makeListOutboundBatches({ uow })({ orgId, payloadObjectType: "INVOICE" });
  show("9. outbound batches pending for the ERP", pending.map((b) => ({ batchId: b.batchId, status: erpBatchStatusOf(b) })));
  const csv = yield* makeGetOutboundPayload({ uow, encoder: makeRecordEncoder() })({ orgId, batchId: exported.outboundBatchId, format: "CSV" });
  const chunks: Array<Uint8Array> = [];
  yield* Effect.promise(async () => {
    for await (const chunk of csv.bytes) chunks.push(chunk);
  });
  console.log(`\n== 10. outbound payload as CSV\n${Buffer.concat(chunks).toString("utf8").split("\n").map((l) => l.slice(0, 120)).join("\n")}`);
  const acknowledged = yield* makeAcknowledgeOutboundBatch({ uow, clock })({ orgId, batchId: exported.outboundBatchId, actor: erp });
  show("11. ERP acknowledged every item", { status: erpBatchStatusOf(acknowledged) });
  const after = yield* makeListOutboundBatches({ uow })({ orgId });
  show("12. outbound batches still pending", after.length);
});

Effect.runPromise(program).catch((error: unknown) => {
  console.error("demo failed:", error);
  process.exitCode = 1;
});
