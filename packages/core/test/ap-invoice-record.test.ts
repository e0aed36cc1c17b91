import { describe, expect, it } from "vitest";
import { Either, Option, Schema } from "effect";
import { Decimal, fieldErrorsOf, InvoiceRecord, invoiceApplier } from "../src";

const decode = Schema.decodeUnknownEither(InvoiceRecord);
const ok = (input: unknown) => Either.getOrThrowWith(decode(input), (e) => new Error(JSON.stringify(fieldErrorsOf(e))));
const errors = (input: unknown) => fieldErrorsOf(Option.getOrThrow(Either.getLeft(decode(input))));
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

describe("INVOICE record", () => {
  it("reads a JSON object with the seed's properties, amounts exact, status Vouchered by default", () => {
    const record = ok({
      invoiceNo: "INV-1",
      vendorNo: 1001,
      vendorName: " ACME ",
      purchaseOrderId: "{6F1E0C1A-3B2D-4C5E-8F70-112233445566}",
      sequenceNo: 3,
      poType: "Capital",
      invoiceDate: "2026-01-15",
      invoiceDueDate: "2026-02-15T12:00:00+01:00",
      invoiceValidationTotal: 0.1,
      discountAmount: "12.345",
      taxAmount: 1e-7,
      offset: -3,
      notes: null,
      apBatchId: "00000000-0000-0000-0000-000000000000",
      createdBy: "someone",
      somethingElse: [1, 2],
    });
    expect(record).toEqual({
      invoiceNo: "INV-1",
      vendorNo: "1001",
      vendorName: "ACME",
      purchaseOrderId: "6f1e0c1a-3b2d-4c5e-8f70-112233445566",
      sequenceNo: 3,
      poType: "Capital",
      invoiceDate: "2026-01-15T00:00:00.000Z",
      invoiceDueDate: "2026-02-15T11:00:00.000Z",
      invoiceValidationTotal: dec("0.1"),
      discountAmount: dec("12.345"),
      taxAmount: dec("0.0000001"),
      offset: dec("-3"),
      matchedInvoiceStatusId: 3,
      matchedInvoiceStatus: "Vouchered",
    });
  });

  it("reads CSV/XML text cells, an empty cell being absent", () => {
    expect(
      ok({ invoiceNo: "INV-2", vendorNo: "V100", sequenceNo: " 7 ", invoiceValidationTotal: "1234.50", taxAmount: "", notes: "  ", matchedInvoiceStatus: "matched" }),
    ).toEqual({ invoiceNo: "INV-2", vendorNo: "V100", sequenceNo: 7, invoiceValidationTotal: dec("1234.5"), matchedInvoiceStatusId: 2, matchedInvoiceStatus: "Matched" });
  });

  it("takes the status by name in any case or by number, in either status field", () => {
    expect(ok({ invoiceNo: "I", vendorNo: "V", matchedInvoiceStatus: "PENDING" }).matchedInvoiceStatus).toBe("Pending");
    expect(ok({ invoiceNo: "I", vendorNo: "V", matchedInvoiceStatus: 2 }).matchedInvoiceStatus).toBe("Matched");
    expect(ok({ invoiceNo: "I", vendorNo: "V", matchedInvoiceStatusId: "1" })).toMatchObject({ matchedInvoiceStatusId: 1, matchedInvoiceStatus: "Pending" });
    expect(ok({ invoiceNo: "I", vendorNo: "V", matchedInvoiceStatusId: 3, matchedInvoiceStatus: "Vouchered" }).matchedInvoiceStatusId).toBe(3);
  });

  it("refuses Batched and Exported: only AP batches set them", () => {
    expect(errors({ invoiceNo: "I", vendorNo: "V", matchedInvoiceStatus: "Batched" })).toEqual([
      { field: "matchedInvoiceStatus", message: "Batched is set by AP batches, not by records; a record may set Pending, Matched, Vouchered" },
    ]);
    expect(errors({ invoiceNo: "I", vendorNo: "V", matchedInvoiceStatusId: 5 })).toEqual([
      { field: "matchedInvoiceStatusId", message: "Exported is set by AP batches, not by records; a record may set Pending, Matched, Vouchered" },
    ]);
  });

  it("refuses an unknown status and two statuses that disagree", () => {
    expect(errors({ invoiceNo: "I", vendorNo: "V", matchedInvoiceStatus: "Paid" })[0]?.message).toBe(
      'must be one of Pending, Matched, Vouchered, Batched, Exported (or 1 to 5), got "Paid"',
    );
    expect(errors({ invoiceNo: "I", vendorNo: "V", matchedInvoiceStatusId: 9 })[0]?.field).toBe("matchedInvoiceStatusId");
    expect(errors({ invoiceNo: "I", vendorNo: "V", matchedInvoiceStatusId: 1, matchedInvoiceStatus: "Matched" })).toEqual([
      { field: "matchedInvoiceStatus", message: "is Matched but matchedInvoiceStatusId is Pending; give one status" },
    ]);
  });

  it("reports every bad field at once, naming it", () => {
    expect(
      errors({
        invoiceNo: " ",
        purchaseOrderId: "12345",
        invoiceDate: "2026-02-30",
        invoiceValidationTotal: "12,50",
        sequenceNo: 4294967296,
        poType: "standard",
      }),
    ).toEqual([
      { field: "purchaseOrderId", message: 'must be a GUID, got "12345"' },
      { field: "sequenceNo", message: "must be a 32-bit integer" },
      { field: "poType", message: 'must be one of Standard, Return, Capital, got "standard"' },
      { field: "vendorNo", message: "is required" },
      { field: "invoiceNo", message: "is required" },
      { field: "invoiceDate", message: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time, got "2026-02-30"' },
      { field: "invoiceValidationTotal", message: 'must be a decimal number, got "12,50"' },
    ]);
  });

  it("limits the natural key to 100 characters", () => {
    expect(errors({ invoiceNo: "x".repeat(101), vendorNo: "V" })).toEqual([{ field: "invoiceNo", message: "must be at most 100 characters" }]);
    expect(ok({ invoiceNo: "x".repeat(100), vendorNo: "V" }).invoiceNo).toHaveLength(100);
  });

  it("encodes back to seed JSON with the status by name", () => {
    const record = ok({ invoiceNo: "INV-1", vendorNo: "V1", invoiceValidationTotal: "0.30", matchedInvoiceStatusId: 2 });
    expect(Schema.encodeSync(InvoiceRecord)(record)).toEqual({ invoiceNo: "INV-1", vendorNo: "V1", invoiceValidationTotal: 0.3, matchedInvoiceStatus: "Matched" });
  });

  it("is the INVOICE applier's schema, keyed by invoiceNo/vendorNo", () => {
    expect(invoiceApplier.payloadObjectType).toBe("INVOICE");
    expect(invoiceApplier.schema).toBe(InvoiceRecord);
    expect(invoiceApplier.keyOf(ok({ invoiceNo: "INV-1", vendorNo: "V1" }))).toBe("INV-1/V1");
  });
});
