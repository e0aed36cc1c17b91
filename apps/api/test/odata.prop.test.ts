/**
 * Property: for random `$filter`s and `$orderby`s over random invoices, the service's answer,
 * followed page by page, equals the same query evaluated in memory by the testkit's collection
 * query (the reference semantics of @batch/core's collection-query.ts), on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FastCheck as fc, Option } from "effect";
import { Decimal, Filter, FilterLiteral, apInvoiceCatalogue, type CollectionQuery, type OrderBy } from "@batch/core";
import { runCollectionQuery } from "@batch/testkit";
import { BACKENDS, type Backend } from "./support/backends";
import { makeODataClient, type ODataTestClient } from "./support/odata-client";
import { accessToken, startTestService, type TestService } from "./support/service";

const PAGE = 7;
const INVOICES = 30;
const RUNS = 40;

// Small pools, so that random filters often match, tie and meet absent values.
const NAMES = ["Acme", "acme", "ACME Corp", "Globex", "O'Brien", "Ünïcode", "a b", ""] as const;
const AMOUNTS = ["0", "0.5", "-3", "100", "2.25", "0.50"] as const;
const DATES = ["2026-01-15T00:00:00.000Z", "2026-01-15T12:30:00.000Z", "2025-12-31T23:59:59.999Z"] as const;
const PO_TYPES = ["Standard", "Return", "Capital"] as const;

const maybe = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: undefined, freq: 3 });

const invoiceArb = fc.record({
  vendorName: maybe(fc.constantFrom(...NAMES)),
  notes: maybe(fc.constantFrom(...NAMES)),
  invoiceValidationTotal: maybe(fc.constantFrom(...AMOUNTS)),
  sequenceNo: maybe(fc.integer({ min: 1, max: 3 })),
  poType: maybe(fc.constantFrom(...PO_TYPES)),
  invoiceDate: maybe(fc.constantFrom(...DATES)),
});

const text = fc.constantFrom(...NAMES, "cme", "A", "'", "nï");

const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.tuple(fc.constantFrom("vendorName", "notes"), fc.oneof(text.map(FilterLiteral.string), fc.constant(FilterLiteral.null)), fc.boolean()).map(([p, v, eq]) => (eq ? Filter.eq(p, v) : Filter.ne(p, v))),
  fc.tuple(fc.constantFrom(...AMOUNTS, null), fc.boolean()).map(([a, eq]) => {
    const v = a === null ? FilterLiteral.null : FilterLiteral.number(Option.getOrThrow(Decimal.parse(a)));
    return eq ? Filter.eq("invoiceValidationTotal", v) : Filter.ne("invoiceValidationTotal", v);
  }),
  fc.tuple(fc.constantFrom(1, 2, 3, null), fc.boolean()).map(([n, eq]) => {
    const v = n === null ? FilterLiteral.null : FilterLiteral.number(Decimal.fromBigInt(BigInt(n)));
    return eq ? Filter.eq("sequenceNo", v) : Filter.ne("sequenceNo", v);
  }),
  fc.tuple(fc.constantFrom(...DATES), fc.boolean()).map(([d, eq]) => (eq ? Filter.eq("invoiceDate", FilterLiteral.dateTime(d)) : Filter.ne("invoiceDate", FilterLiteral.dateTime(d)))),
  fc.tuple(fc.constantFrom("contains", "startswith", "endswith"), fc.constantFrom("vendorName", "notes", "poType"), text).map(([f, p, v]) =>
    f === "contains" ? Filter.contains(p, v) : f === "startswith" ? Filter.startsWith(p, v) : Filter.endsWith(p, v),
  ),
);

const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ node: Filter }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(tie("node"), tie("node")).map(([l, r]) => Filter.and(l, r)),
    fc.tuple(tie("node"), tie("node")).map(([l, r]) => Filter.or(l, r)),
    tie("node").map(Filter.not),
  ),
})).node;

const orderArb: fc.Arbitrary<ReadonlyArray<OrderBy>> = fc.uniqueArray(
  fc.record({ property: fc.constantFrom("vendorName", "notes", "invoiceValidationTotal", "sequenceNo", "invoiceDate", "poType", "dateCreated"), direction: fc.constantFrom("asc" as const, "desc" as const) }),
  { maxLength: 3, selector: (o) => o.property },
);

/** The filter as `$filter` text, literals written as OData writes them (quotes doubled). */
const render = (filter: Filter): string => {
  const literal = (v: FilterLiteral): string => {
    switch (v._tag) {
      case "Null":
        return "null";
      case "String":
        return `'${v.value.replace(/'/g, "''")}'`;
      case "Number":
        return Decimal.format(v.value);
      case "Boolean":
        return String(v.value);
      case "Guid":
      case "DateTime":
        return v.value;
    }
  };
  switch (filter._tag) {
    case "And":
    case "Or":
      return `(${render(filter.left)} ${filter._tag.toLowerCase()} ${render(filter.right)})`;
    case "Not":
      return `not (${render(filter.operand)})`;
    case "Eq":
    case "Ne":
      return `${filter.property} ${filter._tag.toLowerCase()} ${literal(filter.value)}`;
    default:
      return `${filter._tag.toLowerCase()}(${filter.property},${literal(FilterLiteral.string(filter.value))})`;
  }
};

/** An invoice as the service wrote it, back in the core's value types (absent for null). */
const typed = (row: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (value === null || name.startsWith("@")) continue;
    out[name] = apInvoiceCatalogue.properties[name] === "decimal" ? Option.getOrThrow(Decimal.parse(String(value))) : value;
  }
  return out;
};

describe.each(BACKENDS)("/odata/Invoices equals the in-memory collection query on $name", (factory) => {
  let backend: Backend;
  let svc: TestService;
  let od: ODataTestClient;
  const vendorNo = `PROP-${process.pid}`;
  let rows: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    backend = await factory.create();
    svc = await startTestService(backend, { BATCH_ODATA_PAGE_SIZE: String(PAGE) });
    od = makeODataClient(svc.baseUrl, await accessToken(svc));
    const invoices = fc.sample(invoiceArb, { numRuns: INVOICES, seed: 1_001 });
    for (const [i, data] of invoices.entries()) {
      const { invoiceValidationTotal, ...rest } = data;
      await od.createInvoice({ vendorNo, invoiceNo: `P-${i}`, ...rest, ...(invoiceValidationTotal === undefined ? {} : { invoiceValidationTotal: Number(invoiceValidationTotal) }) });
    }
    rows = (await od.all(`/odata/Invoices?$filter=${encodeURIComponent(`vendorNo eq '${vendorNo}'`)}`)).rows.map(typed);
    expect(rows).toHaveLength(INVOICES);
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  it("the same rows in the same order, and the same count, for random filters and orders", async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, orderArb, async (filter, orderBy) => {
        const scoped = Filter.and(Filter.eq("vendorNo", FilterLiteral.string(vendorNo)), filter);
        const orderText = orderBy.map((o) => `${o.property} ${o.direction}`).join(",");
        const path = `/odata/Invoices?$filter=${encodeURIComponent(render(scoped))}${orderText === "" ? "" : `&$orderby=${encodeURIComponent(orderText)}`}&$count=true`;
        const first = await od.get(path);
        expect(first.status).toBe(200);
        const served = (await od.all(path)).rows.map((r) => r.invoiceNo);
        const query: CollectionQuery = { filter: scoped, ...(orderBy.length === 0 ? {} : { orderBy }), count: true };
        const expected = runCollectionQuery(apInvoiceCatalogue, rows, query);
        expect(served).toEqual(expected.rows.map((r) => r.invoiceNo));
        expect(first.body["@odata.count"]).toBe(expected.count);
      }),
      { numRuns: RUNS, seed: 12 },
    );
  });
});
