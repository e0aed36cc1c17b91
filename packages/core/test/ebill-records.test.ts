import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc, Option, Schema } from "effect";
import {
  CustomerRecord,
  Decimal,
  LineItemRecord,
  ReceivableDocumentRecord,
  balanceContributionOf,
  fieldErrorsOf,
  importCustomer,
  importDocument,
  importLineItem,
  type ReceivableDocument,
} from "../src";
import { documentInputArb } from "../../testkit/src/arbitraries/receivable";

const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));
const T0 = "2026-03-01T10:00:00.000Z";
const T1 = "2026-03-02T10:00:00.000Z";

const errorsOf = <A, I>(schema: Schema.Schema<A, I>, input: unknown) => {
  const decoded = Schema.decodeUnknownEither(schema, { errors: "all" })(input);
  return Either.isLeft(decoded) ? fieldErrorsOf(decoded.left) : [];
};
const decodeDocument = (input: unknown) => Schema.decodeUnknownSync(ReceivableDocumentRecord)(input);

describe("Customer records (seed 002 customers)", () => {
  it("decode the seed's example, JSON numbers and CSV text alike", () => {
    const seed = {
      companyname: "Payorcrm LLC",
      firstname: "John",
      lastname: "Doe",
      phoneno: "+11122334455",
      emailaddress1: "john.doe@payorcrm.example",
      customerno: "231231201",
      cocode: "XY22",
    };
    expect(Schema.decodeUnknownSync(CustomerRecord)(seed)).toEqual(seed);
    expect(Schema.decodeUnknownSync(CustomerRecord)({ ...seed, customerno: 231231201, cocode: "", balance: "12.5" })).toEqual({
      ...seed,
      cocode: undefined,
      balance: dec("12.5"),
    });
  });

  it("name each missing or bad field: empty is absent, required fields fail", () => {
    expect(errorsOf(CustomerRecord, { customerno: "  ", emailaddress1: "" })).toEqual([
      { field: "emailaddress1", message: "is required" },
      { field: "customerno", message: "is required" },
    ]);
    expect(errorsOf(CustomerRecord, { customerno: "1", emailaddress1: "not an address" })).toEqual([
      { field: "emailaddress1", message: 'must be an email address, got "not an address"' },
    ]);
    expect(errorsOf(CustomerRecord, { customerno: "1", emailaddress1: "a@b", balance: "1.23456" })).toEqual([
      { field: "balance", message: "has 5 fraction digits; without a currency at most 4 are accepted" },
    ]);
  });

  it("a re-import keeps what it leaves absent, and the balance unless it gives one", () => {
    const first = importCustomer(undefined, Schema.decodeUnknownSync(CustomerRecord)({ customerno: "1", emailaddress1: "a@b", cocode: "XY22" }), T0);
    expect(first).toEqual({ customerno: "1", emailaddress1: "a@b", cocode: "XY22", balance: Decimal.zero, createdAt: T0, updatedAt: T0 });
    const withBalance = { ...first, balance: dec("40") };
    const again = importCustomer(withBalance, Schema.decodeUnknownSync(CustomerRecord)({ customerno: "1", emailaddress1: "c@d" }), T1);
    expect(again).toEqual({ ...withBalance, emailaddress1: "c@d", updatedAt: T1 });
    expect(importCustomer(withBalance, Schema.decodeUnknownSync(CustomerRecord)({ customerno: "1", emailaddress1: "c@d", balance: 0 }), T1).balance).toEqual(
      Decimal.zero,
    );
  });
});

describe("Receivable document records (seed 002 invoices)", () => {
  it("decode the seed's example with defaults applied on import", () => {
    const record = decodeDocument({ customerNumber: "23123123", invoiceNumber: "21321", invoiceAmount: 12112 });
    const imported = Either.getOrThrow(importDocument(undefined, record, T0));
    expect(imported.document).toEqual({
      customerNumber: "23123123",
      invoiceNumber: "21321",
      invoiceAmount: dec("12112"),
      documentType: "Invoice",
      status: "Open",
      appliedToBalance: dec("12112"),
      createdAt: T0,
      updatedAt: T0,
    });
    expect(imported.balanceDelta).toEqual(dec("12112"));
  });

  it("accept every seed field: dates, JSON addresses (objects or text holding one), a string balanceAmount", () => {
    const record = decodeDocument({
      customerNumber: "C1",
      invoiceNumber: "I1",
      invoiceAmount: "100.50",
      balanceAmount: "80.25",
      localAmount: 93,
      currency: "EUR",
      postDate: "2026-03-01",
      dueDate: "2026-03-31T00:00:00Z",
      billAddr: { street: "Main St 1", city: "Springfield" },
      shipAddr: '{"street": "Dock 4"}',
      soldTo: 4711,
      documentType: "DebitMemo",
      status: "Paid",
      fiscalYear: "2026",
    });
    expect(record).toMatchObject({
      invoiceAmount: dec("100.5"),
      balanceAmount: dec("80.25"),
      localAmount: dec("93"),
      billAddr: { street: "Main St 1", city: "Springfield" },
      shipAddr: { street: "Dock 4" },
      soldTo: "4711",
      documentType: "DebitMemo",
      status: "Paid",
    });
    expect(decodeDocument({ customerNumber: "C1", invoiceNumber: "I1", invoiceAmount: 1, billAddr: "Main St 1, Springfield" }).billAddr).toBe(
      "Main St 1, Springfield",
    );
  });

  it("name each bad field", () => {
    expect(errorsOf(ReceivableDocumentRecord, { customerNumber: "C1", invoiceAmount: "12,50", documentType: "Refund", dueDate: "2026-02-30", currency: "EURO", billAddr: "{oops" })).toEqual([
      { field: "invoiceNumber", message: "is required" },
      { field: "dueDate", message: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time, got "2026-02-30"' },
      { field: "documentType", message: 'must be one of Invoice, CreditMemo, DebitMemo, got "Refund"' },
      { field: "billAddr", message: "must be a JSON object: the text starts with { but is not valid JSON" },
      { field: "currency", message: 'must be an ISO 4217 currency code, got "EURO"' },
      { field: "invoiceAmount", message: 'must be a decimal number, got "12,50"' },
    ]);
  });

  it("accept decimals up to the currency's fraction digits, on import, with the kept currency", () => {
    const jpy = Either.getOrThrow(importDocument(undefined, decodeDocument({ customerNumber: "C", invoiceNumber: "I", invoiceAmount: 1200, currency: "JPY" }), T0)).document;
    const refused = importDocument(jpy, decodeDocument({ customerNumber: "C", invoiceNumber: "I", invoiceAmount: "12.5", balanceAmount: 0.5 }), T1);
    expect(Either.isLeft(refused) && refused.left).toEqual([
      { field: "invoiceAmount", message: "has 1 fraction digits; JPY has 0" },
      { field: "balanceAmount", message: "has 1 fraction digits; JPY has 0" },
    ]);
    expect(Either.isRight(importDocument(undefined, decodeDocument({ customerNumber: "C", invoiceNumber: "I", invoiceAmount: "1.234", currency: "BHD" }), T0))).toBe(true);
    expect(Either.isLeft(importDocument(undefined, decodeDocument({ customerNumber: "C", invoiceNumber: "I", invoiceAmount: "1.234", currency: "EUR" }), T0))).toBe(true);
  });

  it("contributes balanceAmount (else invoiceAmount): added for Invoice and DebitMemo, subtracted for CreditMemo", () => {
    const doc = (documentType: ReceivableDocument["documentType"], balanceAmount?: string) => ({
      documentType,
      invoiceAmount: dec("100"),
      ...(balanceAmount === undefined ? {} : { balanceAmount: dec(balanceAmount) }),
    });
    expect(balanceContributionOf(doc("Invoice"))).toEqual(dec("100"));
    expect(balanceContributionOf(doc("DebitMemo", "40.10"))).toEqual(dec("40.1"));
    expect(balanceContributionOf(doc("CreditMemo", "30"))).toEqual(dec("-30"));
    expect(balanceContributionOf(doc("CreditMemo"))).toEqual(dec("-100"));
  });

  it("re-importing moves the balance by the difference only: applying a row twice is applying it once", () => {
    fc.assert(
      fc.property(fc.array(documentInputArb(fc.constant("C1"), fc.constant("INV-1")), { minLength: 1, maxLength: 6 }), (rows) => {
        let stored: ReceivableDocument | undefined;
        let balance = Decimal.zero;
        for (const row of rows) {
          for (let twice = 0; twice < 2; twice += 1) {
            const { document, balanceDelta } = Either.getOrThrow(importDocument(stored, decodeDocument(row), T0));
            balance = Decimal.add(balance, balanceDelta);
            stored = document;
            expect(balance).toEqual(balanceContributionOf(document));
            expect(document.appliedToBalance).toEqual(balanceContributionOf(document));
          }
        }
      }),
    );
  });
});

describe("Line item records", () => {
  const record = (input: Record<string, unknown>) => Schema.decodeUnknownSync(LineItemRecord)(input);
  const invoice = Either.getOrThrow(importDocument(undefined, decodeDocument({ customerNumber: "C1", invoiceNumber: "I1", invoiceAmount: 10, currency: "EUR" }), T0)).document;

  it("decode the seed 004 columns; lineNumber is a whole number from 1", () => {
    expect(record({ invoiceNumber: "I1", customerNumber: "C1", lineNumber: "010", description: "Widget", quantity: "2", unitPrice: "12.3456", amount: "24.69" })).toEqual({
      invoiceNumber: "I1",
      customerNumber: "C1",
      lineNumber: 10,
      description: "Widget",
      quantity: dec("2"),
      unitPrice: dec("12.3456"),
      amount: dec("24.69"),
    });
    expect(errorsOf(LineItemRecord, { invoiceNumber: "I1", customerNumber: "C1", lineNumber: "0" })).toEqual([
      { field: "lineNumber", message: "must be a line number from 1, got 0" },
    ]);
    expect(errorsOf(LineItemRecord, { invoiceNumber: "I1", lineNumber: "1.5" }).map((e) => e.field)).toEqual(["customerNumber", "lineNumber"]);
  });

  it("needs its invoice, and an amount that fits the invoice's currency", () => {
    const row = record({ invoiceNumber: "I1", customerNumber: "C1", lineNumber: 1, amount: "1.005" });
    const orphan = importLineItem(undefined, row, undefined, T0);
    expect(Either.isLeft(orphan) && orphan.left).toEqual([
      { field: "invoiceNumber", message: "no invoice I1 of customer C1: it is neither in the parent file nor imported before" },
    ]);
    const tooPrecise = importLineItem(undefined, row, invoice, T0);
    expect(Either.isLeft(tooPrecise) && tooPrecise.left).toEqual([{ field: "amount", message: "has 3 fraction digits; EUR has 2" }]);
    const ok = importLineItem(undefined, record({ invoiceNumber: "I1", customerNumber: "C1", lineNumber: 1, amount: "1.50", unitPrice: "0.12345" }), invoice, T0);
    expect(Either.getOrThrow(ok)).toMatchObject({ amount: dec("1.5"), unitPrice: dec("0.12345"), createdAt: T0 });
  });
});
