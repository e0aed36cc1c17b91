/** Named examples for every row of DOMAIN.md's PaymentBatch table and every refusal. */
import { describe, expect, it } from "vitest";
import { Either, Option } from "effect";
import {
  brokenPaymentBatchInvariants,
  Decimal,
  ibanWithCheckDigits,
  paymentBatchDecider,
  transition,
  type CustomAttributeDefinition,
  type NewPaymentBatchLine,
  type PaymentBatch,
  type PaymentBatchCommand,
  type PaymentBatchState,
} from "../src";

const ID = "c0000000-0000-4000-8000-000000000001";
const ADA = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Ada" };
const BOB = { id: "7a2f1d2b-4c3e-4d6f-9a81-223344556677", name: "Bob" };
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));
const s = (minute: number, actor = ADA) => ({ at: at(minute), actor });
const IBAN_DE = ibanWithCheckDigits("DE", "370400440532013000");
const IBAN_PT = ibanWithCheckDigits("PT", "000201231234567890154");
const lineId = (n: number) => `d0000000-0000-4000-8000-00000000000${n}`;

const DEFINITIONS: ReadonlyArray<CustomAttributeDefinition> = [
  { name: "custom_region", appliesTo: "PaymentBatch", type: "string", required: true },
  { name: "custom_approved", appliesTo: "PaymentBatch", type: "boolean", required: false },
  { name: "custom_costCenter", appliesTo: "PaymentBatchLine", type: "number", required: false },
  { name: "custom_valueDate", appliesTo: "PaymentBatchLine", type: "date", required: false },
];

const line = (n: number, amount: string, more: Partial<NewPaymentBatchLine> = {}): NewPaymentBatchLine => ({
  id: lineId(n),
  party: `Creditor ${n}`,
  sourceDoc: `INV-${n}`,
  discountAmount: Decimal.zero,
  withholdedAmount: Decimal.zero,
  transferAmount: dec(amount),
  currency: "EUR",
  iBAN: IBAN_DE,
  customAttributes: {},
  ...more,
});

const create = (more: Partial<Extract<PaymentBatchCommand, { _tag: "CreatePaymentBatch" }>> = {}): PaymentBatchCommand => ({
  _tag: "CreatePaymentBatch",
  ...s(0),
  id: ID,
  company: "C1",
  paymentBatchKey: 1,
  documentDate: "2026-03-02",
  currency: "EUR",
  exchangeRate: dec("1"),
  paymentMethod: "TRF",
  bankAccountType: "01",
  financialAccount: "MAIN",
  allowExport: true,
  customAttributes: { custom_region: "north" },
  lines: [],
  definitions: DEFINITIONS,
  ...more,
});
const addLine = (l: NewPaymentBatchLine, minute = 1): PaymentBatchCommand => ({ _tag: "AddLine", ...s(minute), line: l, definitions: DEFINITIONS });
const exportIt = (ids = ["e2e1", "e2e2", "e2e3", "e2e4"], minute = 5, group = "grp1"): PaymentBatchCommand => ({
  _tag: "ExportPaymentBatch",
  ...s(minute),
  messageId: `msg-${group}`,
  exportTransactionGroupId: group,
  exportTransactionIds: ids,
  version: "pain.001.001.09",
});
const status = (n: number, value: "Open" | "Error" | "Success", more: Partial<Extract<PaymentBatchCommand, { _tag: "SetLineStatus" }>> = {}): PaymentBatchCommand => ({
  _tag: "SetLineStatus",
  ...s(10 + n, BOB),
  lineId: lineId(n),
  status: value,
  ...more,
});
const detail = (n: number, field: "iBAN" | "swift" | "paymentInstruction", value: string | undefined, minute = 20): PaymentBatchCommand => ({
  _tag: "SetLineBankDetail",
  ...s(minute),
  lineId: lineId(n),
  field,
  value,
});

const runFrom = (start: PaymentBatchState, ...commands: ReadonlyArray<PaymentBatchCommand>): PaymentBatchState =>
  commands.reduce(
    (state, command) => Either.getOrThrowWith(transition(paymentBatchDecider, state, command), (e) => new Error(`${e._tag}: ${e.message}`)).state,
    start,
  );
const run = (...commands: ReadonlyArray<PaymentBatchCommand>): PaymentBatchState => runFrom(paymentBatchDecider.initialState, ...commands);
const existing = (state: PaymentBatchState): PaymentBatch => {
  if (state._tag === "Absent") throw new Error("absent");
  expect(brokenPaymentBatchInvariants(state)).toEqual([]);
  return state;
};
const refusal = (state: PaymentBatchState, command: PaymentBatchCommand) => Option.getOrThrow(Either.getLeft(paymentBatchDecider.decide(state, command)));
const eventsOf = (state: PaymentBatchState, command: PaymentBatchCommand) => Either.getOrThrow(paymentBatchDecider.decide(state, command));

const twoLines = () => run(create({ lines: [line(1, "100.10"), line(2, "0.20")] }));
const submitted = () => run(create({ lines: [line(1, "100.10"), line(2, "0.20")] }), exportIt());

describe("PaymentBatch: create", () => {
  it("creates a Draft with its lines, totals and audit fields", () => {
    const b = existing(twoLines());
    expect(b._tag).toBe("Draft");
    expect(b).toMatchObject({ id: ID, company: "C1", paymentBatchKey: 1, isActive: true, allowExport: true, numberOfOpenItems: 2, createdAt: at(0), createdBy: ADA });
    expect(Decimal.format(b.totalAmount)).toBe("100.3");
    expect(Decimal.format(b.openAmount)).toBe("100.3");
    expect(b.lines.map((l) => l.status)).toEqual(["Open", "Open"]);
    expect(b.customAttributes).toEqual({ custom_region: "north" });
  });

  it("computes a missing documentAmount and checks a given one", () => {
    const b = existing(
      run(
        create({
          lines: [
            line(1, "90", { discountAmount: dec("7.5"), withholdedAmount: dec("2.5") }),
            line(2, "50", { documentAmount: dec("60"), discountAmount: dec("10") }),
          ],
        }),
      ),
    );
    expect(b.lines.map((l) => Decimal.format(l.documentAmount))).toEqual(["100", "60"]);
    const wrong = refusal(paymentBatchDecider.initialState, create({ lines: [line(1, "50", { documentAmount: dec("70"), discountAmount: dec("10") })] }));
    expect(wrong).toMatchObject({ _tag: "PaymentBatch.AmountInvalid", field: "paymentBatchLines.0.transferAmount" });
    expect(wrong.message).toContain("documentAmount - discountAmount - withholdedAmount (60)");
  });

  it("normalises IBAN and BIC to the electronic format", () => {
    const paper = IBAN_DE.replace(/(.{4})/g, "$1 ").toLowerCase();
    const b = existing(run(create({ lines: [line(1, "5", { iBAN: paper, swift: "cobadeffxxx" })] })));
    expect(b.lines[0]).toMatchObject({ iBAN: IBAN_DE, swift: "COBADEFFXXX" });
  });

  it.each([
    [{ currency: "XXY" }, "PaymentBatch.FieldInvalid", "currency"],
    [{ company: "  " }, "PaymentBatch.FieldInvalid", "company is required"],
    [{ exchangeRate: dec("0") }, "PaymentBatch.FieldInvalid", "exchangeRate must be greater than 0"],
    [{ documentDate: "2026-02-30" }, "PaymentBatch.FieldInvalid", "documentDate"],
    [{ paymentBatchKey: 0 }, "PaymentBatch.FieldInvalid", "paymentBatchKey"],
    [{ customAttributes: {} }, "PaymentBatch.CustomAttributeInvalid", "custom_region: is required"],
    [{ customAttributes: { custom_region: "n", custom_approved: "maybe" } }, "PaymentBatch.CustomAttributeInvalid", "custom_approved"],
    [{ customAttributes: { custom_region: "n", custom_other: 1 } }, "PaymentBatch.CustomAttributeInvalid", 'no custom attribute "custom_other" is defined for PaymentBatch'],
    [{ lines: [line(1, "5", { iBAN: "DE00370400440532013000" })] }, "PaymentBatch.InvalidIban", "paymentBatchLines.0.iBAN"],
    [{ lines: [line(1, "5", { swift: "COBA" })] }, "PaymentBatch.InvalidBic", "ISO 9362"],
    [{ lines: [line(1, "5", { currency: "USD" })] }, "PaymentBatch.CurrencyMismatch", "must equal the batch currency EUR"],
    [{ lines: [line(1, "5.001")] }, "PaymentBatch.AmountInvalid", "more fraction digits than EUR allows (2)"],
    [{ lines: [line(1, "-5")] }, "PaymentBatch.AmountInvalid", "must not be negative"],
    [{ lines: [line(1, "5"), line(1, "6")] }, "PaymentBatch.LineAlreadyExists", lineId(1)],
    [{ lines: [line(1, "5", { party: " " })] }, "PaymentBatch.FieldInvalid", "paymentBatchLines.0.party is required"],
    [{ lines: [line(1, "5", { customAttributes: { custom_costCenter: "x" } })] }, "PaymentBatch.CustomAttributeInvalid", "paymentBatchLines.0.custom_costCenter"],
  ] as const)("refuses %o with %s", (more, tag, text) => {
    const e = refusal(paymentBatchDecider.initialState, create(more));
    expect(e._tag).toBe(tag);
    expect(e.message).toContain(text);
  });

  it("refuses to create a batch that exists", () => {
    expect(refusal(twoLines(), create())._tag).toBe("PaymentBatch.AlreadyExists");
  });

  it("refuses every other command on a batch that does not exist", () => {
    expect(refusal(paymentBatchDecider.initialState, addLine(line(1, "5")))).toMatchObject({ _tag: "PaymentBatch.NotFound", message: "the payment batch does not exist" });
  });
});

describe("PaymentBatch: Draft edits", () => {
  it("adds and deletes lines, keeping the totals exact", () => {
    const added = existing(run(create(), addLine(line(1, "0.1")), addLine(line(2, "0.2"), 2)));
    expect(Decimal.format(added.totalAmount)).toBe("0.3");
    expect(added.numberOfOpenItems).toBe(2);
    const deleted = existing(run(create(), addLine(line(1, "0.1")), addLine(line(2, "0.2")), { _tag: "DeleteLine", ...s(3, BOB), lineId: lineId(1) }));
    expect(deleted.lines.map((l) => l.id)).toEqual([lineId(2)]);
    expect(Decimal.format(deleted.totalAmount)).toBe("0.2");
    expect(deleted).toMatchObject({ lastUpdated: at(3), lastUpdatedBy: BOB });
  });

  it("refuses deleting a line it does not have", () => {
    expect(refusal(twoLines(), { _tag: "DeleteLine", ...s(3), lineId: lineId(9) })).toMatchObject({ _tag: "PaymentBatch.LineNotFound" });
  });

  it("sets financialAccount and allowExport, and clears the account with a blank value", () => {
    const b = existing(run(create(), { _tag: "SetFinancialAccount", ...s(1), financialAccount: "OTHER" }, { _tag: "SetAllowExport", ...s(2), allowExport: false }));
    expect(b).toMatchObject({ financialAccount: "OTHER", allowExport: false });
    expect(existing(run(create(), { _tag: "SetFinancialAccount", ...s(1), financialAccount: " " })).financialAccount).toBeUndefined();
  });

  it("changes the company and takes the key the command brings; the same company changes nothing", () => {
    const b = existing(run(create(), { _tag: "ChangeCompany", ...s(1), company: "C2", paymentBatchKey: 8 }));
    expect(b).toMatchObject({ id: ID, company: "C2", paymentBatchKey: 8 });
    expect(eventsOf(twoLines(), { _tag: "ChangeCompany", ...s(1), company: "C1", paymentBatchKey: 9 })).toEqual([]);
  });

  it("sets a line's bank details without keeping originals, and checks them", () => {
    const b = existing(run(create({ lines: [line(1, "5")] }), detail(1, "iBAN", IBAN_PT), detail(1, "swift", "BCOMPTPL"), detail(1, "paymentInstruction", "Rent")));
    expect(b.lines[0]).toMatchObject({ iBAN: IBAN_PT, swift: "BCOMPTPL", paymentInstruction: "Rent", status: "Open" });
    expect(b.lines[0]?.original).toBeUndefined();
    expect(refusal(twoLines(), detail(1, "iBAN", "PT50000201231234567890155"))).toMatchObject({ _tag: "PaymentBatch.InvalidIban", field: "iBAN" });
    expect(refusal(twoLines(), detail(1, "swift", "NOPE"))).toMatchObject({ _tag: "PaymentBatch.InvalidBic", field: "swift" });
    expect(eventsOf(twoLines(), detail(1, "iBAN", IBAN_DE))).toEqual([]);
  });

  it.each([
    ["adding a line", addLine(line(3, "1"))],
    ["deleting a line", { _tag: "DeleteLine", ...s(30), lineId: lineId(1) } as PaymentBatchCommand],
    ["setting financialAccount", { _tag: "SetFinancialAccount", ...s(30), financialAccount: "X" } as PaymentBatchCommand],
    ["setting allowExport", { _tag: "SetAllowExport", ...s(30), allowExport: false } as PaymentBatchCommand],
    ["setting company", { _tag: "ChangeCompany", ...s(30), company: "C9", paymentBatchKey: 3 } as PaymentBatchCommand],
  ])("refuses %s once the batch is Submitted", (operation, command) => {
    expect(refusal(submitted(), command)).toMatchObject({
      _tag: "PaymentBatch.NotDraft",
      message: `the payment batch is Submitted: ${operation} is allowed only while it is Draft`,
    });
  });
});

describe("PaymentBatch: attributes in every state but Discarded", () => {
  const finished = () => run(create({ lines: [line(1, "5")] }), exportIt(), status(1, "Success"));

  it("sets note, remarks, isActive and custom attributes on a finished batch", () => {
    const b = existing(
      run(
        create({ lines: [line(1, "5")] }),
        exportIt(),
        status(1, "Success"),
        { _tag: "SetNote", ...s(40), note: " changed " },
        { _tag: "SetRemarks", ...s(41), remarks: "r" },
        { _tag: "SetIsActive", ...s(42), isActive: false },
        { _tag: "SetCustomAttribute", ...s(43), name: "custom_approved", value: "TRUE", definitions: DEFINITIONS },
        { _tag: "SetLineCustomAttribute", ...s(44), lineId: lineId(1), name: "custom_valueDate", value: "2026-03-31", definitions: DEFINITIONS },
      ),
    );
    expect(b).toMatchObject({ _tag: "FinishedWithoutErrors", note: "changed", remarks: "r", isActive: false });
    expect(b.customAttributes).toEqual({ custom_region: "north", custom_approved: true });
    expect(b.lines[0]?.customAttributes).toEqual({ custom_valueDate: "2026-03-31" });
  });

  it("removes an optional custom attribute with null, never a required one", () => {
    const b = existing(run(create({ customAttributes: { custom_region: "n", custom_approved: false } }), { _tag: "SetCustomAttribute", ...s(1), name: "custom_approved", value: null, definitions: DEFINITIONS }));
    expect(b.customAttributes).toEqual({ custom_region: "n" });
    expect(refusal(b, { _tag: "SetCustomAttribute", ...s(2), name: "custom_region", value: null, definitions: DEFINITIONS })).toMatchObject({
      _tag: "PaymentBatch.CustomAttributeInvalid",
      message: "custom_region: is required",
    });
    expect(refusal(b, { _tag: "SetCustomAttribute", ...s(2), name: "custom_costCenter", value: 1, definitions: DEFINITIONS }).message).toBe(
      'custom_costCenter: no custom attribute "custom_costCenter" is defined for PaymentBatch',
    );
    expect(refusal(b, { _tag: "SetCustomAttribute", ...s(2), name: "costCenter", value: 1, definitions: DEFINITIONS }).message).toContain('"custom_" followed by a letter');
  });

  it.each([
    ["setting note", { _tag: "SetNote", ...s(60), note: "x" } as PaymentBatchCommand],
    ["setting remarks", { _tag: "SetRemarks", ...s(60), remarks: "x" } as PaymentBatchCommand],
    ["setting isActive", { _tag: "SetIsActive", ...s(60), isActive: false } as PaymentBatchCommand],
    ["setting custom_approved", { _tag: "SetCustomAttribute", ...s(60), name: "custom_approved", value: true, definitions: DEFINITIONS } as PaymentBatchCommand],
    ["setting iBAN", detail(1, "iBAN", IBAN_PT)],
  ])("refuses %s on a Discarded batch", (operation, command) => {
    const discarded = run(create({ lines: [line(1, "5")] }), { _tag: "DiscardPaymentBatch", ...s(50) });
    expect(refusal(discarded, command)).toMatchObject({ _tag: "PaymentBatch.Discarded", message: expect.stringContaining(operation) });
  });

  it("accepts an unchanged value with no events", () => {
    expect(eventsOf(finished(), { _tag: "SetIsActive", ...s(60), isActive: true })).toEqual([]);
    expect(eventsOf(finished(), { _tag: "SetNote", ...s(60), note: "" })).toEqual([]);
  });
});

describe("PaymentBatch: export", () => {
  it("moves a Draft to Submitted; the exported lines get the file's ids in line order", () => {
    const [event] = eventsOf(twoLines(), exportIt(["a", "b", "c"]));
    expect(event).toMatchObject({
      _tag: "PaymentBatchExported",
      export: { messageId: "msg-grp1", exportTransactionGroupId: "grp1", version: "pain.001.001.09", at: at(5), transactionCount: 2 },
      lines: [
        { lineId: lineId(1), exportTransactionId: "a" },
        { lineId: lineId(2), exportTransactionId: "b" },
      ],
    });
    const b = existing(submitted());
    expect(b._tag).toBe("Submitted");
    expect(b.lines.map((l) => [l.exportTransactionGroupId, l.exportTransactionId, l.status])).toEqual([
      ["grp1", "e2e1", "Open"],
      ["grp1", "e2e2", "Open"],
    ]);
    expect(b.numberOfOpenItems).toBe(2);
  });

  it("needs allowExport, a financial account and an Open line not yet exported", () => {
    expect(refusal(run(create({ allowExport: false, lines: [line(1, "5")] })), exportIt())).toMatchObject({ _tag: "PaymentBatch.ExportNotAllowed" });
    expect(refusal(run(create({ financialAccount: undefined, lines: [line(1, "5")] })), exportIt())).toMatchObject({ _tag: "PaymentBatch.FinancialAccountMissing" });
    expect(refusal(run(create()), exportIt())).toMatchObject({ _tag: "PaymentBatch.NothingToExport" });
  });

  it("needs every exported line valid for SEPA, naming each line and field", () => {
    const state = run(
      create({
        currency: "EUR",
        lines: [
          line(1, "5", { iBAN: undefined }),
          line(2, "0"),
          line(3, "5", { iBAN: ibanWithCheckDigits("BR", "00360305000010009795493P1") }),
          line(4, "5", { party: "x".repeat(71), paymentInstruction: "r".repeat(141) }),
        ],
      }),
    );
    const e = refusal(state, exportIt());
    expect(e._tag).toBe("PaymentBatch.NotSepaValid");
    expect("errors" in e ? e.errors.map((x) => x.field) : []).toEqual([
      "paymentBatchLines.0.iBAN",
      "paymentBatchLines.1.transferAmount",
      "paymentBatchLines.2.iBAN",
      "paymentBatchLines.3.party",
      "paymentBatchLines.3.paymentInstruction",
    ]);
    expect(e.message).toContain("IBAN country BR is not in the SEPA scheme");
    const usd = run(create({ currency: "USD", lines: [line(1, "5", { currency: "USD" })] }));
    expect(refusal(usd, exportIt()).message).toContain("a SEPA credit transfer is in EUR, the line is in USD");
  });

  it("refuses missing, too long or reused ids", () => {
    expect(refusal(twoLines(), exportIt(["only-one"]))).toMatchObject({ _tag: "PaymentBatch.ExportIdsInvalid", message: "2 exportTransactionIds are needed, 1 were given" });
    expect(refusal(twoLines(), exportIt(["a", "a"])).message).toBe("exportTransactionIds must be new and distinct");
    expect(refusal(twoLines(), exportIt(["a", "x".repeat(36)])).message).toContain("1 to 35 characters");
    expect(refusal(twoLines(), { ...exportIt(), messageId: "" } as PaymentBatchCommand).message).toContain("messageId");
  });

  it("refuses Submitted, finished and discarded batches, and a PartiallyCompleted one with nothing reopened", () => {
    expect(refusal(submitted(), exportIt())).toMatchObject({ _tag: "PaymentBatch.NotExportable" });
    expect(refusal(run(create({ lines: [line(1, "5"), line(2, "6")] }), exportIt(), status(1, "Error")), exportIt(["x"], 30, "grp2"))).toMatchObject({
      _tag: "PaymentBatch.NothingToExport",
    });
  });
});

describe("PaymentBatch: line status", () => {
  it("Submitted -> PartiallyCompleted while lines are Open, then FinishedWithoutErrors when all succeed", () => {
    const partial = run(create({ lines: [line(1, "5"), line(2, "6")] }), exportIt(), status(1, "Success", { externalStatusCode: "ACSC", externalStatusReportId: "R1" }));
    expect(existing(partial)).toMatchObject({ _tag: "PartiallyCompleted", numberOfOpenItems: 1 });
    expect(Decimal.format(existing(partial).openAmount)).toBe("6");
    const events = eventsOf(partial, status(2, "Success"));
    expect(events.map((e) => e._tag)).toEqual(["LineStatusSet", "PaymentBatchStatusChanged"]);
    const done = existing(run(create({ lines: [line(1, "5"), line(2, "6")] }), exportIt(), status(1, "Success"), status(2, "Success")));
    expect(done).toMatchObject({ _tag: "FinishedWithoutErrors", finishedAt: at(12), numberOfOpenItems: 0 });
    expect(Decimal.isZero(done.openAmount)).toBe(true);
  });

  it("finishes with errors when no line is Open and one failed", () => {
    const b = existing(run(create({ lines: [line(1, "5"), line(2, "6")] }), exportIt(), status(1, "Error", { externalStatusCode: "AC01", reason: "closed" }), status(2, "Success")));
    expect(b._tag).toBe("FinishedWithErrors");
    expect(b.lines[0]).toMatchObject({ status: "Error", externalStatusCode: "AC01", reason: "closed" });
  });

  it("finishes on the first answer of a one-line batch", () => {
    expect(existing(run(create({ lines: [line(1, "5")] }), exportIt(), status(1, "Error")))._tag).toBe("FinishedWithErrors");
  });

  it("refuses Draft, finished and discarded batches, unknown and unexported lines", () => {
    expect(refusal(twoLines(), status(1, "Success"))).toMatchObject({
      _tag: "PaymentBatch.NotSubmitted",
      message: "the payment batch is Draft: a line status can be set only while it is Submitted or PartiallyCompleted",
    });
    expect(refusal(run(create({ lines: [line(1, "5")] }), exportIt(), status(1, "Success")), status(1, "Error"))._tag).toBe("PaymentBatch.NotSubmitted");
    expect(refusal(submitted(), status(7, "Success"))._tag).toBe("PaymentBatch.LineNotFound");
    const reopened = run(create({ lines: [line(1, "5"), line(2, "6")] }), exportIt(), status(1, "Error"), detail(1, "iBAN", IBAN_PT));
    expect(refusal(reopened, status(1, "Success"))._tag).toBe("PaymentBatch.LineNotExported");
  });

  it("accepts a repeated identical answer with no events", () => {
    const partial = run(create({ lines: [line(1, "5"), line(2, "6")] }), exportIt(), status(1, "Error", { externalStatusCode: "AC01" }));
    expect(eventsOf(partial, status(1, "Error", { externalStatusCode: "AC01" }))).toEqual([]);
  });
});

describe("PaymentBatch: correcting an Error line", () => {
  const failed = () => run(create({ lines: [line(1, "5", { swift: "COBADEFFXXX" }), line(2, "6")] }), exportIt(), status(1, "Error", { externalStatusCode: "AC01" }), status(2, "Success"));

  it("keeps the exported values as originals, reopens the line without its file ids, FinishedWithErrors -> PartiallyCompleted", () => {
    const b = existing(runFrom(failed(), detail(1, "iBAN", IBAN_PT), detail(1, "swift", undefined, 21)));
    expect(b._tag).toBe("PartiallyCompleted");
    expect(b.lines[0]).toMatchObject({ status: "Open", iBAN: IBAN_PT, original: { iBAN: IBAN_DE, swift: "COBADEFFXXX" } });
    expect(b.lines[0]?.swift).toBeUndefined();
    expect(b.lines[0]?.exportTransactionId).toBeUndefined();
    expect(b.lines[0]?.exportTransactionGroupId).toBeUndefined();
    expect(b.numberOfOpenItems).toBe(1);
  });

  it("keeps the first values through a second correction and re-export", () => {
    const again = runFrom(failed(), detail(1, "iBAN", IBAN_PT), exportIt(["n1"], 25, "grp2"), status(1, "Error"), detail(1, "paymentInstruction", "Rent", 30));
    const b = existing(again);
    expect(b.lines[0]?.original).toEqual({ iBAN: IBAN_DE, swift: "COBADEFFXXX", paymentInstruction: undefined });
  });

  it("exports only the reopened lines, from PartiallyCompleted to Submitted", () => {
    const b = existing(runFrom(failed(), detail(1, "iBAN", IBAN_PT), exportIt(["n1", "n2"], 25, "grp2")));
    expect(b._tag).toBe("Submitted");
    expect(b.lines.map((l) => [l.exportTransactionGroupId, l.exportTransactionId, l.status])).toEqual([
      ["grp2", "n1", "Open"],
      ["grp1", "e2e2", "Success"],
    ]);
  });

  it("refuses to change the bank details of a line that is not Error once submitted", () => {
    expect(refusal(failed(), detail(2, "iBAN", IBAN_PT))).toMatchObject({ _tag: "PaymentBatch.LineNotCorrectable", field: "iBAN" });
    expect(refusal(submitted(), detail(1, "swift", "COBADEFFXXX"))._tag).toBe("PaymentBatch.LineNotCorrectable");
  });
});

describe("PaymentBatch: discard and delete", () => {
  it("discards a Draft or Submitted batch", () => {
    expect(existing(run(create(), { _tag: "DiscardPaymentBatch", ...s(9) }))).toMatchObject({ _tag: "Discarded", discardedAt: at(9) });
    const fromSubmitted = existing(run(create({ lines: [line(1, "5")] }), exportIt(), { _tag: "DiscardPaymentBatch", ...s(9) }));
    expect(fromSubmitted).toMatchObject({ _tag: "Discarded", lastExport: { exportTransactionGroupId: "grp1" } });
  });

  it("refuses to discard PartiallyCompleted, finished or discarded batches", () => {
    const partial = run(create({ lines: [line(1, "5"), line(2, "6")] }), exportIt(), status(1, "Error"));
    expect(refusal(partial, { _tag: "DiscardPaymentBatch", ...s(9) })).toMatchObject({
      _tag: "PaymentBatch.NotDiscardable",
      message: "the payment batch is PartiallyCompleted: only a Draft or Submitted batch can be discarded",
    });
  });

  it("deletes a Draft or Discarded batch (it is Absent again), and refuses the rest", () => {
    expect(run(create(), { _tag: "DeletePaymentBatch", ...s(9) })._tag).toBe("Absent");
    expect(run(create(), { _tag: "DiscardPaymentBatch", ...s(8) }, { _tag: "DeletePaymentBatch", ...s(9) })._tag).toBe("Absent");
    expect(refusal(submitted(), { _tag: "DeletePaymentBatch", ...s(9) })).toMatchObject({
      _tag: "PaymentBatch.NotDeletable",
      message: "the payment batch is Submitted: only a Draft or Discarded batch can be deleted",
    });
  });

  it("is terminal in FinishedWithErrors, FinishedWithoutErrors and Discarded only", () => {
    expect(paymentBatchDecider.isTerminal(run(create({ lines: [line(1, "5")] }), exportIt(), status(1, "Error")))).toBe(true);
    expect(paymentBatchDecider.isTerminal(run(create({ lines: [line(1, "5")] }), exportIt(), status(1, "Success")))).toBe(true);
    expect(paymentBatchDecider.isTerminal(run(create(), { _tag: "DiscardPaymentBatch", ...s(8) }))).toBe(true);
    expect(paymentBatchDecider.isTerminal(submitted())).toBe(false);
    expect(paymentBatchDecider.isTerminal(twoLines())).toBe(false);
  });
});
