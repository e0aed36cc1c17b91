/**
 * The fast record decoder against effect's parser: for every record schema, on valid records in
 * every loose form they arrive in and on records with fields broken in every way, both give the
 * same result (values and field order, or the same field errors), and valid records never fall
 * back to the slow path.
 */
import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc, Option, type ParseResult, Schema } from "effect";
import {
  BankStatementEntryRecord,
  Company,
  CompanyCode,
  CustomerRecord,
  fieldErrorsOf,
  FinancialAccountRecord,
  InvoiceRecord,
  LineItemRecord,
  makeFastRecordPath,
  makeSchemaDecoder,
  PaymentRequestRecord,
  PaymentStatusRecord,
  PurchaseOrder,
  ReceivableDocumentRecord,
} from "../src";
import { apInvoiceDataArb, looseInvoiceRecordArb } from "../../testkit/src/arbitraries/ap-invoice";
import { companyArb, companyCodeArb, purchaseOrderArb } from "../../testkit/src/arbitraries/erp-records";
import { bankStatementEntryRecordArb, financialAccountArb, paymentRequestArb, paymentStatusRecordArb } from "../../testkit/src/arbitraries/payment-records";
import { customerInputArb, documentInputArb, lineItemInputArb } from "../../testkit/src/arbitraries/receivable";

/** A value with its field order and exact types (bigints of decimals included) in one string. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v === undefined ? "<undefined>" : v));

const slowDecode = <A, I>(schema: Schema.Schema<A, I>) => Schema.decodeUnknownEither(schema, { errors: "all" });

const outcome = (result: Either.Either<unknown, ParseResult.ParseError>) =>
  Either.match(result, { onLeft: (e) => ({ errors: fieldErrorsOf(e) }), onRight: (value) => ({ value: canonical(value) }) });

/** What a field may hold when it arrives broken, blank or odd. */
const oddValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("", "   ", null, undefined, 0, -1, 1.5, Number.NaN, Infinity, true, false, {}, [], "abc", " x ", "2026-02-30", "2026-02-28", "1e3", "-0", "12.345", "TRUE", "EUR", "eur", "DE89370400440532013000", "{6F9619FF-8B86-D011-B42D-00C04FC964FF}", "Vouchered", "3"),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
);

/** `record` with some fields replaced by odd values, some removed, and every value as text or not. */
const looseArb = (record: Record<string, unknown>, names: ReadonlyArray<string>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      odd: fc.dictionary(fc.constantFrom(...names), oddValueArb, { maxKeys: 3 }),
      drop: fc.subarray([...names], { maxLength: 2 }),
      asText: fc.boolean(),
    })
    .map(({ odd, drop, asText }) => {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(record)) {
        if (drop.includes(name)) continue;
        out[name] = asText && (typeof value === "number" || typeof value === "boolean") ? String(value) : value;
      }
      return { ...out, ...odd };
    });

const fieldNames = (schema: Schema.Schema.AnyNoContext): ReadonlyArray<string> => {
  const ast = Schema.encodedSchema(schema).ast;
  return ast._tag === "TypeLiteral" ? ast.propertySignatures.map((p) => String(p.name)) : [];
};

interface Case {
  readonly name: string;
  readonly schema: Schema.Schema.AnyNoContext;
  /** Inputs that decode. */
  readonly valid: fc.Arbitrary<Record<string, unknown>>;
}

const encoded = <A, I>(schema: Schema.Schema<A, I>, arb: fc.Arbitrary<A>): fc.Arbitrary<Record<string, unknown>> =>
  arb.map((record) => Schema.encodeSync(schema)(record) as Record<string, unknown>);

const cases: ReadonlyArray<Case> = [
  { name: "COMPANY", schema: Company, valid: encoded(Company, companyArb()) },
  { name: "COMPANY_CODE", schema: CompanyCode, valid: encoded(CompanyCode, companyCodeArb()) },
  { name: "PURCHASE_ORDER", schema: PurchaseOrder, valid: encoded(PurchaseOrder, purchaseOrderArb()) },
  { name: "INVOICE", schema: InvoiceRecord, valid: apInvoiceDataArb().chain((data) => looseInvoiceRecordArb(data).map((r) => ({ ...r }))) },
  { name: "PAYMENT_REQUEST", schema: PaymentRequestRecord, valid: encoded(PaymentRequestRecord, paymentRequestArb.map(({ receivedAt: _r, updatedAt: _u, line: _l, ...record }) => record)) },
  { name: "PAYMENT_STATUS", schema: PaymentStatusRecord, valid: encoded(PaymentStatusRecord, paymentStatusRecordArb) },
  { name: "BANK_STATEMENT", schema: BankStatementEntryRecord, valid: encoded(BankStatementEntryRecord, bankStatementEntryRecordArb) },
  { name: "financial account", schema: FinancialAccountRecord, valid: encoded(FinancialAccountRecord, financialAccountArb) },
  { name: "customer", schema: CustomerRecord, valid: customerInputArb() },
  { name: "receivable document", schema: ReceivableDocumentRecord, valid: documentInputArb() },
  { name: "line item", schema: LineItemRecord, valid: lineItemInputArb() },
];

describe.each(cases)("the fast decoder of $name records", ({ schema, valid }) => {
  const fast = makeSchemaDecoder(schema);
  const fastPath = makeFastRecordPath(schema);
  const slow = slowDecode(schema);
  const names = fieldNames(schema);

  it("decodes valid records on the fast path, to what effect's parser gives", () => {
    fc.assert(
      fc.property(valid, (input) => {
        const expected = slow(input);
        expect(Either.isRight(expected)).toBe(true);
        expect(Option.isSome(fastPath(input))).toBe(true);
        expect(outcome(fast(input))).toEqual(outcome(expected));
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same result as effect's parser on records with odd, missing and extra fields", () => {
    fc.assert(
      fc.property(
        valid.chain((record) => looseArb(record, names)),
        (input) => {
          expect(outcome(fast(input))).toEqual(outcome(slow(input)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses what is not a record, as effect does", () => {
    for (const input of [null, undefined, 1, "text", [], [{}]]) expect(outcome(fast(input))).toEqual(outcome(slow(input)));
  });
});

describe("the fast decoder on schemas it leaves to effect", () => {
  it("gives effect's result for unions, index signatures and exact options", () => {
    const Union = Schema.Struct({ kind: Schema.Union(Schema.Literal("a"), Schema.Number), rest: Schema.optional(Schema.String) });
    const Indexed = Schema.Record({ key: Schema.String, value: Schema.NumberFromString });
    const Exact = Schema.Struct({ a: Schema.optional(Schema.String) }).annotations({ parseOptions: { exact: true, onExcessProperty: "preserve" } });
    const inputs: ReadonlyArray<unknown> = [{ kind: "a" }, { kind: 2, rest: "x" }, { kind: "b" }, { a: "1", b: "2" }, { a: undefined }, { x: "1" }, {}];
    for (const schema of [Union, Indexed, Exact] as ReadonlyArray<Schema.Schema.AnyNoContext>) {
      const fast = makeSchemaDecoder(schema);
      const slow = slowDecode(schema);
      for (const input of inputs) expect(outcome(fast(input))).toEqual(outcome(slow(input)));
    }
  });
});
