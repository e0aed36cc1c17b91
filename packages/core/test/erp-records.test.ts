import { describe, expect, it } from "vitest";
import { Effect, Either, Option, Schema } from "effect";
import {
  Company,
  CompanyCode,
  companyApplier,
  companyCodeApplier,
  Decimal,
  fieldErrorsOf,
  PurchaseOrder,
  purchaseOrderApplier,
  type ErpRecordStore,
  type OrganizationId,
} from "../src";

const errorsOf = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Either.match(Schema.decodeUnknownEither(schema, { errors: "all" })(input), { onLeft: fieldErrorsOf, onRight: () => [] });
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

describe("COMPANY records", () => {
  it("decode the seed 000 example and CSV cells alike", () => {
    expect(Schema.decodeUnknownSync(Company)({ referenceId: "string", name: "string", registeredCountry: "string", registeredRegion: "string" })).toEqual({
      referenceId: "string",
      name: "string",
      registeredCountry: "string",
      registeredRegion: "string",
    });
    expect(Schema.decodeUnknownSync(Company)({ referenceId: "C-1", name: "", registeredCountry: "DE", registeredRegion: "" })).toEqual({ referenceId: "C-1", registeredCountry: "DE" });
  });

  it("require referenceId", () => {
    expect(errorsOf(Company, { name: "ACME" })).toEqual([{ field: "referenceId", message: "is required" }]);
  });
});

describe("COMPANY_CODE records", () => {
  it("require referenceId and code, and check the currency", () => {
    expect(errorsOf(CompanyCode, { referenceId: "", code: " ", currency: "EURO" })).toEqual([
      { field: "referenceId", message: "is required" },
      { field: "code", message: "is required" },
      { field: "currency", message: 'must be an ISO 4217 currency code, got "EURO"' },
    ]);
    expect(Schema.decodeUnknownSync(CompanyCode)({ referenceId: "CC-1", code: 1000, currency: "JPY", country: "JP", companyReferenceId: "C-1" })).toEqual({
      referenceId: "CC-1",
      code: "1000",
      currency: "JPY",
      country: "JP",
      companyReferenceId: "C-1",
    });
  });
});

describe("PURCHASE_ORDER records", () => {
  it("decode exact amounts, the PO type, the order date", () => {
    expect(Schema.decodeUnknownSync(PurchaseOrder)({ purchaseOrderNo: "PO-1", vendorNo: "V-1", poType: "Capital", orderDate: "2026-02-01", currency: "EUR", totalAmount: "1000000000000.10" })).toEqual({
      purchaseOrderNo: "PO-1",
      vendorNo: "V-1",
      poType: "Capital",
      orderDate: "2026-02-01",
      currency: "EUR",
      totalAmount: dec("1000000000000.1"),
    });
  });

  it("name each failing field and rule", () => {
    expect(errorsOf(PurchaseOrder, { vendorNo: "", poType: "Blanket", orderDate: "yesterday", totalAmount: "ten" })).toEqual([
      { field: "purchaseOrderNo", message: "is required" },
      { field: "vendorNo", message: "is required" },
      { field: "poType", message: 'must be one of Standard, Return, Capital, got "Blanket"' },
      { field: "orderDate", message: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time, got "yesterday"' },
      { field: "totalAmount", message: 'must be a decimal number, got "ten"' },
    ]);
  });

  it("refuse an amount finer than the currency's minor unit", () => {
    expect(errorsOf(PurchaseOrder, { purchaseOrderNo: "PO-1", vendorNo: "V-1", currency: "JPY", totalAmount: 10.5 })).toEqual([
      { field: "totalAmount", message: "must have at most 0 decimal places for JPY" },
    ]);
    expect(errorsOf(PurchaseOrder, { purchaseOrderNo: "PO-1", vendorNo: "V-1", currency: "BHD", totalAmount: "10.125" })).toEqual([]);
    expect(errorsOf(PurchaseOrder, { purchaseOrderNo: "PO-1", vendorNo: "V-1", totalAmount: "10.12345" })).toEqual([]);
  });
});

/** A record store over a plain map: enough to see what the appliers write. */
const mapStore = <A>(keyOf: (a: A) => string) => {
  const rows = new Map<string, A>();
  const store: ErpRecordStore<A> = {
    upsertMany: (_, records) => Effect.sync(() => records.forEach((r) => rows.set(keyOf(r), r))),
    get: (_, key) => Effect.sync(() => Option.fromNullable(rows.get(key))),
    count: () => Effect.sync(() => rows.size),
  };
  return { rows, store };
};

describe("the COMPANY, COMPANY_CODE and PURCHASE_ORDER appliers", () => {
  const context = { orgId: "org-1" as OrganizationId, at: "2026-01-01T00:00:00.000Z", actor: { id: "w", name: "worker" }, batchId: "b-1" };

  it("upsert every record by its natural key and report each applied under that key", () => {
    const companies = mapStore<Company>((c) => c.referenceId);
    const outcomes = Effect.runSync(
      companyApplier.apply({ companies: companies.store }, context, [
        { itemNumber: 1, record: { referenceId: "C-1", name: "old" } },
        { itemNumber: 2, record: { referenceId: "C-2" } },
        { itemNumber: 3, record: { referenceId: "C-1", name: "new" } },
      ]),
    );
    expect(outcomes).toEqual([
      { _tag: "Applied", itemNumber: 1, key: "C-1" },
      { _tag: "Applied", itemNumber: 2, key: "C-2" },
      { _tag: "Applied", itemNumber: 3, key: "C-1" },
    ]);
    expect([...companies.rows.values()]).toEqual([{ referenceId: "C-1", name: "new" }, { referenceId: "C-2" }]);

    const codes = mapStore<CompanyCode>((c) => c.referenceId);
    expect(Effect.runSync(companyCodeApplier.apply({ companyCodes: codes.store }, context, [{ itemNumber: 1, record: { referenceId: "CC-1", code: "1000" } }]))).toEqual([
      { _tag: "Applied", itemNumber: 1, key: "CC-1" },
    ]);
    const orders = mapStore<PurchaseOrder>((po) => po.purchaseOrderNo);
    expect(Effect.runSync(purchaseOrderApplier.apply({ purchaseOrders: orders.store }, context, [{ itemNumber: 4, record: { purchaseOrderNo: "PO-9", vendorNo: "V" } }]))).toEqual([
      { _tag: "Applied", itemNumber: 4, key: "PO-9" },
    ]);
    expect(orders.rows.get("PO-9")).toEqual({ purchaseOrderNo: "PO-9", vendorNo: "V" });
  });

  it("declare their payload object types and schemas", () => {
    expect([companyApplier.payloadObjectType, companyCodeApplier.payloadObjectType, purchaseOrderApplier.payloadObjectType]).toEqual(["COMPANY", "COMPANY_CODE", "PURCHASE_ORDER"]);
    expect(purchaseOrderApplier.keyOf({ purchaseOrderNo: "PO-1", vendorNo: "V" })).toBe("PO-1");
  });
});
