/** The seed 003 resources: what clients send and what they read. */
import { describe, expect, it } from "vitest";
import { Effect, Either, Option, Schema } from "effect";
import {
  ApiPaymentBatchLineResource,
  ApiPaymentBatchResource,
  CustomAttributeValueResource,
  customAttributesOf,
  Decimal,
  decodePaymentBatchInput,
  fold,
  ibanWithCheckDigits,
  newPaymentBatchLineFrom,
  paymentBatchDecider,
  PaymentBatchLineStatusValue,
  PaymentBatchTextValue,
  toPaymentBatchResource,
  type PaymentBatchCommand,
} from "../src";

const IBAN = ibanWithCheckDigits("PT", "000201231234567890154");
const decode = <A, I>(schema: Schema.Schema<A, I>, input: unknown) => Schema.decodeUnknownEither(schema, { errors: "all" })(input);
const fail = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Effect.runSync(Effect.flip(decodePaymentBatchInput(schema, "the payment batch")(input)));

describe("ApiPaymentBatchResource", () => {
  const body = {
    documentDate: "2026-04-01T00:00:00Z",
    currency: "EUR",
    company: "C1",
    exchangeRate: 1,
    paymentMethod: "TRF",
    bankAccountType: "01",
    financialAccount: "MAIN",
    allowExport: true,
    custom_region: "north",
    paymentBatchLines: [
      {
        party: "ACME",
        transferAmount: { amount: 100.1, baseAmount: 7, symbol: "€" },
        discountAmount: { amount: 0 },
        withholdedAmount: 0,
        currency: "EUR",
        accountPosting: "2211",
        status: 1,
        iBAN: IBAN,
        custom_costCenter: 12,
      },
      { party: "Beta", documentAmount: "50.00", discountAmount: { amount: 5 }, currency: "EUR", status: "Open", customAttributes: { custom_valueDate: "2026-04-02" } },
    ],
  };

  it("reads money resources or bare amounts, enumerations by value or name, and custom_ properties", () => {
    const r = Either.getOrThrow(decode(ApiPaymentBatchResource, body));
    expect(r).toMatchObject({ company: "C1", currency: "EUR", allowExport: true });
    expect(Decimal.format(r.exchangeRate)).toBe("1");
    expect(customAttributesOf(r, body)).toEqual({ custom_region: "north" });
    const [first, second] = r.paymentBatchLines ?? [];
    if (first === undefined || second === undefined) throw new Error("lines");
    const a = newPaymentBatchLineFrom(first, "l1", body.paymentBatchLines[0]);
    expect(Decimal.format(a.transferAmount)).toBe("100.1");
    expect(a.customAttributes).toEqual({ custom_costCenter: 12 });
    const b = newPaymentBatchLineFrom(second, "l2", body.paymentBatchLines[1]);
    expect(Decimal.format(b.transferAmount)).toBe("45");
    expect(b.customAttributes).toEqual({ custom_valueDate: "2026-04-02" });
  });

  it("names every bad field, lines included, in one message", () => {
    const e = fail(ApiPaymentBatchResource, {
      documentDate: "yesterday",
      currency: "EU",
      exchangeRate: "one",
      paymentMethod: "TRF",
      paymentBatchLines: [{ party: "", currency: "EUR", status: 3 }],
    });
    expect(e._tag).toBe("PaymentBatch.InputInvalid");
    expect(e.errors.map((x) => x.field)).toEqual([
      "documentDate",
      "currency",
      "company",
      "exchangeRate",
      "bankAccountType",
      "paymentBatchLines.0.party",
    ]);
    expect(e.message).toContain("the payment batch is invalid: documentDate: must be a date");
  });

  it("needs a transfer or document amount, and a new line Open", () => {
    expect(fail(ApiPaymentBatchLineResource, { party: "A", currency: "EUR" }).errors).toEqual([
      { field: "transferAmount", message: "is required (or give documentAmount to compute it)" },
    ]);
    expect(fail(ApiPaymentBatchLineResource, { party: "A", currency: "EUR", transferAmount: 1, status: "Success" }).errors).toEqual([
      { field: "status", message: "a new line is Open (1); its status changes once it is exported" },
    ]);
    expect(fail(ApiPaymentBatchLineResource, { party: "A", currency: "EUR", transferAmount: {} }).errors).toEqual([{ field: "transferAmount", message: "amount is required" }]);
  });
});

describe("setter values", () => {
  it.each([
    [3, "Success"],
    ["3", "Success"],
    ["error", "Error"],
    [1, "Open"],
  ])("reads line status %o", (value, status) => {
    expect(Either.getOrThrow(decode(PaymentBatchLineStatusValue, value))).toBe(status);
  });

  it("refuses an unknown line status, naming the enumeration", () => {
    expect(fail(PaymentBatchLineStatusValue, 4).message).toContain("must be a PaymentBatchLineState: 1 Open, 2 Error or 3 Success, got 4");
  });

  it("reads text setters: trimmed, null or blank clears", () => {
    expect(Either.getOrThrow(decode(PaymentBatchTextValue, " changed "))).toBe("changed");
    expect(Either.getOrThrow(decode(PaymentBatchTextValue, null))).toBeUndefined();
    expect(Either.getOrThrow(decode(PaymentBatchTextValue, ""))).toBeUndefined();
    expect(fail(PaymentBatchTextValue, { a: 1 }).message).toContain("must be text or null, got an object");
  });

  it("reads a custom attribute value resource, which must have a value", () => {
    expect(Either.getOrThrow(decode(CustomAttributeValueResource, { value: null }))).toEqual({ value: null });
    expect(fail(CustomAttributeValueResource, {}).errors).toEqual([
      { field: "", message: 'must be {"value": ...} (ExtensibilityCustomAttributeValueResource), got an object' },
    ]);
    expect(fail(CustomAttributeValueResource, "north").errors[0]?.message).toContain('got "north"');
  });
});

describe("PaymentBatchResource", () => {
  it("writes money as exact JSON numbers, enumerations as integers, originals of corrected lines", () => {
    const dec = (t: string) => Option.getOrThrow(Decimal.parse(t));
    const stamp = { at: "2026-04-01T10:00:00.000Z", actor: { id: "u1", name: "U" } };
    const line = (id: string, amount: string) => ({
      id,
      party: "P",
      discountAmount: Decimal.zero,
      withholdedAmount: Decimal.zero,
      transferAmount: dec(amount),
      currency: "EUR",
      iBAN: IBAN,
      customAttributes: {},
    });
    const commands: ReadonlyArray<PaymentBatchCommand> = [
      {
        _tag: "CreatePaymentBatch",
        ...stamp,
        id: "b1",
        company: "C1",
        paymentBatchKey: 3,
        documentDate: "2026-04-01",
        currency: "EUR",
        exchangeRate: dec("1.0825"),
        paymentMethod: "TRF",
        bankAccountType: "01",
        financialAccount: "MAIN",
        allowExport: true,
        customAttributes: {},
        lines: [line("l1", "0.1"), line("l2", "0.2")],
        definitions: [],
      },
      { _tag: "ExportPaymentBatch", ...stamp, messageId: "m", exportTransactionGroupId: "g", exportTransactionIds: ["e1", "e2"], version: "pain.001.001.03" },
      { _tag: "SetLineStatus", ...stamp, lineId: "l1", status: "Error", externalStatusCode: "AC01" },
      { _tag: "SetLineBankDetail", ...stamp, lineId: "l1", field: "iBAN", value: ibanWithCheckDigits("DE", "370400440532013000") },
    ];
    const state = commands.reduce((s, c) => fold(paymentBatchDecider.evolve, s, Either.getOrThrow(paymentBatchDecider.decide(s, c))), paymentBatchDecider.initialState);
    if (state._tag === "Absent") throw new Error("absent");
    const resource = toPaymentBatchResource(state);
    expect(resource).toMatchObject({
      id: "b1",
      companyKey: "C1",
      paymentBatchKey: 3,
      status: 3,
      totalAmount: { amount: 0.3, fractionDigits: 2 },
      openAmount: { amount: 0.3, fractionDigits: 2 },
      numberOfOpenItems: 2,
      exchangeRate: 1.0825,
    });
    expect(JSON.stringify(resource.totalAmount)).toBe('{"amount":0.3,"fractionDigits":2}');
    expect(resource.paymentBatchLines[0]).toMatchObject({ status: 1, originalIBAN: IBAN, externalStatusCode: "AC01", documentAmount: { amount: 0.1 } });
    expect(resource.paymentBatchLines[0]?.exportTransactionId).toBeUndefined();
    expect(resource.paymentBatchLines[1]).toMatchObject({ status: 1, exportTransactionGroupId: "g", exportTransactionId: "e2" });
  });
});
