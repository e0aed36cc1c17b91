/** Payments records read from loose input (JSON, CSV and XML cells): every failure names its field. */
import { describe, expect, it } from "vitest";
import { Either, Schema } from "effect";
import {
  BankStatementEntryRecord,
  checkCustomAttributeValue,
  CustomAttributeDefinitionBody,
  Decimal,
  fieldErrorsOf,
  FinancialAccountRecord,
  ibanWithCheckDigits,
  PaymentRequestRecord,
  PaymentStatusRecord,
  statementEntryKeyOf,
  validateCustomAttributes,
  type CustomAttributeDefinition,
} from "../src";

const IBAN = ibanWithCheckDigits("DE", "370400440532013000");
const decode = <A, I>(schema: Schema.Schema<A, I>) => (input: unknown) => Schema.decodeUnknownEither(schema, { errors: "all" })(input);
const errorsOf = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Either.match(decode(schema)(input), { onLeft: fieldErrorsOf, onRight: () => [] });

describe("PAYMENT_REQUEST records", () => {
  const cells = {
    referenceId: " PR-1 ",
    companyKey: "C1",
    party: "ACME Lda",
    amount: "1250.50",
    currency: "EUR",
    iban: IBAN.replace(/(.{4})/g, "$1 ").toLowerCase(),
    swift: "",
    dueDate: "2026-05-31",
    paymentInstruction: "",
    sourceDoc: "INV-9",
  };

  it("reads text cells: trimmed, empty is absent, IBAN in electronic format, the amount exact", () => {
    const r = Either.getOrThrow(decode(PaymentRequestRecord)(cells));
    expect(r).toEqual({
      referenceId: "PR-1",
      companyKey: "C1",
      party: "ACME Lda",
      amount: Decimal.fromMinor(125050n, 2),
      currency: "EUR",
      iban: IBAN,
      dueDate: "2026-05-31",
      sourceDoc: "INV-9",
    });
  });

  it("reads JSON numbers as amounts", () => {
    expect(Decimal.format(Either.getOrThrow(decode(PaymentRequestRecord)({ ...cells, amount: 0.3 })).amount)).toBe("0.3");
  });

  it("names every missing or bad field", () => {
    expect(errorsOf(PaymentRequestRecord, { iban: "DE00 1234", swift: "XX", currency: "EURO", dueDate: "31/05/2026" })).toEqual([
      { field: "referenceId", message: "is required" },
      { field: "companyKey", message: "is required" },
      { field: "party", message: "is required" },
      { field: "amount", message: "is required" },
      { field: "currency", message: 'must be an ISO 4217 currency code, got "EURO"' },
      { field: "iban", message: "IBAN has the wrong length for its country (ISO 13616)" },
      { field: "swift", message: expect.stringContaining("ISO 9362") },
      { field: "dueDate", message: expect.stringContaining("must be a date") },
    ]);
  });

  it("needs a positive amount that fits the currency", () => {
    expect(errorsOf(PaymentRequestRecord, { ...cells, amount: "0" })).toEqual([{ field: "amount", message: "must be greater than 0" }]);
    expect(errorsOf(PaymentRequestRecord, { ...cells, amount: "10.5", currency: "JPY" })).toEqual([
      { field: "amount", message: "has more fraction digits than JPY allows (0)" },
    ]);
  });
});

describe("PAYMENT_STATUS records", () => {
  it.each([
    ["Success", "Success"],
    [" error ", "Error"],
    [3, "Success"],
    ["2", "Error"],
    ["RJCT", "Error"],
    ["acsc", "Success"],
    ["ACCC", "Success"],
  ])("reads status %o as %s", (status, expected) => {
    expect(Either.getOrThrow(decode(PaymentStatusRecord)({ exportTransactionId: "E1", status })).status).toBe(expected);
  });

  it("refuses intermediate pain.002 statuses, saying why", () => {
    expect(errorsOf(PaymentStatusRecord, { exportTransactionId: "E1", status: "ACCP" })).toEqual([
      { field: "status", message: "ACCP is not a final status: only RJCT (Error), ACSC and ACCC (Success) change a line" },
    ]);
    expect(errorsOf(PaymentStatusRecord, { exportTransactionId: "E1", status: "Done" })).toEqual([{ field: "status", message: 'must be Success or Error, got "Done"' }]);
  });

  it("needs exportTransactionId or sourceDoc", () => {
    expect(errorsOf(PaymentStatusRecord, { exportTransactionId: "", sourceDoc: " ", status: "Error" })).toEqual([
      { field: "exportTransactionId", message: "exportTransactionId or sourceDoc is required (or, for a whole block or file, exportTransactionGroupId or originalMessageId)" },
    ]);
    expect(Either.getOrThrow(decode(PaymentStatusRecord)({ sourceDoc: "INV-1", status: "Error", externalStatusCode: "AC01", reason: "" }))).toEqual({
      sourceDoc: "INV-1",
      status: "Error",
      externalStatusCode: "AC01",
    });
  });
});

describe("BANK_STATEMENT records", () => {
  const entry = { statementId: "S-1", accountIban: IBAN, bookingDate: "2026-04-03", amount: "10.00", currency: "EUR", creditDebit: "DBIT", endToEndId: "E1" };

  it("reads an entry and refuses a signed amount or an unknown direction", () => {
    expect(Either.getOrThrow(decode(BankStatementEntryRecord)(entry))).toMatchObject({ amount: Decimal.fromMinor(10n, 0), creditDebit: "DBIT" });
    expect(errorsOf(BankStatementEntryRecord, { ...entry, amount: "-10", creditDebit: "D" })).toEqual([
      { field: "creditDebit", message: 'must be one of CRDT, DBIT, got "D"' },
    ]);
    expect(errorsOf(BankStatementEntryRecord, { ...entry, amount: "-10" })).toEqual([
      { field: "amount", message: "must not be negative (the direction is creditDebit)" },
    ]);
  });

  it("identifies an entry by its bank reference, else by its content", () => {
    const read = (input: object) => Either.getOrThrow(decode(BankStatementEntryRecord)(input));
    expect(statementEntryKeyOf(read({ ...entry, entryReference: "NTRY-7" }))).toBe("S-1|ref|NTRY-7");
    expect(statementEntryKeyOf(read(entry))).toBe(statementEntryKeyOf(read({ ...entry, amount: "10" })));
    expect(statementEntryKeyOf(read(entry))).not.toBe(statementEntryKeyOf(read({ ...entry, bookingDate: "2026-04-04" })));
  });
});

describe("financial accounts", () => {
  const account = { key: "MAIN", iban: IBAN, bic: "COBADEFFXXX", holderName: "ACME Lda", country: "DE", townName: "Berlin", postCode: "10115" };

  it("reads an account with its structured address", () => {
    expect(Either.getOrThrow(decode(FinancialAccountRecord)({ ...account, streetName: "" }))).toEqual(account);
  });

  it("names every bad field", () => {
    expect(errorsOf(FinancialAccountRecord, { key: "a b", iban: "DE00", bic: "X", holderName: "h".repeat(71), country: "Germany", townName: "t".repeat(36) })).toEqual([
      { field: "key", message: 'may hold only letters, digits, ".", "_" and "-"' },
      { field: "iban", message: "IBAN must be two letters, two check digits and up to 30 letters or digits (ISO 13616)" },
      { field: "bic", message: expect.stringContaining("ISO 9362") },
      { field: "holderName", message: "must be at most 70 characters" },
      { field: "country", message: "must be an ISO 3166 two-letter country code (DE, PT, ...)" },
      { field: "townName", message: "must be at most 35 characters" },
    ]);
  });
});

describe("custom attributes", () => {
  const def = (type: CustomAttributeDefinition["type"], required = false): CustomAttributeDefinition => ({ name: "custom_x", appliesTo: "PaymentBatch", type, required });

  it.each([
    ["string", " north ", "north"],
    ["number", 12.5, 12.5],
    ["boolean", "TRUE", true],
    ["boolean", false, false],
    ["date", "2026-02-28", "2026-02-28"],
    ["date", "2026-02-28T10:00:00Z", "2026-02-28T10:00:00Z"],
  ] as const)("accepts a %s value %o", (type, value, stored) => {
    expect(checkCustomAttributeValue(def(type), value)).toEqual(Either.right(stored));
  });

  it.each([
    ["string", 1],
    ["number", "12"],
    ["boolean", "yes"],
    ["date", "2026-02-30"],
  ] as const)("refuses a %s value %o", (type, value) => {
    expect(Either.isLeft(checkCustomAttributeValue(def(type), value))).toBe(true);
  });

  it("treats null and blank as absent, which a required attribute refuses", () => {
    expect(checkCustomAttributeValue(def("string"), null)).toEqual(Either.right(undefined));
    expect(checkCustomAttributeValue(def("string", true), " ")).toEqual(Either.left("is required"));
  });

  it("validates values for one target, enforcing required ones when asked", () => {
    const definitions: ReadonlyArray<CustomAttributeDefinition> = [
      { name: "custom_a", appliesTo: "PaymentBatch", type: "number", required: true },
      { name: "custom_b", appliesTo: "PaymentBatchLine", type: "string", required: true },
    ];
    expect(validateCustomAttributes({ definitions, target: "PaymentBatch", values: { custom_a: 1 }, requireAll: true })).toEqual(Either.right({ custom_a: 1 }));
    expect(validateCustomAttributes({ definitions, target: "PaymentBatch", values: { custom_b: "x" }, requireAll: true, fieldPrefix: "p." })).toEqual(
      Either.left([
        { field: "p.custom_b", message: 'no custom attribute "custom_b" is defined for PaymentBatch' },
        { field: "p.custom_a", message: "is required" },
      ]),
    );
    expect(validateCustomAttributes({ definitions, target: "PaymentBatch", values: {}, requireAll: false })).toEqual(Either.right({}));
  });

  it("reads a definition body, naming every bad field", () => {
    expect(Either.getOrThrow(decode(CustomAttributeDefinitionBody)({ appliesTo: "PaymentBatchLine", type: "date" }))).toEqual({
      appliesTo: "PaymentBatchLine",
      type: "date",
    });
    expect(errorsOf(CustomAttributeDefinitionBody, { appliesTo: "Batch", type: "int", required: "maybe" }).map((e) => e.field)).toEqual(["appliesTo", "type", "required"]);
  });
});
