/**
 * Arbitraries for payment batches: valid and broken bank details, exact amounts, and decider
 * command sequences for one batch. Line ids come from a small pool so later commands meet the
 * lines earlier ones added; the weights make whole life cycles (create, add, export, answer every
 * line) common, so every status of the table is reached.
 */
import { FastCheck as fc } from "effect";
import {
  Decimal,
  ibanLengthOf,
  ibanWithCheckDigits,
  PaymentBatchLineStatuses,
  PaymentFileVersions,
  SEPA_COUNTRIES,
  type CorrectableLineField,
  type CustomAttributeDefinition,
  type NewPaymentBatchLine,
  type PaymentBatchCommand,
  type PaymentBatchLineStatus,
} from "@batch/core";

export const PAYMENT_BATCH_ID = "5a7b9c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d";

/** A valid IBAN of a SEPA country (numeric BBAN of the country's length, correct check digits). */
export const paymentIbanArb: fc.Arbitrary<string> = fc
  .constantFrom(...[...SEPA_COUNTRIES].filter((c) => ibanLengthOf(c) !== undefined).sort())
  .chain((country) =>
    fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: (ibanLengthOf(country) ?? 22) - 4, maxLength: (ibanLengthOf(country) ?? 22) - 4 })
      .map((digits) => ibanWithCheckDigits(country, digits.join(""))),
  );

/** An IBAN whose check digits are wrong. */
export const brokenIbanArb: fc.Arbitrary<string> = paymentIbanArb.map((iban) => {
  const check = Number(iban.slice(2, 4));
  return `${iban.slice(0, 2)}${String(check === 97 ? 2 : check + 1).padStart(2, "0")}${iban.slice(4)}`;
});

const letters = (n: number) => fc.array(fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"), { minLength: n, maxLength: n }).map((a) => a.join(""));
const alnum = (n: number) => fc.array(fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"), { minLength: n, maxLength: n }).map((a) => a.join(""));

/** A valid BIC (8 or 11 characters). */
export const paymentBicArb: fc.Arbitrary<string> = fc
  .tuple(letters(4), fc.constantFrom("DE", "PT", "FR", "NL", "ES", "IT", "BE"), alnum(2), fc.option(alnum(3), { nil: undefined }))
  .map(([bank, country, location, branch]) => `${bank}${country}${location}${branch ?? ""}`);

/** An amount with at most `digits` fraction digits, from 0 to 10 million. */
export const paymentAmountArb = (digits = 2): fc.Arbitrary<Decimal.Decimal> =>
  fc.bigInt({ min: 0n, max: 10_000_000n * 10n ** BigInt(digits) }).map((minor) => Decimal.fromMinor(minor, digits));

export const paymentActorArb = fc.constantFrom({ id: "a1a1a1a1-0000-4000-8000-000000000001", name: "Ada" }, { id: "b2b2b2b2-0000-4000-8000-000000000002", name: "Bob" });

export const paymentInstantArb = fc
  .integer({ min: 0, max: 365 * 24 * 60 })
  .map((minute) => new Date(Date.parse("2026-01-01T00:00:00.000Z") + minute * 60_000).toISOString());

const stamp = fc.record({ at: paymentInstantArb, actor: paymentActorArb });

/** Line ids from a small pool, so commands meet the same lines again. */
export const paymentLineIdArb = fc.integer({ min: 1, max: 5 }).map((n) => `11111111-0000-4000-8000-${n.toString(16).padStart(12, "0")}`);

/** Custom attribute definitions the commands are checked against. */
export const PAYMENT_CUSTOM_ATTRIBUTES: ReadonlyArray<CustomAttributeDefinition> = [
  { name: "custom_region", appliesTo: "PaymentBatch", type: "string", required: false },
  { name: "custom_approved", appliesTo: "PaymentBatch", type: "boolean", required: false },
  { name: "custom_costCenter", appliesTo: "PaymentBatchLine", type: "number", required: false },
  { name: "custom_valueDate", appliesTo: "PaymentBatchLine", type: "date", required: false },
];

const customValueArb = fc.oneof(fc.constant(null), fc.constant("north"), fc.integer({ min: -5, max: 500 }), fc.boolean(), fc.constant("2026-02-28"), fc.constant("2026-02-30"));
const customNameArb = fc.constantFrom("custom_region", "custom_approved", "custom_costCenter", "custom_valueDate", "custom_unknown", "region");

const validLineArb: fc.Arbitrary<NewPaymentBatchLine> = fc
  .record({
    id: paymentLineIdArb,
    party: fc.constantFrom("ACME Lda", "Müller GmbH", "Dupont & Fils"),
    sourceDoc: fc.option(fc.constantFrom("INV-1", "INV-2", "INV-3"), { nil: undefined }),
    transferAmount: paymentAmountArb(2).filter(Decimal.isPositive),
    discountAmount: fc.oneof({ arbitrary: fc.constant(Decimal.zero), weight: 3 }, { arbitrary: paymentAmountArb(2), weight: 1 }),
    withholdedAmount: fc.oneof({ arbitrary: fc.constant(Decimal.zero), weight: 3 }, { arbitrary: paymentAmountArb(2), weight: 1 }),
    withDocumentAmount: fc.boolean(),
    iBAN: paymentIbanArb,
    swift: fc.option(paymentBicArb, { nil: undefined }),
    paymentInstruction: fc.option(fc.constantFrom("Invoice 1", "Rent March"), { nil: undefined }),
    customAttributes: fc.oneof(fc.constant({}), fc.record({ custom_costCenter: fc.integer({ min: 1, max: 999 }) })),
  })
  .map(
    ({ withDocumentAmount, ...l }): NewPaymentBatchLine => ({
      ...l,
      currency: "EUR",
      documentAmount: withDocumentAmount ? Decimal.add(Decimal.add(l.transferAmount, l.discountAmount), l.withholdedAmount) : undefined,
    }),
  );

/** One thing wrong with a line: refused when added, or when exported (not valid for SEPA). */
const lineDefectArb: fc.Arbitrary<Partial<NewPaymentBatchLine>> = fc.oneof(
  fc.constant({ party: "" }),
  fc.constant({ party: "x".repeat(71) }),
  brokenIbanArb.map((iBAN) => ({ iBAN })),
  fc.constant({ iBAN: undefined }),
  fc.constantFrom("USD", "JPY").map((currency) => ({ currency })),
  paymentAmountArb(3).map((transferAmount) => ({ transferAmount, documentAmount: undefined })),
  fc.constant({ transferAmount: Decimal.zero, documentAmount: undefined }),
  fc.constant({ documentAmount: Decimal.fromMinor(-1n, 2) }),
  fc.constant({ swift: "NOTABIC" }),
  fc.constant({ paymentInstruction: "r".repeat(141) }),
  fc.constant({ customAttributes: { custom_unknown: 1 } }),
  fc.constant({ customAttributes: { custom_valueDate: "2026-02-30" } }),
);

/** Mostly valid lines; one in ten has one defect. */
export const newPaymentBatchLineArb: fc.Arbitrary<NewPaymentBatchLine> = fc.oneof(
  { arbitrary: validLineArb, weight: 9 },
  { arbitrary: fc.tuple(validLineArb, lineDefectArb).map(([line, defect]) => ({ ...line, ...defect })), weight: 1 },
);

const headerDefectArb = fc.oneof(
  fc.constant({ currency: "XXX" }),
  fc.constant({ exchangeRate: Decimal.zero }),
  fc.constant({ company: " " }),
  fc.constant({ documentDate: "2026-13-01" }),
  fc.constant({ customAttributes: { custom_approved: "maybe" } }),
  fc.constant({ customAttributes: { region: "north" } }),
);

export const createPaymentBatchArb: fc.Arbitrary<PaymentBatchCommand> = fc
  .record({
    stamp,
    company: fc.constantFrom("C1", "C2"),
    paymentBatchKey: fc.integer({ min: 1, max: 1000 }),
    financialAccount: fc.option(fc.constantFrom("MAIN", "SECOND"), { nil: undefined, freq: 5 }),
    allowExport: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
    customAttributes: fc.oneof(fc.constant({}), fc.constant({ custom_region: "north", custom_approved: true })),
    lines: fc.array(newPaymentBatchLineArb, { maxLength: 3 }),
    defect: fc.oneof({ arbitrary: fc.constant({}), weight: 12 }, { arbitrary: headerDefectArb, weight: 1 }),
  })
  .map(
    ({ stamp: s, defect, ...c }): PaymentBatchCommand => ({
      _tag: "CreatePaymentBatch",
      ...s,
      id: PAYMENT_BATCH_ID,
      documentDate: "2026-02-01",
      currency: "EUR",
      exchangeRate: Decimal.fromMinor(1n, 0),
      paymentMethod: "TRF",
      bankAccountType: "01",
      definitions: PAYMENT_CUSTOM_ATTRIBUTES,
      ...c,
      ...defect,
    }),
  );

const correctableFieldArb = fc.constantFrom<CorrectableLineField>("iBAN", "swift", "paymentInstruction");

const bankDetailValueArb = (field: CorrectableLineField): fc.Arbitrary<string | undefined> =>
  field === "iBAN"
    ? fc.oneof({ arbitrary: paymentIbanArb, weight: 6 }, { arbitrary: brokenIbanArb, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 })
    : field === "swift"
      ? fc.oneof(paymentBicArb, fc.constant("BAD"), fc.constant(undefined))
      : fc.option(fc.constantFrom("Invoice 7", "Salary"), { nil: undefined });

const exportIdArb = fc.uuid().map((u) => u.replaceAll("-", ""));

const exportArb = fc
  .tuple(stamp, exportIdArb, exportIdArb, fc.array(exportIdArb, { minLength: 5, maxLength: 7 }), fc.constantFrom(...PaymentFileVersions))
  .map(([s, messageId, exportTransactionGroupId, exportTransactionIds, version]): PaymentBatchCommand => ({
    _tag: "ExportPaymentBatch",
    ...s,
    messageId,
    exportTransactionGroupId,
    exportTransactionIds,
    version,
  }));

/** Every command, with values that are sometimes invalid. */
export const paymentBatchCommandArb: fc.Arbitrary<PaymentBatchCommand> = fc.oneof(
  { arbitrary: createPaymentBatchArb, weight: 1 },
  { arbitrary: fc.tuple(stamp, newPaymentBatchLineArb).map(([s, line]): PaymentBatchCommand => ({ _tag: "AddLine", ...s, line, definitions: PAYMENT_CUSTOM_ATTRIBUTES })), weight: 8 },
  { arbitrary: fc.tuple(stamp, paymentLineIdArb).map(([s, lineId]): PaymentBatchCommand => ({ _tag: "DeleteLine", ...s, lineId })), weight: 1 },
  {
    arbitrary: fc.tuple(stamp, fc.option(fc.constantFrom("MAIN", "SECOND", " "), { nil: undefined })).map(([s, financialAccount]): PaymentBatchCommand => ({ _tag: "SetFinancialAccount", ...s, financialAccount })),
    weight: 1,
  },
  { arbitrary: fc.tuple(stamp, fc.boolean()).map(([s, allowExport]): PaymentBatchCommand => ({ _tag: "SetAllowExport", ...s, allowExport })), weight: 1 },
  {
    arbitrary: fc
      .tuple(stamp, fc.constantFrom("C1", "C2", "C3", ""), fc.integer({ min: 0, max: 1000 }))
      .map(([s, company, paymentBatchKey]): PaymentBatchCommand => ({ _tag: "ChangeCompany", ...s, company, paymentBatchKey })),
    weight: 1,
  },
  { arbitrary: fc.tuple(stamp, fc.option(fc.constantFrom("note", " ", "changed"), { nil: undefined })).map(([s, note]): PaymentBatchCommand => ({ _tag: "SetNote", ...s, note })), weight: 1 },
  { arbitrary: fc.tuple(stamp, fc.option(fc.constantFrom("remark"), { nil: undefined })).map(([s, remarks]): PaymentBatchCommand => ({ _tag: "SetRemarks", ...s, remarks })), weight: 1 },
  { arbitrary: fc.tuple(stamp, fc.boolean()).map(([s, isActive]): PaymentBatchCommand => ({ _tag: "SetIsActive", ...s, isActive })), weight: 1 },
  {
    arbitrary: fc
      .tuple(stamp, customNameArb, customValueArb)
      .map(([s, name, value]): PaymentBatchCommand => ({ _tag: "SetCustomAttribute", ...s, name, value, definitions: PAYMENT_CUSTOM_ATTRIBUTES })),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(stamp, paymentLineIdArb, customNameArb, customValueArb)
      .map(([s, lineId, name, value]): PaymentBatchCommand => ({ _tag: "SetLineCustomAttribute", ...s, lineId, name, value, definitions: PAYMENT_CUSTOM_ATTRIBUTES })),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(stamp, paymentLineIdArb, correctableFieldArb)
      .chain(([s, lineId, field]) => bankDetailValueArb(field).map((value): PaymentBatchCommand => ({ _tag: "SetLineBankDetail", ...s, lineId, field, value }))),
    weight: 4,
  },
  { arbitrary: exportArb, weight: 4 },
  {
    arbitrary: fc
      .tuple(
        stamp,
        paymentLineIdArb,
        fc.oneof({ arbitrary: fc.constantFrom<PaymentBatchLineStatus>("Success", "Error"), weight: 6 }, { arbitrary: fc.constantFrom(...PaymentBatchLineStatuses), weight: 1 }),
        fc.option(fc.constantFrom("AC01", "AM04"), { nil: undefined }),
      )
      .map(([s, lineId, status, externalStatusCode]): PaymentBatchCommand => ({ _tag: "SetLineStatus", ...s, lineId, status, externalStatusCode })),
    weight: 12,
  },
  {
    // A bank answer for several lines at once (a status report), some perhaps named twice.
    arbitrary: fc
      .tuple(
        stamp,
        fc.array(
          fc.record({
            lineId: paymentLineIdArb,
            status: fc.oneof({ arbitrary: fc.constantFrom<PaymentBatchLineStatus>("Success", "Error"), weight: 6 }, { arbitrary: fc.constantFrom(...PaymentBatchLineStatuses), weight: 1 }),
            externalStatusCode: fc.option(fc.constantFrom("AC01", "AM04"), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      )
      .map(([s, changes]): PaymentBatchCommand => ({ _tag: "SetLineStatuses", ...s, changes })),
    weight: 4,
  },
  { arbitrary: stamp.map((s): PaymentBatchCommand => ({ _tag: "DiscardPaymentBatch", ...s })), weight: 1 },
  { arbitrary: stamp.map((s): PaymentBatchCommand => ({ _tag: "DeletePaymentBatch", ...s })), weight: 1 },
);

/** A bank answer for each of `ids`, in a random order. */
const answersArb = (ids: ReadonlyArray<string>): fc.Arbitrary<ReadonlyArray<PaymentBatchCommand>> =>
  ids.length === 0
    ? fc.constant([])
    : fc.shuffledSubarray([...ids], { minLength: 1 }).chain((order) =>
        fc.tuple(
          ...order.map((lineId) =>
            fc
              .tuple(stamp, fc.constantFrom<PaymentBatchLineStatus>("Success", "Success", "Error"), fc.option(fc.constantFrom("AC01", "AM04"), { nil: undefined }))
              .map(([s, status, externalStatusCode]): PaymentBatchCommand => ({ _tag: "SetLineStatus", ...s, lineId, status, externalStatusCode })),
          ),
        ),
      );

/** Corrections of some of `ids` (the decider refuses those that are not Error lines). */
const correctionsArb = (ids: ReadonlyArray<string>): fc.Arbitrary<ReadonlyArray<PaymentBatchCommand>> =>
  ids.length === 0
    ? fc.constant([])
    : fc.array(
        fc
          .tuple(stamp, fc.constantFrom(...ids), correctableFieldArb)
          .chain(([s, lineId, field]) =>
            (field === "iBAN" ? paymentIbanArb : bankDetailValueArb(field)).map((value): PaymentBatchCommand => ({ _tag: "SetLineBankDetail", ...s, lineId, field, value })),
          ),
        { maxLength: 3 },
      );

/**
 * A whole life cycle: create, export, answer the lines, correct some, export again, answer
 * again, then random commands, so the finished and reopened states are common.
 */
export const paymentBatchLifeCycleArb: fc.Arbitrary<ReadonlyArray<PaymentBatchCommand>> = createPaymentBatchArb.chain((create) => {
  const opened: PaymentBatchCommand = create._tag === "CreatePaymentBatch" ? { ...create, allowExport: true, financialAccount: "MAIN" } : create;
  const ids = opened._tag === "CreatePaymentBatch" ? [...new Set(opened.lines.map((l) => l.id))] : [];
  return fc
    .tuple(exportArb, answersArb(ids), correctionsArb(ids), exportArb, answersArb(ids), fc.array(paymentBatchCommandArb, { maxLength: 12 }))
    .map(([first, answers, corrections, second, again, tail]) => [opened, first, ...answers, ...corrections, second, ...again, ...tail]);
});

/** A sequence for one batch: a random walk that usually starts with a create, or a whole life cycle. */
export const paymentBatchCommandsArb: fc.Arbitrary<ReadonlyArray<PaymentBatchCommand>> = fc.oneof(
  fc
    .tuple(createPaymentBatchArb, fc.array(paymentBatchCommandArb, { maxLength: 40 }))
    .chain(([create, rest]) =>
      fc.oneof(
        { arbitrary: fc.constant<ReadonlyArray<PaymentBatchCommand>>([create, ...rest]), weight: 6 },
        { arbitrary: fc.constant(rest), weight: 1 },
      ),
    ),
  paymentBatchLifeCycleArb,
);
