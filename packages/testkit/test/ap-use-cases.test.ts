/**
 * The AP use cases on the in-memory stores: every seed 001 operation of API.md with each of its
 * refusals, and the cross-aggregate properties over random sequences of them.
 */
import { describe, expect, it } from "vitest";
import { Cause, Effect, Exit, FastCheck as fc, Option, Schema } from "effect";
import {
  apBatchMembershipAgrees,
  brokenApInvoiceInvariants,
  Decimal,
  encodeApInvoice,
  Filter,
  FilterLiteral,
  invoiceApplier,
  invoiceInAtMostOneApBatch,
  InvoiceRecord,
  makeAddInvoiceToApBatch,
  makeCreateApBatch,
  makeCreateApInvoice,
  makeExportApBatch,
  makeGetApBatch,
  makeGetApInvoice,
  makeListApBatches,
  makeListApBatchInvoices,
  makeListApInvoices,
  makeOutboundBatchEmitter,
  makeRemoveInvoiceFromApBatch,
  makeSubmitApBatchToQueued,
  type ApInvoiceData,
  type ExistingApBatch,
  type OrganizationId,
} from "@batch/core";
import {
  apUseCaseStepArb,
  makeManualClock,
  makeMemoryApBatchRepository,
  makeMemoryApInvoiceStore,
  makeMemoryDb,
  makeMemoryErpBatchItemStore,
  makeMemoryErpBatchRepository,
  makeMemoryUnitOfWork,
  makeSequentialIds,
  type ApUseCaseStep,
} from "../src";

const ORG = "org-ap" as OrganizationId;
const OTHER_ORG = "org-other" as OrganizationId;
const ADA = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Ada" };
const BOB = { id: "7a2f1d2b-4c3e-4d6f-9a81-223344556677", name: "Bob" };
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));
const record = (input: Readonly<Record<string, unknown>>): ApInvoiceData => Schema.decodeUnknownSync(InvoiceRecord)(input);

const ok = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);

const setup = () => {
  const db = makeMemoryDb();
  const erpBatches = makeMemoryErpBatchRepository(db);
  const erpBatchItems = makeMemoryErpBatchItemStore(db);
  const stores = {
    apBatches: makeMemoryApBatchRepository(db),
    apInvoices: makeMemoryApInvoiceStore(db),
    // The real emitter: the export and its outbound ERP batch commit together.
    outbound: makeOutboundBatchEmitter({ erpBatches, erpBatchItems }),
  };
  const uow = makeMemoryUnitOfWork(db, stores);
  const manual = makeManualClock("2026-03-01T10:00:00.000Z");
  const deps = { uow, clock: manual.clock, ids: makeSequentialIds() };
  const ap = {
    createBatch: makeCreateApBatch(deps),
    getBatch: makeGetApBatch(deps),
    listBatches: makeListApBatches(deps),
    listBatchInvoices: makeListApBatchInvoices(deps),
    addInvoice: makeAddInvoiceToApBatch(deps),
    removeInvoice: makeRemoveInvoiceFromApBatch(deps),
    submit: makeSubmitApBatchToQueued(deps),
    export: makeExportApBatch(deps),
    listInvoices: makeListApInvoices(deps),
    getInvoice: makeGetApInvoice(deps),
    createInvoice: makeCreateApInvoice(deps),
  };
  const upload = (orgId: OrganizationId, records: ReadonlyArray<ApInvoiceData>) =>
    uow.run((s) =>
      invoiceApplier.apply(s, { orgId, at: "2026-03-01T09:00:00.000Z", actor: ADA, batchId: "erp-batch" }, records.map((r, i) => ({ itemNumber: i + 1, record: r }))),
    );
  const erp = makeMemoryUnitOfWork(db, { erpBatches, erpBatchItems });
  /** The organization's pending outbound INVOICE batches. */
  const emitted = () => ok(erp.run((s) => s.erpBatches.listOutboundPending(ORG, "INVOICE")));
  const outboundItems = (batchId: string) => ok(erp.run((s) => s.erpBatchItems.getOutboundItems(ORG, batchId)));
  const stateOf = (orgId: OrganizationId, apBatchId: string) =>
    uow.run((s) => s.apBatches.get(orgId, apBatchId)).pipe(Effect.map((o) => Option.getOrThrow(o).state as ExistingApBatch));
  return { ap, upload, emitted, outboundItems, stateOf, advance: manual.advance, db, uow };
};

/** The domain error an operation fails with (never a defect). */
const refused = async <A, E>(effect: Effect.Effect<A, E>) => {
  const exit = await Effect.runPromise(Effect.exit(effect));
  if (Exit.isSuccess(exit)) throw new Error("expected a refusal");
  return Option.getOrThrow(Cause.failureOption(exit.cause)) as E & { readonly _tag: string; readonly message: string };
};

const vouchered = (invoiceNo: string, total?: string, vendorNo = "V100") =>
  record({ invoiceNo, vendorNo, ...(total === undefined ? {} : { invoiceValidationTotal: total }) });

/** A world with batch B-1 and Vouchered invoices INV-1 (0.10), INV-2 (0.20), INV-3 (5). */
const world = async () => {
  const w = setup();
  const invoices = await Promise.all(
    [vouchered("INV-1", "0.10"), vouchered("INV-2", "0.20"), vouchered("INV-3", "5")].map((data) => ok(w.ap.createInvoice({ orgId: ORG, actor: ADA, data }))),
  );
  const batch = await ok(w.ap.createBatch({ orgId: ORG, actor: ADA, batchNo: "B-1", reference: "March" }));
  return { ...w, batch, invoices };
};

describe("POST /odata/Batches: create", () => {
  it("creates an Open batch with the given batchNo and reference", async () => {
    const w = setup();
    const batch = await ok(w.ap.createBatch({ orgId: ORG, actor: ADA, batchNo: " B-1 ", reference: "March" }));
    expect(batch).toEqual({
      apBatchId: batch.apBatchId,
      batchNo: "B-1",
      reference: "March",
      batchStatusId: 1,
      batchStatus: "Open",
      batchTotal: Decimal.zero,
      invoiceCount: 0,
      isScheduledExporting: false,
      dateCreated: "2026-03-01T10:00:00.000Z",
      createdBy: ADA.id,
      createdByUserName: "Ada",
      lastUpdated: "2026-03-01T10:00:00.000Z",
      lastUpdatedBy: ADA.id,
      lastUpdatedByUserName: "Ada",
    });
    expect(await ok(w.ap.getBatch({ orgId: ORG, apBatchId: batch.apBatchId }))).toEqual(batch);
  });

  it("generates AP-000001, AP-000002, ... when no batchNo is given, skipping numbers taken by hand", async () => {
    const w = setup();
    await ok(w.ap.createBatch({ orgId: ORG, actor: ADA, batchNo: "AP-000002" }));
    const numbers = [];
    for (const batchNo of [undefined, "  ", undefined]) numbers.push((await ok(w.ap.createBatch({ orgId: ORG, actor: ADA, ...(batchNo === undefined ? {} : { batchNo }) }))).batchNo);
    expect(numbers).toEqual(["AP-000001", "AP-000003", "AP-000004"]);
    expect((await ok(w.ap.createBatch({ orgId: OTHER_ORG, actor: ADA }))).batchNo).toBe("AP-000001");
  });

  it("refuses a batchNo already used in the organization, and only there", async () => {
    const w = setup();
    await ok(w.ap.createBatch({ orgId: ORG, actor: ADA, batchNo: "B-1" }));
    const error = await refused(w.ap.createBatch({ orgId: ORG, actor: BOB, batchNo: "B-1" }));
    expect(error).toMatchObject({ _tag: "ApBatch.BatchNoTaken", batchNo: "B-1", message: 'batchNo "B-1" is already used by another AP batch' });
    expect((await ok(w.ap.listBatches({ orgId: ORG, query: { count: true } }))).count).toBe(1);
    expect((await ok(w.ap.createBatch({ orgId: OTHER_ORG, actor: ADA, batchNo: "B-1" }))).batchNo).toBe("B-1");
  });

  it("refuses a batchNo or reference that breaks a rule, naming the field", async () => {
    const w = setup();
    expect(await refused(w.ap.createBatch({ orgId: ORG, actor: ADA, batchNo: "x".repeat(51) }))).toMatchObject({
      _tag: "ApBatch.Invalid",
      errors: [{ field: "batchNo", message: "must be at most 50 characters" }],
    });
    expect((await refused(w.ap.createBatch({ orgId: ORG, actor: ADA, reference: "r".repeat(256) }))).message).toBe("reference: must be at most 255 characters");
    expect((await ok(w.ap.listBatches({ orgId: ORG, query: { count: true } }))).count).toBe(0);
  });

  it("gives two concurrent creations with one batchNo one batch and one refusal", async () => {
    const w = setup();
    const exits = await Effect.runPromise(
      Effect.all([0, 1].map(() => Effect.exit(w.ap.createBatch({ orgId: ORG, actor: ADA, batchNo: "B-RACE" }))), { concurrency: "unbounded" }),
    );
    expect(exits.filter(Exit.isSuccess)).toHaveLength(1);
    expect((await ok(w.ap.listBatches({ orgId: ORG, query: { count: true } }))).count).toBe(1);
  });
});

describe("GET /odata/Batches and /odata/Batches({batchId})", () => {
  it("gets a batch of the organization; an unknown one, or another organization's, is not found", async () => {
    const w = await world();
    expect((await ok(w.ap.getBatch({ orgId: ORG, apBatchId: w.batch.apBatchId }))).batchNo).toBe("B-1");
    for (const [orgId, apBatchId] of [[ORG, "a0000000-0000-4000-8000-00000000dead"], [OTHER_ORG, w.batch.apBatchId]] as const) {
      expect(await refused(w.ap.getBatch({ orgId, apBatchId }))).toMatchObject({ _tag: "ApBatch.NotFound", apBatchId });
    }
  });

  it("lists with filter, order, search, paging and count", async () => {
    const w = await world();
    await ok(w.ap.createBatch({ orgId: ORG, actor: BOB, batchNo: "B-2", reference: "April" }));
    await ok(w.ap.createBatch({ orgId: ORG, actor: BOB, batchNo: "X-3" }));
    await ok(w.ap.createBatch({ orgId: OTHER_ORG, actor: BOB, batchNo: "B-9" }));
    const page = await ok(
      w.ap.listBatches({
        orgId: ORG,
        query: { filter: Filter.startsWith("batchNo", "B"), orderBy: [{ property: "batchNo", direction: "desc" }], top: 1, skip: 0, count: true },
      }),
    );
    expect(page.rows.map((b) => b.batchNo)).toEqual(["B-2"]);
    expect(page.count).toBe(2);
    expect((await ok(w.ap.listBatches({ orgId: ORG, query: { search: "APRIL" } }))).rows.map((b) => b.batchNo)).toEqual(["B-2"]);
  });

  it("refuses an unknown property and a $top above 1000 with the seed's message", async () => {
    const w = setup();
    expect(await refused(w.ap.listBatches({ orgId: ORG, query: { filter: Filter.eq("status", FilterLiteral.string("Open")) } }))).toMatchObject({
      _tag: "CollectionQuery.Invalid",
      message: 'Batch has no property "status"',
    });
    expect((await refused(w.ap.listBatches({ orgId: ORG, query: { top: 5000 } }))).message).toBe(
      "The limit for the $top query has been exceeded. The value from the incoming request is '5000'.",
    );
  });
});

describe("POST /odata/Batches({batchId})/Invoices: add an invoice", () => {
  it("adds a Vouchered invoice: it becomes Batched in the batch, which counts it and its total exactly", async () => {
    const w = await world();
    w.advance(60_000);
    const [inv1, inv2] = w.invoices;
    await ok(w.ap.addInvoice({ orgId: ORG, actor: BOB, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: inv1!.apMatchedInvoiceId }));
    const { batch, invoice } = await ok(w.ap.addInvoice({ orgId: ORG, actor: BOB, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: inv2!.apMatchedInvoiceId }));
    expect(batch).toMatchObject({ invoiceCount: 2, lastUpdated: "2026-03-01T10:01:00.000Z", lastUpdatedBy: BOB.id, lastUpdatedByUserName: "Bob" });
    expect(Decimal.format(batch.batchTotal)).toBe("0.3");
    expect(invoice).toMatchObject({
      matchedInvoiceStatusId: 4,
      matchedInvoiceStatus: "Batched",
      apBatchId: w.batch.apBatchId,
      apBatchNo: "B-1",
      dateSubmitted: "2026-03-01T10:01:00.000Z",
      submittedBy: BOB.id,
    });
    expect(await ok(w.ap.getInvoice({ orgId: ORG, apMatchedInvoiceId: inv2!.apMatchedInvoiceId }))).toEqual(invoice);
  });

  it("adds to a Queued batch too", async () => {
    const w = await world();
    await ok(w.ap.submit({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId }));
    const { batch } = await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: w.invoices[2]!.apMatchedInvoiceId }));
    expect(batch).toMatchObject({ batchStatus: "Queued", invoiceCount: 1 });
  });

  it("refuses an invoice that is not Vouchered: 'Invoice is NOT in the Vouchered status'", async () => {
    const w = await world();
    const pending = await ok(w.ap.createInvoice({ orgId: ORG, actor: ADA, data: record({ invoiceNo: "INV-P", vendorNo: "V100", matchedInvoiceStatus: "Pending" }) }));
    const error = await refused(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: pending.apMatchedInvoiceId }));
    expect(error).toMatchObject({ _tag: "ApBatch.InvoiceNotVouchered", matchedInvoiceStatus: "Pending" });
    expect(error.message).toBe("Invoice is NOT in the Vouchered status");
  });

  it("refuses an invoice already batched, in this batch or another, with the same message, changing nothing", async () => {
    const w = await world();
    const other = await ok(w.ap.createBatch({ orgId: ORG, actor: ADA, batchNo: "B-2" }));
    const id = w.invoices[0]!.apMatchedInvoiceId;
    await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: id }));
    for (const apBatchId of [w.batch.apBatchId, other.apBatchId]) {
      expect((await refused(w.ap.addInvoice({ orgId: ORG, actor: BOB, apBatchId, apMatchedInvoiceId: id }))).message).toBe("Invoice is NOT in the Vouchered status");
    }
    expect((await ok(w.ap.getBatch({ orgId: ORG, apBatchId: w.batch.apBatchId }))).invoiceCount).toBe(1);
    expect((await ok(w.ap.getBatch({ orgId: ORG, apBatchId: other.apBatchId }))).invoiceCount).toBe(0);
    expect((await ok(w.ap.getInvoice({ orgId: ORG, apMatchedInvoiceId: id }))).apBatchId).toBe(w.batch.apBatchId);
  });

  it("lets only one of two concurrent additions of one invoice to two batches succeed", async () => {
    const w = await world();
    const other = await ok(w.ap.createBatch({ orgId: ORG, actor: ADA, batchNo: "B-2" }));
    const id = w.invoices[0]!.apMatchedInvoiceId;
    const exits = await Effect.runPromise(
      Effect.all(
        [w.batch.apBatchId, other.apBatchId].map((apBatchId) => Effect.exit(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId, apMatchedInvoiceId: id }))),
        { concurrency: "unbounded" },
      ),
    );
    expect(exits.filter(Exit.isSuccess)).toHaveLength(1);
    const counts = await Promise.all([w.batch.apBatchId, other.apBatchId].map(async (apBatchId) => (await ok(w.ap.getBatch({ orgId: ORG, apBatchId }))).invoiceCount));
    expect(counts.sort()).toEqual([0, 1]);
  });

  it("refuses an unknown invoice, an unknown batch, another organization's invoice, and an Exported batch", async () => {
    const w = await world();
    const unknownInvoice = "b0000000-0000-4000-8000-00000000dead";
    expect(await refused(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: unknownInvoice }))).toMatchObject({ _tag: "ApInvoice.NotFound", apMatchedInvoiceId: unknownInvoice });
    expect((await refused(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: "a0000000-0000-4000-8000-00000000dead", apMatchedInvoiceId: w.invoices[0]!.apMatchedInvoiceId })))._tag).toBe("ApBatch.NotFound");
    const theirs = await ok(w.ap.createInvoice({ orgId: OTHER_ORG, actor: ADA, data: vouchered("INV-X") }));
    expect((await refused(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: theirs.apMatchedInvoiceId })))._tag).toBe("ApInvoice.NotFound");
    await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: w.invoices[0]!.apMatchedInvoiceId }));
    await ok(w.ap.export({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId }));
    expect(await refused(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: w.invoices[1]!.apMatchedInvoiceId }))).toMatchObject({
      _tag: "ApBatch.AlreadyExported",
      message: "Specified batch exists in the Exported status.",
    });
    expect((await ok(w.ap.getInvoice({ orgId: ORG, apMatchedInvoiceId: w.invoices[1]!.apMatchedInvoiceId }))).matchedInvoiceStatus).toBe("Vouchered");
  });
});

describe("DELETE /odata/Batches({batchId})/Invoices({apMatchedInvoiceId}): remove an invoice", () => {
  it("takes the invoice out: it is Vouchered again and the batch no longer counts it", async () => {
    const w = await world();
    const [inv1, inv2] = w.invoices;
    for (const inv of [inv1!, inv2!]) await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: inv.apMatchedInvoiceId }));
    const { batch, invoice } = await ok(w.ap.removeInvoice({ orgId: ORG, actor: BOB, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: inv1!.apMatchedInvoiceId }));
    expect(batch.invoiceCount).toBe(1);
    expect(Decimal.format(batch.batchTotal)).toBe("0.2");
    expect(invoice).toMatchObject({ matchedInvoiceStatusId: 3, matchedInvoiceStatus: "Vouchered", lastUpdatedBy: BOB.id });
    expect(invoice).not.toHaveProperty("apBatchId");
    expect(invoice).not.toHaveProperty("dateSubmitted");
    const other = await ok(w.ap.createBatch({ orgId: ORG, actor: ADA, batchNo: "B-2" }));
    expect((await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: other.apBatchId, apMatchedInvoiceId: inv1!.apMatchedInvoiceId }))).invoice.apBatchNo).toBe("B-2");
  });

  it("refuses an invoice not in the batch, an unknown invoice, and an Exported batch", async () => {
    const w = await world();
    const [inv1, inv2] = w.invoices;
    expect(await refused(w.ap.removeInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: inv1!.apMatchedInvoiceId }))).toMatchObject({
      _tag: "ApBatch.InvoiceNotInBatch",
      message: `Invoice ${inv1!.apMatchedInvoiceId} is not in this batch`,
    });
    expect((await refused(w.ap.removeInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: "b0000000-0000-4000-8000-00000000dead" })))._tag).toBe("ApInvoice.NotFound");
    await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: inv2!.apMatchedInvoiceId }));
    await ok(w.ap.export({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId }));
    expect((await refused(w.ap.removeInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: inv2!.apMatchedInvoiceId })))._tag).toBe("ApBatch.AlreadyExported");
    expect((await ok(w.ap.getInvoice({ orgId: ORG, apMatchedInvoiceId: inv2!.apMatchedInvoiceId }))).matchedInvoiceStatus).toBe("Exported");
  });
});

describe("POST /odata/Batches({batchId})/SubmitToQueued", () => {
  it("queues an Open batch and schedules its export", async () => {
    const w = await world();
    w.advance(1000);
    expect(await ok(w.ap.submit({ orgId: ORG, actor: BOB, apBatchId: w.batch.apBatchId }))).toMatchObject({
      batchStatusId: 2,
      batchStatus: "Queued",
      isScheduledExporting: true,
      lastUpdated: "2026-03-01T10:00:01.000Z",
      lastUpdatedBy: BOB.id,
    });
  });

  it("refuses a Queued batch ('Specified batch exists in the Queued status.'), an Exported one and an unknown one", async () => {
    const w = await world();
    await ok(w.ap.submit({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId }));
    expect((await refused(w.ap.submit({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId }))).message).toBe("Specified batch exists in the Queued status.");
    await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: w.invoices[0]!.apMatchedInvoiceId }));
    await ok(w.ap.export({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId }));
    expect((await refused(w.ap.submit({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId })))._tag).toBe("ApBatch.AlreadyExported");
    expect((await refused(w.ap.submit({ orgId: OTHER_ORG, actor: ADA, apBatchId: w.batch.apBatchId })))._tag).toBe("ApBatch.NotFound");
  });
});

describe("POST /odata/Batches({batchId})/Export", () => {
  it("exports the batch and its invoices and emits one outbound INVOICE batch holding them, in the order they joined", async () => {
    const w = await world();
    const [inv1, inv2, inv3] = w.invoices;
    for (const inv of [inv3!, inv1!]) await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: inv.apMatchedInvoiceId }));
    await ok(w.ap.submit({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId }));
    w.advance(5 * 60_000);
    const { batch, outboundBatchId } = await ok(w.ap.export({ orgId: ORG, actor: BOB, apBatchId: w.batch.apBatchId }));
    const exportedAt = "2026-03-01T10:05:00.000Z";
    expect(batch).toMatchObject({ batchStatusId: 3, batchStatus: "Exported", isScheduledExporting: false, lastExportDate: exportedAt, lastUpdatedBy: BOB.id, invoiceCount: 2 });
    const invoices = await ok(w.ap.listBatchInvoices({ orgId: ORG, apBatchId: w.batch.apBatchId, query: { count: true } }));
    expect(invoices.count).toBe(2);
    expect(invoices.rows.every((i) => i.matchedInvoiceStatus === "Exported" && i.matchedInvoiceStatusId === 5 && i.lastUpdated === exportedAt)).toBe(true);
    expect((await ok(w.ap.getInvoice({ orgId: ORG, apMatchedInvoiceId: inv2!.apMatchedInvoiceId }))).matchedInvoiceStatus).toBe("Vouchered");
    const [emitted, ...more] = await w.emitted();
    expect(more).toEqual([]);
    expect(emitted).toMatchObject({ _tag: "OutboundPending", orgId: ORG, batchId: outboundBatchId, payloadObjectType: "INVOICE", itemCount: 2 });
    const exported = await Promise.all([inv3!, inv1!].map((inv) => ok(w.ap.getInvoice({ orgId: ORG, apMatchedInvoiceId: inv.apMatchedInvoiceId }))));
    const items = await w.outboundItems(outboundBatchId);
    expect(items.map((item) => [item.itemNumber, item.status])).toEqual([[1, "PENDING"], [2, "PENDING"]]);
    expect(items.map((item) => item.payload)).toEqual(exported.map((invoice) => encodeApInvoice(invoice)));
    expect(items[0]?.payload).toMatchObject({ invoiceNo: "INV-3", invoiceValidationTotal: 5, apBatchNo: "B-1", matchedInvoiceStatus: "Exported" });
  });

  it("refuses a batch without invoices: 'This Batch cannot be exported because it does not contain any invoice.'", async () => {
    const w = await world();
    const error = await refused(w.ap.export({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId }));
    expect(error._tag).toBe("ApBatch.NoInvoices");
    expect(error.message).toBe("This Batch cannot be exported because it does not contain any invoice.");
    expect((await ok(w.ap.getBatch({ orgId: ORG, apBatchId: w.batch.apBatchId }))).batchStatus).toBe("Open");
    expect(await w.emitted()).toEqual([]);
  });

  it("refuses a batch already Exported, emitting nothing more, also when two exports race", async () => {
    const w = await world();
    await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: w.invoices[0]!.apMatchedInvoiceId }));
    const exits = await Effect.runPromise(
      Effect.all([0, 1].map(() => Effect.exit(w.ap.export({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId }))), { concurrency: "unbounded" }),
    );
    expect(exits.filter(Exit.isSuccess)).toHaveLength(1);
    expect((await refused(w.ap.export({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId })))._tag).toBe("ApBatch.AlreadyExported");
    expect(await w.emitted()).toHaveLength(1);
  });
});

describe("GET /odata/Batches({batchId})/invoices", () => {
  it("lists only the batch's invoices, with query options", async () => {
    const w = await world();
    for (const inv of w.invoices) await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: inv.apMatchedInvoiceId }));
    await ok(w.ap.createInvoice({ orgId: ORG, actor: ADA, data: vouchered("INV-4", "0.1") }));
    const result = await ok(
      w.ap.listBatchInvoices({
        orgId: ORG,
        apBatchId: w.batch.apBatchId,
        query: { filter: Filter.ne("invoiceValidationTotal", FilterLiteral.number(dec("5"))), orderBy: [{ property: "invoiceValidationTotal", direction: "desc" }], count: true },
      }),
    );
    expect(result.rows.map((i) => i.invoiceNo)).toEqual(["INV-2", "INV-1"]);
    expect(result.count).toBe(2);
  });

  it("refuses an unknown batch and a bad query", async () => {
    const w = await world();
    expect((await refused(w.ap.listBatchInvoices({ orgId: ORG, apBatchId: "a0000000-0000-4000-8000-00000000dead", query: {} })))._tag).toBe("ApBatch.NotFound");
    expect((await refused(w.ap.listBatchInvoices({ orgId: ORG, apBatchId: w.batch.apBatchId, query: { filter: Filter.contains("invoiceValidationTotal", "1") } })))._tag).toBe(
      "CollectionQuery.Invalid",
    );
  });
});

describe("/odata/Invoices", () => {
  it("creates an invoice by hand with the id its natural key gives, and gets and lists it", async () => {
    const w = setup();
    const data = record({ invoiceNo: "INV-1", vendorNo: "V100", invoiceValidationTotal: "12.30", matchedInvoiceStatus: "Matched" });
    const created = await ok(w.ap.createInvoice({ orgId: ORG, actor: ADA, data }));
    expect(created).toMatchObject({ ...data, createdBy: ADA.id, dateCreated: "2026-03-01T10:00:00.000Z" });
    expect(await ok(w.ap.getInvoice({ orgId: ORG, apMatchedInvoiceId: created.apMatchedInvoiceId }))).toEqual(created);
    const [applied] = await ok(w.upload(ORG, [data]));
    expect(applied).toMatchObject({ _tag: "Applied" });
    expect((await ok(w.ap.listInvoices({ orgId: ORG, query: { count: true } }))).rows).toEqual([created]);
  });

  it("refuses a second invoice with the same invoiceNo and vendorNo", async () => {
    const w = setup();
    const first = await ok(w.ap.createInvoice({ orgId: ORG, actor: ADA, data: vouchered("INV-1") }));
    expect(await refused(w.ap.createInvoice({ orgId: ORG, actor: BOB, data: vouchered("INV-1", "9") }))).toMatchObject({
      _tag: "ApInvoice.Duplicate",
      apMatchedInvoiceId: first.apMatchedInvoiceId,
      message: `invoice "INV-1" of vendor "V100" already exists (${first.apMatchedInvoiceId})`,
    });
    expect((await ok(w.ap.createInvoice({ orgId: ORG, actor: BOB, data: vouchered("INV-1", "9", "V200") }))).vendorNo).toBe("V200");
  });

  it("finds Vouchered invoices with a filter, and refuses an unknown id", async () => {
    const w = await world();
    await ok(w.ap.addInvoice({ orgId: ORG, actor: ADA, apBatchId: w.batch.apBatchId, apMatchedInvoiceId: w.invoices[0]!.apMatchedInvoiceId }));
    const found = await ok(w.ap.listInvoices({ orgId: ORG, query: { filter: Filter.eq("matchedInvoiceStatus", FilterLiteral.string("Vouchered")), orderBy: [{ property: "invoiceNo", direction: "asc" }] } }));
    expect(found.rows.map((i) => i.invoiceNo)).toEqual(["INV-2", "INV-3"]);
    expect((await refused(w.ap.getInvoice({ orgId: ORG, apMatchedInvoiceId: "b0000000-0000-4000-8000-00000000dead" })))._tag).toBe("ApInvoice.NotFound");
    expect((await refused(w.ap.getInvoice({ orgId: OTHER_ORG, apMatchedInvoiceId: w.invoices[1]!.apMatchedInvoiceId })))._tag).toBe("ApInvoice.NotFound");
  });
});

describe("AP use cases over random sequences", () => {
  const SIZE = { batches: 3, invoices: 5 };
  const DOMAIN_REFUSALS = new Set([
    "ApBatch.NotFound",
    "ApBatch.BatchNoTaken",
    "ApBatch.InvoiceNotVouchered",
    "ApBatch.InvoiceNotInBatch",
    "ApBatch.AlreadyQueued",
    "ApBatch.AlreadyExported",
    "ApBatch.NoInvoices",
  ]);

  /** Runs the steps through the use cases; after each, hands every batch state and invoice to `check`. */
  const play = async (
    steps: ReadonlyArray<ApUseCaseStep>,
    totals: ReadonlyArray<string>,
    check: (w: ReturnType<typeof setup>, batches: ReadonlyArray<ExistingApBatch>) => Promise<void>,
  ) => {
    const w = setup();
    const invoiceIds = await Promise.all(
      totals.map(async (total, i) => (await ok(w.ap.createInvoice({ orgId: ORG, actor: ADA, data: vouchered(`INV-${i}`, total) }))).apMatchedInvoiceId),
    );
    const batchIds = new Map<number, string>();
    const unknownBatch = (n: number) => `a0000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    const batchId = (n: number) => batchIds.get(n) ?? unknownBatch(n);
    for (const step of steps) {
      const effect: Effect.Effect<unknown, { readonly _tag: string }> =
        step._tag === "CreateBatch"
          ? batchIds.has(step.batch)
            ? Effect.void
            : w.ap.createBatch({ orgId: ORG, actor: ADA, ...(step.batchNo === undefined ? {} : { batchNo: step.batchNo }) }).pipe(Effect.tap((b) => batchIds.set(step.batch, b.apBatchId)))
          : step._tag === "AddInvoice"
            ? w.ap.addInvoice({ orgId: ORG, actor: BOB, apBatchId: batchId(step.batch), apMatchedInvoiceId: invoiceIds[step.invoice]! })
            : step._tag === "RemoveInvoice"
              ? w.ap.removeInvoice({ orgId: ORG, actor: BOB, apBatchId: batchId(step.batch), apMatchedInvoiceId: invoiceIds[step.invoice]! })
              : step._tag === "SubmitToQueued"
                ? w.ap.submit({ orgId: ORG, actor: ADA, apBatchId: batchId(step.batch) })
                : step._tag === "Export"
                  ? w.ap.export({ orgId: ORG, actor: ADA, apBatchId: batchId(step.batch) })
                  : w.upload(ORG, [record({ invoiceNo: `INV-${step.invoice}`, vendorNo: "V100", matchedInvoiceStatus: step.status, invoiceValidationTotal: step.total })]);
      const exit = await Effect.runPromise(Effect.exit(effect));
      if (Exit.isFailure(exit)) {
        // Only business refusals: never a defect, a store error or an unexpected tag.
        const failure = Option.getOrUndefined(Cause.failureOption(exit.cause));
        expect(failure !== undefined && DOMAIN_REFUSALS.has(failure._tag), Cause.pretty(exit.cause)).toBe(true);
      }
      w.advance(1000);
      const batches = await Promise.all([...batchIds.values()].map((id) => ok(w.stateOf(ORG, id))));
      await check(w, batches);
    }
  };

  const stepsArb = fc.array(apUseCaseStepArb(SIZE), { minLength: 1, maxLength: 40 });
  const totalsArb = fc.array(
    fc.tuple(fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }), fc.integer({ min: 0, max: 4 })).map(([c, s]) => Decimal.format(Decimal.fromMinor(c, s))),
    { minLength: SIZE.invoices, maxLength: SIZE.invoices },
  );

  it("an invoice is never in two AP batches", async () => {
    await fc.assert(
      fc.asyncProperty(stepsArb, totalsArb, (steps, totals) =>
        play(steps, totals, async (w, batches) => {
          expect(invoiceInAtMostOneApBatch(batches)).toBe(true);
          const invoices = (await ok(w.ap.listInvoices({ orgId: ORG, query: {} }))).rows;
          for (const batch of batches) expect(apBatchMembershipAgrees(batch, invoices)).toBe(true);
          for (const invoice of invoices) {
            expect(brokenApInvoiceInvariants(invoice)).toEqual([]);
            const holders = batches.filter((b) => b.invoices.some((l) => l.apMatchedInvoiceId === invoice.apMatchedInvoiceId));
            expect(holders.map((b) => b.apBatchId)).toEqual(invoice.apBatchId === undefined ? [] : [invoice.apBatchId]);
          }
        }),
      ),
      { numRuns: 60 },
    );
  });

  it("AP batch totals equal the exact sum of their lines for any sequence of commands", async () => {
    await fc.assert(
      fc.asyncProperty(stepsArb, totalsArb, (steps, totals) =>
        play(steps, totals, async (w, batches) => {
          for (const batch of batches) {
            const view = await ok(w.ap.getBatch({ orgId: ORG, apBatchId: batch.apBatchId }));
            const lines = await ok(w.ap.listBatchInvoices({ orgId: ORG, apBatchId: batch.apBatchId, query: { count: true } }));
            const sum = Decimal.sum(lines.rows.map((i) => i.invoiceValidationTotal ?? Decimal.zero));
            expect(Decimal.format(view.batchTotal)).toBe(Decimal.format(sum));
            expect(view.invoiceCount).toBe(lines.count);
          }
        }),
      ),
      { numRuns: 60 },
    );
  });
});
