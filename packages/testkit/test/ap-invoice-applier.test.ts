/** The INVOICE item applier on the in-memory invoice store: decoding loose input, upserting, idempotency. */
import { describe, expect, it } from "vitest";
import { Effect, Either, Exit, FastCheck as fc, Schema } from "effect";
import {
  apInvoiceIdOf,
  fieldErrorsOf,
  invoiceApplier,
  InvoiceRecord,
  type ApInvoiceData,
  type ApplyContext,
  type OrganizationId,
} from "@batch/core";
import {
  apActorArb,
  apInstantArb,
  apInvoiceDataArb,
  apInvoiceKeyArb,
  looseInvoiceRecordArb,
  makeMemoryApInvoiceStore,
  makeMemoryDb,
  makeMemoryUnitOfWork,
  table,
} from "../src";

const ORG = "org-ap" as OrganizationId;
const ADA = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Ada" };
const context = (at = "2026-03-01T10:00:00.000Z", actor = ADA): ApplyContext => ({ orgId: ORG, at, actor, batchId: "erp-1" });

const setup = () => {
  const db = makeMemoryDb();
  const apInvoices = makeMemoryApInvoiceStore(db);
  const uow = makeMemoryUnitOfWork(db, { apInvoices });
  const apply = (records: ReadonlyArray<ApInvoiceData>, ctx = context()) =>
    Effect.runPromise(uow.run((s) => invoiceApplier.apply(s, ctx, records.map((record, i) => ({ itemNumber: i + 1, record })))));
  const rows = () => new Map(table<unknown>(db, "ap_invoices"));
  return { db, uow, apInvoices, apply, rows };
};
const decode = (input: unknown) => Schema.decodeUnknownSync(InvoiceRecord)(input);

describe("INVOICE records from loose input", () => {
  it("decode back to the same data from JSON values or text cells, whatever the padding, blanks, status spelling and extra columns", () => {
    fc.assert(
      fc.property(
        apInvoiceDataArb().chain((data) => looseInvoiceRecordArb(data).map((loose) => [data, loose] as const)),
        ([data, loose]) => {
          const decoded = Schema.decodeUnknownEither(InvoiceRecord)(loose);
          expect(Either.mapLeft(decoded, fieldErrorsOf)).toEqual(Either.right(data));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("INVOICE applier", () => {
  it("upserts by invoiceNo + vendorNo, new invoices taking the id derived from their key", async () => {
    const w = setup();
    const outcomes = await w.apply([decode({ invoiceNo: "INV-1", vendorNo: "V1", invoiceValidationTotal: "10" }), decode({ invoiceNo: "INV-1", vendorNo: "V2" })]);
    expect(outcomes).toEqual([
      { _tag: "Applied", itemNumber: 1, key: "INV-1/V1" },
      { _tag: "Applied", itemNumber: 2, key: "INV-1/V2" },
    ]);
    const stored = await Effect.runPromise(w.uow.run((s) => s.apInvoices.query(ORG, { count: true })));
    expect(stored.count).toBe(2);
    expect(stored.rows.map((i) => i.apMatchedInvoiceId).sort()).toEqual([apInvoiceIdOf(ORG, "V1", "INV-1"), apInvoiceIdOf(ORG, "V2", "INV-1")].sort());
  });

  it("leaves a Batched or Exported invoice unchanged and rejects the item saying so", async () => {
    const w = setup();
    const data = decode({ invoiceNo: "INV-1", vendorNo: "V1", notes: "first" });
    await w.apply([data]);
    const id = apInvoiceIdOf(ORG, "V1", "INV-1");
    await Effect.runPromise(
      w.uow.run((s) => s.apInvoices.addToBatch(ORG, id, { apBatchId: "a0000000-0000-4000-8000-000000000001", apBatchNo: "AP-000007" }, { at: "2026-03-01T11:00:00.000Z", actor: ADA })),
    );
    const before = w.rows();
    const outcomes = await w.apply([decode({ invoiceNo: "INV-1", vendorNo: "V1", notes: "second" }), decode({ invoiceNo: "INV-2", vendorNo: "V1" })]);
    expect(outcomes).toEqual([
      { _tag: "Rejected", itemNumber: 1, key: "INV-1/V1", errors: [{ field: "", message: "the invoice is already Batched in AP batch AP-000007 and cannot be changed" }] },
      { _tag: "Applied", itemNumber: 2, key: "INV-2/V1" },
    ]);
    expect(w.rows().get(JSON.stringify([ORG, id]))).toBe(before.get(JSON.stringify([ORG, id])));
  });

  // Shrunk counterexample of the idempotency property: two records of one invoice in a chunk.
  it("writes the last of several records of one invoice in a chunk, and a second application writes nothing", async () => {
    const w = setup();
    const first = decode({ invoiceNo: "INV-2", vendorNo: "V1", matchedInvoiceStatus: "Pending" });
    const last = decode({ invoiceNo: "INV-2", vendorNo: "V1", matchedInvoiceStatus: "Pending", projectNoDescription: "!" });
    expect((await w.apply([first, last])).map((o) => [o._tag, o.itemNumber])).toEqual([["Applied", 1], ["Applied", 2]]);
    const once = w.rows();
    expect([...once.values()]).toMatchObject([{ invoice: { projectNoDescription: "!", dateCreated: "2026-03-01T10:00:00.000Z", lastUpdated: "2026-03-01T10:00:00.000Z" } }]);
    await w.apply([first, last], context("2026-03-02T10:00:00.000Z"));
    expect(w.rows()).toEqual(once);
  });

  it("is idempotent: applying the same chunk again, later and by someone else, leaves the same records", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(apInvoiceDataArb({ key: apInvoiceKeyArb(3) }), { minLength: 1, maxLength: 8 }),
        apInstantArb,
        apActorArb,
        async (records, laterAt, laterActor) => {
          const w = setup();
          const first = await w.apply(records);
          const once = w.rows();
          const second = await w.apply(records, context(laterAt, laterActor));
          expect(w.rows()).toEqual(once);
          expect(second.map((o) => o._tag)).toEqual(first.map((o) => o._tag));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("applies nothing of a chunk whose unit of work fails", async () => {
    const w = setup();
    const exit = await Effect.runPromise(
      Effect.exit(
        w.uow.run((s) =>
          invoiceApplier.apply(s, context(), [{ itemNumber: 1, record: decode({ invoiceNo: "INV-1", vendorNo: "V1" }) }]).pipe(Effect.zipRight(Effect.fail("crash" as const))),
        ),
      ),
    );
    expect(Exit.isFailure(exit)).toBe(true);
    expect(w.rows().size).toBe(0);
  });
});
