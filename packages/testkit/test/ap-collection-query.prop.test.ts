/** Properties of the in-memory collection-query evaluator every in-memory AP store uses. */
import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc, Option } from "effect";
import {
  apInvoiceCatalogue,
  ApInvoicePoTypes,
  Decimal,
  Filter,
  FilterLiteral,
  newApInvoice,
  validateCollectionQuery,
  type ApInvoice,
  type CollectionQuery,
  type OrderBy,
} from "@batch/core";
import { apActorArb, apInstantArb, apInvoiceDataArb, apInvoiceKeyArb, runCollectionQuery } from "../src";

const invoicesArb: fc.Arbitrary<ReadonlyArray<ApInvoice>> = fc
  .uniqueArray(fc.tuple(fc.uuid(), apInvoiceDataArb({ key: apInvoiceKeyArb(6) }), apInstantArb, apActorArb), { selector: ([id]) => id, maxLength: 25 })
  .map((rows) => rows.map(([id, data, at, actor]) => newApInvoice(id, data, { at, actor })));

const leafArb: fc.Arbitrary<Filter> = fc.oneof(
  fc.constantFrom("vendorNo", "invoiceNo", "notes", "poType").chain((p) =>
    fc.oneof(
      fc.constantFrom("V1", "INV-2", "Return", "a").map((v) => Filter.eq(p, FilterLiteral.string(v))),
      fc.constant(Filter.ne(p, FilterLiteral.null)),
      fc.constantFrom("1", "INV", "e", "").map((v) => Filter.contains(p, v)),
      fc.constantFrom("V", "INV-1", "S").map((v) => Filter.startsWith(p, v)),
      fc.constantFrom("1", "2", "rn").map((v) => Filter.endsWith(p, v)),
    ),
  ),
  fc.constantFrom("invoiceValidationTotal", "taxAmount").chain((p) =>
    fc.oneof(fc.constant(Filter.eq(p, FilterLiteral.null)), fc.constantFrom("0", "1.5", "-3").map((v) => Filter.ne(p, FilterLiteral.number(Option.getOrThrow(Decimal.parse(v)))))),
  ),
  fc.constantFrom(1, 2, 3).map((n) => Filter.eq("matchedInvoiceStatusId", FilterLiteral.number(Decimal.fromBigInt(BigInt(n))))),
);

const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    fc.tuple(tie("filter"), tie("filter")).map(([l, r]) => Filter.and(l, r)),
    fc.tuple(tie("filter"), tie("filter")).map(([l, r]) => Filter.or(l, r)),
    tie("filter").map(Filter.not),
  ),
})).filter;

const orderByArb: fc.Arbitrary<ReadonlyArray<OrderBy>> = fc.uniqueArray(
  fc.record({
    property: fc.constantFrom("vendorNo", "invoiceValidationTotal", "invoiceDate", "sequenceNo", "matchedInvoiceStatus", "purchaseOrderId"),
    direction: fc.constantFrom("asc" as const, "desc" as const),
  }),
  { selector: (o) => o.property, maxLength: 5 },
);

const valid = (query: CollectionQuery) => Either.getOrThrowWith(validateCollectionQuery(apInvoiceCatalogue, query), (e) => new Error(e.message));
const ids = (rows: ReadonlyArray<ApInvoice>) => rows.map((r) => r.apMatchedInvoiceId);
const run = (rows: ReadonlyArray<ApInvoice>, query: CollectionQuery) => runCollectionQuery(apInvoiceCatalogue, rows, valid(query));

describe("in-memory collection query", () => {
  it("a filter and its negation split the rows, and the count counts the matches", () => {
    fc.assert(
      fc.property(invoicesArb, filterArb, (rows, filter) => {
        const yes = run(rows, { filter, count: true });
        const no = run(rows, { filter: Filter.not(filter), count: true });
        expect(yes.count).toBe(yes.rows.length);
        expect([...ids(yes.rows), ...ids(no.rows)].sort()).toEqual(ids(rows).slice().sort());
      }),
      { numRuns: 300 },
    );
  });

  it("and / or are the intersection and union of their operands", () => {
    fc.assert(
      fc.property(invoicesArb, filterArb, filterArb, (rows, a, b) => {
        const setOf = (f: Filter) => new Set(ids(run(rows, { filter: f }).rows));
        const [x, y] = [setOf(a), setOf(b)];
        expect(setOf(Filter.and(a, b))).toEqual(new Set([...x].filter((id) => y.has(id))));
        expect(setOf(Filter.or(a, b))).toEqual(new Set([...x, ...y]));
      }),
      { numRuns: 200 },
    );
  });

  it("orders totally (ties by id) and pages as a slice of the full order, the count ignoring paging", () => {
    fc.assert(
      fc.property(invoicesArb, orderByArb, fc.nat(30), fc.nat(30), (rows, orderBy, skip, top) => {
        const all = run(rows, { orderBy });
        const shuffled = run([...rows].reverse(), { orderBy });
        expect(ids(shuffled.rows)).toEqual(ids(all.rows));
        const page = run(rows, { orderBy, skip, top, count: true });
        expect(ids(page.rows)).toEqual(ids(all.rows).slice(skip, skip + top));
        expect(page.count).toBe(rows.length);
      }),
      { numRuns: 300 },
    );
  });

  it("searches string properties without case, and no GUID property", () => {
    const strings = Object.entries(apInvoiceCatalogue.properties).filter(([, t]) => t === "string").map(([p]) => p);
    fc.assert(
      fc.property(invoicesArb, fc.constantFrom("inv", "V1", "ReTuRn", "x", "-4000-"), (rows, term) => {
        const found = new Set(ids(run(rows, { search: term }).rows));
        for (const row of rows) {
          const hit = strings.some((p) => String((row as Record<string, unknown>)[p] ?? "").toLowerCase().includes(term.toLowerCase()));
          expect(found.has(row.apMatchedInvoiceId)).toBe(hit);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("puts absent values first ascending and last descending", () => {
    const rows = [
      newApInvoice("00000000-0000-4000-8000-000000000001", { vendorNo: "V", invoiceNo: "1", matchedInvoiceStatusId: 3, matchedInvoiceStatus: "Vouchered", poType: ApInvoicePoTypes[1] }, { at: "2026-01-01T00:00:00.000Z", actor: { id: "a", name: "a" } }),
      newApInvoice("00000000-0000-4000-8000-000000000002", { vendorNo: "V", invoiceNo: "2", matchedInvoiceStatusId: 3, matchedInvoiceStatus: "Vouchered" }, { at: "2026-01-01T00:00:00.000Z", actor: { id: "a", name: "a" } }),
    ];
    expect(run(rows, { orderBy: [{ property: "poType", direction: "asc" }] }).rows.map((r) => r.invoiceNo)).toEqual(["2", "1"]);
    expect(run(rows, { orderBy: [{ property: "poType", direction: "desc" }] }).rows.map((r) => r.invoiceNo)).toEqual(["1", "2"]);
  });
});
