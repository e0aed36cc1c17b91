/**
 * Arbitraries for the receivable records: the loose input rows arrive as (JSON values, or CSV
 * text), and the stored values the stores keep.
 */
import { FastCheck as fc } from "effect";
import { Decimal, DocumentStatuses, DocumentTypes, type Customer, type LineItem, type ReceivableDocument } from "@batch/core";

/** Exact amounts with at most `scale` fraction digits (2 fits every currency used here but JPY). */
export const receivableAmountArb = (scale = 2, max = 10n ** 9n): fc.Arbitrary<Decimal.Decimal> =>
  fc.tuple(fc.bigInt({ min: -max, max }), fc.integer({ min: 0, max: scale })).map(([minor, s]) => Decimal.fromMinor(minor, s));

/** An amount as a client writes it: a JSON number, or text (as in CSV, and seed 002's string balanceAmount). */
export const looseAmountArb = (amount: Decimal.Decimal): fc.Arbitrary<number | string> =>
  fc.constantFrom(Decimal.toNumber(amount), Decimal.format(amount));

export const receivableInstantArb: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: 100_000 })
  .map((minute) => new Date(Date.parse("2026-01-01T00:00:00.000Z") + minute * 60_000).toISOString());

const textArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,10}[A-Za-z0-9]$/);

/** Customer numbers from a small pool, so rows meet the same customers again. */
export const customerNumberArb = (pool = 3): fc.Arbitrary<string> => fc.integer({ min: 1, max: pool }).map((n) => `C${1000 + n}`);
export const invoiceNumberArb = (pool = 4): fc.Arbitrary<string> => fc.integer({ min: 1, max: pool }).map((n) => `INV-${n}`);

/** A customer row as a client sends it (valid). */
export const customerInputArb = (customerno: fc.Arbitrary<string> = customerNumberArb()): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      customerno,
      emailaddress1: textArb.map((t) => `${t.replaceAll(" ", "")}@example.com`),
      companyname: textArb,
      firstname: textArb,
      lastname: textArb,
      phoneno: fc.constantFrom("+11122334455", "030 1234567"),
      cocode: fc.constantFrom("XY22", "DE01"),
    },
    { requiredKeys: ["customerno", "emailaddress1"] },
  );

/** A receivable document row as a client sends it (valid), amounts in EUR or without a currency. */
export const documentInputArb = (
  customerNumber: fc.Arbitrary<string> = customerNumberArb(),
  invoiceNumber: fc.Arbitrary<string> = invoiceNumberArb(),
): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record(
      {
        customerNumber,
        invoiceNumber,
        invoiceAmount: receivableAmountArb(),
        balanceAmount: receivableAmountArb(),
        localAmount: receivableAmountArb(),
        documentType: fc.constantFrom(...DocumentTypes),
        currency: fc.constant("EUR"),
        dueDate: fc.constantFrom("2026-04-30", "2026-05-31"),
        companyCode: fc.constant("XY22"),
      },
      { requiredKeys: ["customerNumber", "invoiceNumber", "invoiceAmount"] },
    )
    .chain((row) =>
      fc
        .record({
          invoiceAmount: looseAmountArb(row.invoiceAmount),
          balanceAmount: row.balanceAmount === undefined ? fc.constant(undefined) : looseAmountArb(row.balanceAmount),
          localAmount: row.localAmount === undefined ? fc.constant(undefined) : looseAmountArb(row.localAmount),
        })
        .map((amounts) => {
          const out: Record<string, unknown> = { ...row, invoiceAmount: amounts.invoiceAmount };
          if (amounts.balanceAmount === undefined) delete out.balanceAmount;
          else out.balanceAmount = amounts.balanceAmount;
          if (amounts.localAmount === undefined) delete out.localAmount;
          else out.localAmount = amounts.localAmount;
          return out;
        }),
    );

/** A line item row as a client sends it (valid). */
export const lineItemInputArb = (
  customerNumber: fc.Arbitrary<string> = customerNumberArb(),
  invoiceNumber: fc.Arbitrary<string> = invoiceNumberArb(),
): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      customerNumber,
      invoiceNumber,
      lineNumber: fc.integer({ min: 1, max: 5 }),
      description: textArb,
      quantity: fc.constantFrom(1, 2, "0.5"),
      unitPrice: fc.constantFrom(10, "12.3456"),
      amount: fc.constantFrom(10, "24.69"),
    },
    { requiredKeys: ["customerNumber", "invoiceNumber", "lineNumber"] },
  );

/** A stored customer. */
export const customerArb: fc.Arbitrary<Customer> = fc
  .record({
    customerno: customerNumberArb(50),
    emailaddress1: fc.constant("ar@example.com"),
    companyname: textArb,
    balance: receivableAmountArb(4),
    createdAt: receivableInstantArb,
  })
  .map(({ createdAt, ...c }) => ({ ...c, createdAt, updatedAt: createdAt }));

/** A stored receivable document. */
export const receivableDocumentArb: fc.Arbitrary<ReceivableDocument> = fc
  .record({
    customerNumber: customerNumberArb(5),
    invoiceNumber: invoiceNumberArb(20),
    documentType: fc.constantFrom(...DocumentTypes),
    status: fc.constantFrom(...DocumentStatuses),
    invoiceAmount: receivableAmountArb(),
    balanceAmount: fc.option(receivableAmountArb(), { nil: undefined }),
    currency: fc.constantFrom("EUR", "JPY", "BHD"),
    billAddr: fc.option(fc.constant({ street: "Main St 1", city: "Springfield" }), { nil: undefined }),
    appliedToBalance: receivableAmountArb(),
    createdAt: receivableInstantArb,
  })
  .map(({ balanceAmount, billAddr, createdAt, ...d }) => ({
    ...d,
    ...(balanceAmount === undefined ? {} : { balanceAmount }),
    ...(billAddr === undefined ? {} : { billAddr }),
    createdAt,
    updatedAt: createdAt,
  }));

/** A stored line item. */
export const lineItemArb: fc.Arbitrary<LineItem> = fc
  .record({
    customerNumber: customerNumberArb(3),
    invoiceNumber: invoiceNumberArb(3),
    lineNumber: fc.integer({ min: 1, max: 20 }),
    description: textArb,
    quantity: receivableAmountArb(3),
    amount: receivableAmountArb(),
    createdAt: receivableInstantArb,
  })
  .map(({ createdAt, ...l }) => ({ ...l, createdAt, updatedAt: createdAt }));
