import { describe, expect, it } from "vitest";
import { Option } from "effect";
import {
  batchApInvoice,
  brokenApInvoiceInvariants,
  Decimal,
  encodeApInvoice,
  exportApInvoice,
  newApInvoice,
  unbatchApInvoice,
  upsertApInvoice,
  type ApInvoice,
  type ApInvoiceData,
} from "../src";

const ADA = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Ada" };
const BOB = { id: "7a2f1d2b-4c3e-4d6f-9a81-223344556677", name: "Bob" };
const ID = "b0000000-0000-5000-8000-000000000001";
const BATCH = { apBatchId: "a0000000-0000-4000-8000-000000000001", apBatchNo: "AP-000001" };
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));
const data = (more: Partial<ApInvoiceData> = {}): ApInvoiceData => ({
  vendorNo: "V100",
  invoiceNo: "INV-1",
  matchedInvoiceStatusId: 3,
  matchedInvoiceStatus: "Vouchered",
  invoiceValidationTotal: dec("100.10"),
  ...more,
});
const vouchered = newApInvoice(ID, data({ notes: "n" }), { at: at(0), actor: ADA });
const batched = Option.getOrThrow(batchApInvoice(vouchered, BATCH, { at: at(1), actor: BOB }));

describe("AP invoice upsert", () => {
  it("creates a new invoice with the new id and the stamp as creation and last update", () => {
    expect(upsertApInvoice(undefined, ID, data(), { at: at(0), actor: ADA })).toEqual({
      _tag: "Inserted",
      invoice: {
        apMatchedInvoiceId: ID,
        ...data(),
        createdBy: ADA.id,
        createdByUserName: "Ada",
        dateCreated: at(0),
        lastUpdated: at(0),
        lastUpdatedBy: ADA.id,
        lastUpdatedByUserName: "Ada",
      },
    });
  });

  it("changes nothing, not even lastUpdated, when the invoice already holds the data (equal decimals included)", () => {
    const outcome = upsertApInvoice(vouchered, "other-id", data({ notes: "n", invoiceValidationTotal: dec("100.1000") }), { at: at(9), actor: BOB });
    expect(outcome).toEqual({ _tag: "Unchanged", invoice: vouchered });
  });

  it("replaces the data, keeping the id and the creation, clearing properties the record leaves out", () => {
    const outcome = upsertApInvoice(vouchered, "other-id", data({ vendorName: "ACME", matchedInvoiceStatusId: 1, matchedInvoiceStatus: "Pending" }), { at: at(9), actor: BOB });
    expect(outcome._tag).toBe("Updated");
    expect(outcome.invoice).toMatchObject({ apMatchedInvoiceId: ID, vendorName: "ACME", matchedInvoiceStatus: "Pending", dateCreated: at(0), createdBy: ADA.id, lastUpdated: at(9), lastUpdatedBy: BOB.id });
    expect(outcome.invoice).not.toHaveProperty("notes");
  });

  it("leaves Batched and Exported invoices as they are", () => {
    const exported = Option.getOrThrow(exportApInvoice(batched, BATCH.apBatchId, { at: at(2), actor: ADA }));
    for (const locked of [batched, exported]) {
      expect(upsertApInvoice(locked, "x", data({ notes: "changed" }), { at: at(9), actor: BOB })).toEqual({ _tag: "Locked", invoice: locked });
    }
  });
});

describe("AP invoice batch membership", () => {
  it("batches a Vouchered invoice with its batch, when and by whom", () => {
    expect(batched).toEqual({
      ...vouchered,
      matchedInvoiceStatusId: 4,
      matchedInvoiceStatus: "Batched",
      apBatchId: BATCH.apBatchId,
      apBatchNo: "AP-000001",
      dateSubmitted: at(1),
      submittedBy: BOB.id,
      submittedByUserName: "Bob",
      lastUpdated: at(1),
      lastUpdatedBy: BOB.id,
      lastUpdatedByUserName: "Bob",
    });
    expect(brokenApInvoiceInvariants(batched)).toEqual([]);
  });

  it("batches no invoice that is not Vouchered or is in a batch already", () => {
    const pending = newApInvoice(ID, data({ matchedInvoiceStatusId: 1, matchedInvoiceStatus: "Pending" }), { at: at(0), actor: ADA });
    expect(Option.isNone(batchApInvoice(pending, BATCH, { at: at(1), actor: ADA }))).toBe(true);
    expect(Option.isNone(batchApInvoice(batched, { apBatchId: "a0000000-0000-4000-8000-000000000002", apBatchNo: "AP-2" }, { at: at(1), actor: ADA }))).toBe(true);
    const inconsistent: ApInvoice = { ...vouchered, apBatchId: BATCH.apBatchId };
    expect(Option.isNone(batchApInvoice(inconsistent, BATCH, { at: at(1), actor: ADA }))).toBe(true);
  });

  it("unbatches only from its own batch, back to the Vouchered invoice it was", () => {
    expect(Option.isNone(unbatchApInvoice(batched, "a0000000-0000-4000-8000-000000000002", { at: at(2), actor: ADA }))).toBe(true);
    expect(Option.getOrThrow(unbatchApInvoice(batched, BATCH.apBatchId, { at: at(2), actor: ADA }))).toEqual({ ...vouchered, lastUpdated: at(2) });
    expect(Option.isNone(unbatchApInvoice(vouchered, BATCH.apBatchId, { at: at(2), actor: ADA }))).toBe(true);
  });

  it("exports only a Batched invoice of the exported batch", () => {
    const exported = Option.getOrThrow(exportApInvoice(batched, BATCH.apBatchId, { at: at(3), actor: ADA }));
    expect(exported).toMatchObject({ matchedInvoiceStatusId: 5, matchedInvoiceStatus: "Exported", apBatchId: BATCH.apBatchId, lastUpdated: at(3) });
    expect(brokenApInvoiceInvariants(exported)).toEqual([]);
    expect(Option.isNone(exportApInvoice(vouchered, BATCH.apBatchId, { at: at(3), actor: ADA }))).toBe(true);
    expect(Option.isNone(exportApInvoice(exported, BATCH.apBatchId, { at: at(4), actor: ADA }))).toBe(true);
    expect(Option.isNone(exportApInvoice(batched, "a0000000-0000-4000-8000-000000000002", { at: at(3), actor: ADA }))).toBe(true);
  });

  it("names the invariants a broken invoice breaks", () => {
    expect(brokenApInvoiceInvariants({ ...vouchered, matchedInvoiceStatusId: 4 })).toEqual(["apInvoiceStatusIdMatchesStatus"]);
    expect(brokenApInvoiceInvariants({ ...vouchered, apBatchNo: "AP-1" })).toEqual(["apInvoiceInBatchExactlyWhenBatched"]);
  });
});

describe("AP invoice JSON", () => {
  it("encodes to seed 001 JSON in the seed's property order, money as numbers", () => {
    const json = encodeApInvoice(batched);
    expect(Object.keys(json)).toEqual([
      "apMatchedInvoiceId", "vendorNo", "invoiceNo", "matchedInvoiceStatusId", "matchedInvoiceStatus", "notes",
      "invoiceValidationTotal", "apBatchId", "apBatchNo", "createdBy", "createdByUserName", "dateCreated",
      "lastUpdated", "lastUpdatedBy", "lastUpdatedByUserName", "dateSubmitted", "submittedBy", "submittedByUserName",
    ]);
    expect(json.invoiceValidationTotal).toBe(100.1);
  });
});
