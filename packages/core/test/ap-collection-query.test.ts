import { describe, expect, it } from "vitest";
import { Either, Option } from "effect";
import {
  apBatchCatalogue,
  apInvoiceCatalogue,
  ApInvoice,
  canonicalDateTime,
  Decimal,
  effectiveOrderBy,
  Filter,
  FilterLiteral,
  filterExpressionCount,
  MAX_FILTER_EXPRESSIONS,
  searchableProperties,
  validateCollectionQuery,
  type CollectionQuery,
} from "../src";

const num = (text: string) => FilterLiteral.number(Option.getOrThrow(Decimal.parse(text)));
const refusal = (query: CollectionQuery) => Either.getLeft(validateCollectionQuery(apBatchCatalogue, query)).pipe(Option.getOrThrow);
const accepted = (query: CollectionQuery) =>
  Either.getOrThrowWith(validateCollectionQuery(apBatchCatalogue, query), (e) => new Error(e.message));

describe("canonicalDateTime", () => {
  it("turns dates and date-times with any offset into canonical UTC", () => {
    expect(canonicalDateTime("2026-01-15")).toBe("2026-01-15T00:00:00.000Z");
    expect(canonicalDateTime("2026-01-15T10:20")).toBe("2026-01-15T10:20:00.000Z");
    expect(canonicalDateTime(" 2026-01-15T10:20:30.123456Z ")).toBe("2026-01-15T10:20:30.123Z");
    expect(canonicalDateTime("2026-01-01T01:00:00+02:00")).toBe("2025-12-31T23:00:00.000Z");
    expect(canonicalDateTime("2026-01-01T01:00:00-0530")).toBe("2026-01-01T06:30:00.000Z");
    expect(canonicalDateTime("2024-02-29T00:00:00Z")).toBe("2024-02-29T00:00:00.000Z");
    expect(canonicalDateTime("0050-06-01")).toBe("0050-06-01T00:00:00.000Z");
  });

  it("refuses what is not a real day or time", () => {
    for (const text of ["2026-02-29", "2026-13-01", "2026-04-31", "2026-01-01T24:00:00Z", "2026-01-01T10:60", "15.01.2026", "2026-01-01T10:00:00+25:00", "", "now"]) {
      expect(canonicalDateTime(text), text).toBeUndefined();
    }
  });
});

describe("validateCollectionQuery", () => {
  it("accepts a query over known properties and normalises GUIDs, date-times and blank search", () => {
    const query = accepted({
      filter: Filter.and(
        Filter.eq("apBatchId", FilterLiteral.string("A0000000-0000-4000-8000-00000000000A")),
        Filter.or(Filter.eq("dateCreated", FilterLiteral.dateTime("2026-03-01T12:00:00+02:00")), Filter.not(Filter.contains("batchNo", "X"))),
      ),
      orderBy: [{ property: "batchTotal", direction: "desc" }],
      search: "   ",
      top: 1000,
      skip: 0,
      count: true,
    });
    expect(query).toEqual({
      filter: Filter.and(
        Filter.eq("apBatchId", FilterLiteral.guid("a0000000-0000-4000-8000-00000000000a")),
        Filter.or(Filter.eq("dateCreated", FilterLiteral.dateTime("2026-03-01T10:00:00.000Z")), Filter.not(Filter.contains("batchNo", "X"))),
      ),
      orderBy: [{ property: "batchTotal", direction: "desc" }],
      top: 1000,
      skip: 0,
      count: true,
    });
  });

  it("refuses an unknown property wherever it appears, naming it", () => {
    expect(refusal({ filter: Filter.eq("batchNumber", FilterLiteral.string("x")) })).toMatchObject({ option: "filter", message: 'Batch has no property "batchNumber"' });
    expect(refusal({ orderBy: [{ property: "BatchNo", direction: "asc" }] })).toMatchObject({ option: "orderBy", message: 'Batch has no property "BatchNo"' });
    expect(refusal({ filter: Filter.not(Filter.startsWith("toString", "x")) })).toMatchObject({ message: 'Batch has no property "toString"' });
  });

  it("refuses a literal of the wrong kind for the property", () => {
    expect(refusal({ filter: Filter.eq("invoiceCount", FilterLiteral.string("3")) }).message).toBe("Batch.invoiceCount must be compared with an integer or null");
    expect(refusal({ filter: Filter.eq("invoiceCount", num("2.5")) }).message).toBe("Batch.invoiceCount must be compared with an integer or null");
    expect(refusal({ filter: Filter.eq("batchTotal", FilterLiteral.boolean(true)) }).message).toBe("Batch.batchTotal must be compared with a number or null");
    expect(refusal({ filter: Filter.eq("batchNo", num("1")) }).message).toBe("Batch.batchNo must be compared with a string or null");
    expect(refusal({ filter: Filter.eq("apBatchId", FilterLiteral.string("not-a-guid")) }).message).toBe("Batch.apBatchId must be compared with a GUID or null");
    expect(refusal({ filter: Filter.ne("lastExportDate", FilterLiteral.string("yesterday")) }).message).toBe("Batch.lastExportDate must be compared with a date-time or null");
    expect(refusal({ filter: Filter.eq("isScheduledExporting", FilterLiteral.string("true")) }).message).toBe("Batch.isScheduledExporting must be compared with true or false or null");
    expect(Either.isRight(validateCollectionQuery(apBatchCatalogue, { filter: Filter.eq("reference", FilterLiteral.null) }))).toBe(true);
  });

  it("refuses a string function on a property that is not a string", () => {
    expect(refusal({ filter: Filter.contains("batchTotal", "1") }).message).toBe("contains needs a string property; Batch.batchTotal is a number");
    expect(refusal({ filter: Filter.startsWith("apBatchId", "a") }).message).toBe("startswith needs a string property; Batch.apBatchId is a GUID");
  });

  it("refuses $top above 1000 with the seed's message, and counts that are not whole", () => {
    const error = refusal({ top: 1001 });
    expect(error._tag).toBe("CollectionQuery.TopExceeded");
    expect(error.message).toBe("The limit for the $top query has been exceeded. The value from the incoming request is '1001'.");
    expect(refusal({ top: -1 })).toMatchObject({ _tag: "CollectionQuery.Invalid", option: "top" });
    expect(refusal({ top: 1.5 })).toMatchObject({ option: "top" });
    expect(refusal({ skip: -3 })).toMatchObject({ option: "skip", message: "$skip must be a whole number of at least 0" });
  });

  it("allows five $orderby properties, not six, and none twice", () => {
    const five = ["batchNo", "reference", "batchTotal", "invoiceCount", "dateCreated"].map((property) => ({ property, direction: "asc" as const }));
    expect(Either.isRight(validateCollectionQuery(apBatchCatalogue, { orderBy: five }))).toBe(true);
    expect(refusal({ orderBy: [...five, { property: "batchStatus", direction: "asc" }] }).message).toBe("$orderby may name at most 5 properties, got 6");
    expect(refusal({ orderBy: [{ property: "batchNo", direction: "asc" }, { property: "batchNo", direction: "desc" }] }).message).toBe("$orderby names batchNo twice");
  });

  it("allows 100 filter expressions, not 101", () => {
    const chain = (n: number) =>
      Array.from({ length: n - 1 }, (_, i) => Filter.eq("batchNo", FilterLiteral.string(`B-${i}`))).reduce<Filter>(
        (acc, f) => Filter.or(acc, Filter.not(f)),
        Filter.contains("batchNo", "B"),
      );
    expect(filterExpressionCount(chain(MAX_FILTER_EXPRESSIONS))).toBe(100);
    expect(Either.isRight(validateCollectionQuery(apBatchCatalogue, { filter: chain(100) }))).toBe(true);
    expect(refusal({ filter: chain(101) }).message).toBe("$filter may hold at most 100 expressions, got 101");
  });
});

describe("property catalogues", () => {
  it("name every property of the AP invoice entity, and nothing else", () => {
    expect(Object.keys(apInvoiceCatalogue.properties).sort()).toEqual(Object.keys(ApInvoice.fields).sort());
  });

  it("sort by the default order and then the key, unless the key is already named", () => {
    expect(effectiveOrderBy(apBatchCatalogue, {})).toEqual([
      { property: "dateCreated", direction: "asc" },
      { property: "apBatchId", direction: "asc" },
    ]);
    expect(effectiveOrderBy(apBatchCatalogue, { orderBy: [{ property: "apBatchId", direction: "desc" }] })).toEqual([
      { property: "apBatchId", direction: "desc" },
    ]);
  });

  it("search the string properties only", () => {
    expect(searchableProperties(apBatchCatalogue)).toEqual(["batchNo", "reference", "batchStatus", "createdByUserName", "lastUpdatedByUserName"]);
  });
});
