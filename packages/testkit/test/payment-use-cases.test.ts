/**
 * The payment use cases on the in-memory stores, with the text payment-file writer and print
 * renderer: every seed 003 operation and every "Beyond the seed" row of API.md, with their
 * refusals.
 */
import { describe, expect, it } from "vitest";
import { Effect, Option, Schema } from "effect";
import {
  Decimal,
  ibanWithCheckDigits,
  makeAddPaymentBatchLine,
  makeAddPaymentBatchLinesFromRequests,
  makeApplyPaymentStatusReport,
  makeBankStatementApplier,
  makeCreateFinancialAccount,
  makeCreatePaymentBatch,
  makeDeletePaymentBatch,
  makeDeletePaymentBatchLine,
  makeDiscardPaymentBatch,
  makeExportPaymentBatch,
  makeGetCustomAttributeDefinition,
  makeGetFinancialAccount,
  makeGetPaymentBatch,
  makeGetPaymentFile,
  makeListCustomAttributeDefinitions,
  makeListFinancialAccounts,
  makeListPaymentBatches,
  makeListPaymentBatchesPage,
  makePaymentRequestApplier,
  makePaymentStatusApplier,
  makePrintPaymentBatch,
  makePutCustomAttributeDefinition,
  makeSetPaymentBatchAllowExport,
  makeSetPaymentBatchCompany,
  makeSetPaymentBatchCustomAttribute,
  makeSetPaymentBatchFinancialAccount,
  makeSetPaymentBatchIsActive,
  makeSetPaymentBatchLineCustomAttribute,
  makeSetPaymentBatchLineIban,
  makeSetPaymentBatchLinePaymentInstruction,
  makeSetPaymentBatchLineStatus,
  makeSetPaymentBatchLineSwift,
  makeSetPaymentBatchNote,
  makeSetPaymentBatchRemarks,
  PaymentRequestRecord,
  PaymentStatusRecord,
  BankStatementEntryRecord,
  type DecodedItem,
  type OrganizationId,
  type PaymentBatch,
  type PaymentBatchRef,
} from "@batch/core";
import {
  makeManualClock,
  makeMemoryDb,
  makeMemoryPaymentUnitOfWork,
  makeSequentialIds,
  makeTextPaymentFileWriter,
  makeTextPdfRenderer,
  memoryPaymentStatusOutbound,
  table,
  makeMemoryBlobStore,
} from "../src";

const ORG = "org-pay" as OrganizationId;
const OTHER_ORG = "org-pay-other" as OrganizationId;
const ADA = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Ada" };
const IBAN_DE = ibanWithCheckDigits("DE", "370400440532013000");
const IBAN_PT = ibanWithCheckDigits("PT", "000201231234567890154");
const IBAN_NL = ibanWithCheckDigits("NL", "ABNA0417164300");
const ACCOUNT_IBAN = ibanWithCheckDigits("PT", "003506510000123456789");

const setup = () => {
  const db = makeMemoryDb();
  const uow = makeMemoryPaymentUnitOfWork(db);
  const manual = makeManualClock("2026-04-01T08:00:00.000Z");
  const ids = makeSequentialIds();
  const deps = { uow, clock: manual.clock, ids, writer: makeTextPaymentFileWriter(), renderer: makeTextPdfRenderer(), blobs: makeMemoryBlobStore() };
  const uc = {
    create: makeCreatePaymentBatch(deps),
    get: makeGetPaymentBatch(deps),
    list: makeListPaymentBatches(deps),
    page: makeListPaymentBatchesPage(deps),
    print: makePrintPaymentBatch(deps),
    addLine: makeAddPaymentBatchLine(deps),
    fromRequests: makeAddPaymentBatchLinesFromRequests(deps),
    note: makeSetPaymentBatchNote(deps),
    remarks: makeSetPaymentBatchRemarks(deps),
    isActive: makeSetPaymentBatchIsActive(deps),
    allowExport: makeSetPaymentBatchAllowExport(deps),
    company: makeSetPaymentBatchCompany(deps),
    financialAccount: makeSetPaymentBatchFinancialAccount(deps),
    customAttribute: makeSetPaymentBatchCustomAttribute(deps),
    lineCustomAttribute: makeSetPaymentBatchLineCustomAttribute(deps),
    lineIban: makeSetPaymentBatchLineIban(deps),
    lineSwift: makeSetPaymentBatchLineSwift(deps),
    lineInstruction: makeSetPaymentBatchLinePaymentInstruction(deps),
    lineStatus: makeSetPaymentBatchLineStatus(deps),
    deleteLine: makeDeletePaymentBatchLine(deps),
    delete: makeDeletePaymentBatch(deps),
    discard: makeDiscardPaymentBatch(deps),
    export: makeExportPaymentBatch(deps),
    paymentFile: makeGetPaymentFile(deps),
    report: makeApplyPaymentStatusReport(deps),
    createAccount: makeCreateFinancialAccount(deps),
    getAccount: makeGetFinancialAccount(deps),
    listAccounts: makeListFinancialAccounts(deps),
    putDefinition: makePutCustomAttributeDefinition(deps),
    getDefinition: makeGetCustomAttributeDefinition(deps),
    listDefinitions: makeListCustomAttributeDefinitions(deps),
  };
  const caller = { orgId: ORG, actor: ADA };
  return { db, uow, manual, ids, uc, caller };
};
type Env = ReturnType<typeof setup>;

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);
const refuse = <A, E>(effect: Effect.Effect<A, E>): Promise<E> => Effect.runPromise(Effect.flip(effect));
const text = async (body: AsyncIterable<Uint8Array>): Promise<string> => {
  const chunks: Array<Uint8Array> = [];
  for await (const chunk of body) chunks.push(chunk);
  return new TextDecoder().decode(Buffer.concat(chunks));
};
const tagValues = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => m[1]);

const accountBody = { key: "MAIN", iban: ACCOUNT_IBAN, bic: "CGDIPTPL", holderName: "ACME Pagamentos Lda", country: "PT", townName: "Lisboa", streetName: "Rua Augusta", buildingNumber: "10", postCode: "1100-048" };
const lineBody = (party: string, amount: number, iBAN = IBAN_DE, more: Record<string, unknown> = {}) => ({
  party,
  transferAmount: { amount },
  discountAmount: { amount: 0 },
  withholdedAmount: { amount: 0 },
  currency: "EUR",
  accountPosting: "2211",
  status: 1,
  iBAN,
  sourceDoc: `DOC-${party}`,
  ...more,
});
const batchBody = (more: Record<string, unknown> = {}) => ({
  documentDate: "2026-04-10",
  currency: "EUR",
  company: "C1",
  exchangeRate: 1,
  paymentMethod: "TRF",
  bankAccountType: "01",
  financialAccount: "MAIN",
  allowExport: true,
  paymentBatchLines: [lineBody("Alpha", 100.1), lineBody("Beta", 0.2, IBAN_PT)],
  ...more,
});
const keyRef = (b: PaymentBatch): PaymentBatchRef => ({ companyKey: b.company, paymentBatchKey: b.paymentBatchKey });

/** An account and a created batch of two lines (Alpha 100.10, Beta 0.20). */
const withBatch = async (env: Env, more: Record<string, unknown> = {}) => {
  await run(env.uc.createAccount({ orgId: ORG, body: accountBody }));
  return run(env.uc.create({ ...env.caller, body: batchBody(more) }));
};
const exported = async (env: Env, more: Record<string, unknown> = {}) => {
  const b = await withBatch(env, more);
  return run(env.uc.export({ ...env.caller, ref: keyRef(b) }));
};
const outbound = (env: Env) => run(memoryPaymentStatusOutbound(env.db, ORG));
const lineIdOf = (b: PaymentBatch, party: string) => b.lines.find((l) => l.party === party)?.id ?? "";

describe("financial accounts", () => {
  it("creates, gets and lists accounts of the organization", async () => {
    const env = setup();
    expect(await run(env.uc.createAccount({ orgId: ORG, body: accountBody }))).toEqual(accountBody);
    await run(env.uc.createAccount({ orgId: ORG, body: { ...accountBody, key: "AUX", streetName: undefined } }));
    expect(await run(env.uc.getAccount({ orgId: ORG, key: "MAIN" }))).toEqual(accountBody);
    expect((await run(env.uc.listAccounts({ orgId: ORG }))).map((a) => a.key)).toEqual(["AUX", "MAIN"]);
    expect(await run(env.uc.listAccounts({ orgId: OTHER_ORG }))).toEqual([]);
  });

  it("refuses a duplicate key, bad fields and unknown keys", async () => {
    const env = setup();
    await run(env.uc.createAccount({ orgId: ORG, body: accountBody }));
    expect(await refuse(env.uc.createAccount({ orgId: ORG, body: accountBody }))).toMatchObject({ _tag: "FinancialAccount.AlreadyExists", key: "MAIN" });
    const invalid = await refuse(env.uc.createAccount({ orgId: ORG, body: { ...accountBody, iban: "PT50 0000", townName: "" } }));
    expect(invalid).toMatchObject({ _tag: "FinancialAccount.Invalid" });
    expect("errors" in invalid ? invalid.errors.map((e) => e.field) : []).toEqual(["iban", "townName"]);
    expect(await refuse(env.uc.getAccount({ orgId: OTHER_ORG, key: "MAIN" }))).toMatchObject({ _tag: "FinancialAccount.NotFound" });
  });
});

describe("custom attribute definitions", () => {
  it("puts, replaces, gets and lists definitions", async () => {
    const env = setup();
    expect(await run(env.uc.putDefinition({ orgId: ORG, name: "custom_region", body: { appliesTo: "PaymentBatch", type: "string" } }))).toEqual({
      name: "custom_region",
      appliesTo: "PaymentBatch",
      type: "string",
      required: false,
    });
    await run(env.uc.putDefinition({ orgId: ORG, name: "custom_region", body: { appliesTo: "PaymentBatch", type: "string", required: true } }));
    expect((await run(env.uc.getDefinition({ orgId: ORG, name: "custom_region" }))).required).toBe(true);
    expect((await run(env.uc.listDefinitions({ orgId: ORG }))).map((d) => d.name)).toEqual(["custom_region"]);
  });

  it("refuses a bad name, a bad body and an unknown name", async () => {
    const env = setup();
    expect(await refuse(env.uc.putDefinition({ orgId: ORG, name: "region", body: { appliesTo: "PaymentBatch", type: "string" } }))).toMatchObject({
      _tag: "CustomAttribute.DefinitionInvalid",
      errors: [{ field: "name" }],
    });
    const bad = await refuse(env.uc.putDefinition({ orgId: ORG, name: "custom_x", body: { appliesTo: "Line", type: "text" } }));
    expect("errors" in bad ? bad.errors.map((e) => e.field) : []).toEqual(["appliesTo", "type"]);
    expect(await refuse(env.uc.getDefinition({ orgId: ORG, name: "custom_x" }))).toMatchObject({ _tag: "CustomAttribute.DefinitionNotFound" });
  });
});

describe("create, get and list", () => {
  it("creates a Draft with a new id and the company's next key", async () => {
    const env = setup();
    const a = await withBatch(env);
    const b = await run(env.uc.create({ ...env.caller, body: batchBody() }));
    const c = await run(env.uc.create({ ...env.caller, body: batchBody({ company: "C2", paymentBatchLines: [] }) }));
    expect([a.paymentBatchKey, b.paymentBatchKey, c.paymentBatchKey]).toEqual([1, 2, 1]);
    expect(a).toMatchObject({ _tag: "Draft", company: "C1", financialAccount: "MAIN", createdBy: ADA, numberOfOpenItems: 2 });
    expect(Decimal.format(a.totalAmount)).toBe("100.3");
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });

  it("gets a batch by id and by key, in its organization only", async () => {
    const env = setup();
    const a = await withBatch(env);
    expect(await run(env.uc.get({ orgId: ORG, ref: { id: a.id } }))).toEqual(a);
    expect(await run(env.uc.get({ orgId: ORG, ref: keyRef(a) }))).toEqual(a);
    expect(await refuse(env.uc.get({ orgId: OTHER_ORG, ref: { id: a.id } }))).toMatchObject({ _tag: "PaymentBatch.NotFound", reference: a.id });
    expect(await refuse(env.uc.get({ orgId: ORG, ref: { companyKey: "C1", paymentBatchKey: 9 } }))).toMatchObject({
      _tag: "PaymentBatch.NotFound",
      message: "payment batch C1/9 does not exist",
    });
  });

  it("checks the financial account, the body and the required custom attributes", async () => {
    const env = setup();
    expect(await refuse(env.uc.create({ ...env.caller, body: batchBody() }))).toMatchObject({ _tag: "FinancialAccount.NotFound", key: "MAIN" });
    await run(env.uc.createAccount({ orgId: ORG, body: accountBody }));
    expect(await refuse(env.uc.create({ ...env.caller, body: { ...batchBody(), currency: "EURO" } }))).toMatchObject({
      _tag: "PaymentBatch.InputInvalid",
      errors: [{ field: "currency" }],
    });
    await run(env.uc.putDefinition({ orgId: ORG, name: "custom_region", body: { appliesTo: "PaymentBatch", type: "string", required: true } }));
    await run(env.uc.putDefinition({ orgId: ORG, name: "custom_costCenter", body: { appliesTo: "PaymentBatchLine", type: "number" } }));
    expect(await refuse(env.uc.create({ ...env.caller, body: batchBody() }))).toMatchObject({ _tag: "PaymentBatch.CustomAttributeInvalid", errors: [{ field: "custom_region" }] });
    const created = await run(
      env.uc.create({
        ...env.caller,
        body: batchBody({ customAttributes: { custom_region: "north" }, paymentBatchLines: [lineBody("Alpha", 5, IBAN_DE, { custom_costCenter: 7 })] }),
      }),
    );
    expect(created.customAttributes).toEqual({ custom_region: "north" });
    expect(created.lines[0]?.customAttributes).toEqual({ custom_costCenter: 7 });
    expect(await refuse(env.uc.create({ ...env.caller, body: batchBody({ custom_region: "n", paymentBatchLines: [lineBody("A", 5, "DE00 1234")] }) }))).toMatchObject({
      _tag: "PaymentBatch.InvalidIban",
      field: "paymentBatchLines.0.iBAN",
    });
    // Refused creates take no key for good.
    expect((await run(env.uc.create({ ...env.caller, body: batchBody({ custom_region: "n" }) }))).paymentBatchKey).toBe(2);
  });

  it("lists every batch by company then key, and pages from 1 with at most 1000 per page", async () => {
    const env = setup();
    await withBatch(env);
    for (const company of ["C2", "C1", "C1"]) await run(env.uc.create({ ...env.caller, body: batchBody({ company }) }));
    expect((await run(env.uc.list({ orgId: ORG }))).map((b) => `${b.company}/${b.paymentBatchKey}`)).toEqual(["C1/1", "C1/2", "C1/3", "C2/1"]);
    const second = await run(env.uc.page({ orgId: ORG, page: "2", pageSize: 3 }));
    expect({ keys: second.items.map((b) => `${b.company}/${b.paymentBatchKey}`), page: second.page, pageSize: second.pageSize, totalItems: second.totalItems }).toEqual({
      keys: ["C2/1"],
      page: 2,
      pageSize: 3,
      totalItems: 4,
    });
    expect((await run(env.uc.page({ orgId: ORG }))).pageSize).toBe(100);
    const bad = await refuse(env.uc.page({ orgId: ORG, page: 0, pageSize: 1001 }));
    expect(bad).toMatchObject({
      _tag: "PaymentBatch.InputInvalid",
      errors: [
        { field: "page", message: "must be 1 or more" },
        { field: "pageSize", message: "must be from 1 to 1000" },
      ],
    });
  });
});

describe("lines and attribute setters", () => {
  it("adds a line to a Draft and returns its id", async () => {
    const env = setup();
    const b = await withBatch(env);
    const added = await run(env.uc.addLine({ ...env.caller, ref: keyRef(b), body: lineBody("Gamma", 1.5, IBAN_NL.toLowerCase()) }));
    expect(added.batch.lines.find((l) => l.id === added.lineId)).toMatchObject({ party: "Gamma", iBAN: IBAN_NL, status: "Open" });
    expect(Decimal.format(added.batch.totalAmount)).toBe("101.8");
  });

  it("refuses a bad IBAN or BIC, a wrong currency, and any line once submitted", async () => {
    const env = setup();
    const b = await withBatch(env);
    expect(await refuse(env.uc.addLine({ ...env.caller, ref: keyRef(b), body: lineBody("G", 1, "NL00ABNA0417164300") }))).toMatchObject({ _tag: "PaymentBatch.InvalidIban", field: "iBAN" });
    expect(await refuse(env.uc.addLine({ ...env.caller, ref: keyRef(b), body: lineBody("G", 1, IBAN_NL, { swift: "ABNA" }) }))).toMatchObject({ _tag: "PaymentBatch.InvalidBic" });
    expect(await refuse(env.uc.addLine({ ...env.caller, ref: keyRef(b), body: lineBody("G", 1, IBAN_NL, { currency: "USD" }) }))).toMatchObject({ _tag: "PaymentBatch.CurrencyMismatch" });
    expect(await refuse(env.uc.addLine({ ...env.caller, ref: keyRef(b), body: { party: "G" } }))).toMatchObject({ _tag: "PaymentBatch.InputInvalid" });
    await run(env.uc.export({ ...env.caller, ref: keyRef(b) }));
    expect(await refuse(env.uc.addLine({ ...env.caller, ref: keyRef(b), body: lineBody("G", 1) }))).toMatchObject({ _tag: "PaymentBatch.NotDraft", status: "Submitted" });
  });

  it("sets note, remarks, isActive and allowExport from bare JSON values", async () => {
    const env = setup();
    const b = await withBatch(env);
    const ref = keyRef(b);
    await run(env.uc.note({ ...env.caller, ref, value: "changed" }));
    await run(env.uc.remarks({ ...env.caller, ref, value: "checked" }));
    await run(env.uc.isActive({ ...env.caller, ref, value: false }));
    const after = await run(env.uc.allowExport({ ...env.caller, ref, value: "false" }));
    expect(after).toMatchObject({ note: "changed", remarks: "checked", isActive: false, allowExport: false });
    expect((await run(env.uc.note({ ...env.caller, ref, value: null }))).note).toBeUndefined();
    expect(await refuse(env.uc.isActive({ ...env.caller, ref, value: "sometimes" }))).toMatchObject({ _tag: "PaymentBatch.InputInvalid", errors: [{ field: "" }] });
    expect(await refuse(env.uc.note({ ...env.caller, ref: { companyKey: "C1", paymentBatchKey: 99 }, value: "x" }))).toMatchObject({ _tag: "PaymentBatch.NotFound" });
  });

  it("moves a batch to another company under that company's next key, keeping its id", async () => {
    const env = setup();
    const b = await withBatch(env);
    await run(env.uc.create({ ...env.caller, body: batchBody({ company: "C2" }) }));
    const moved = await run(env.uc.company({ ...env.caller, ref: keyRef(b), value: "C2" }));
    expect(moved).toMatchObject({ id: b.id, company: "C2", paymentBatchKey: 2 });
    expect(await refuse(env.uc.get({ orgId: ORG, ref: { companyKey: "C1", paymentBatchKey: 1 } }))).toMatchObject({ _tag: "PaymentBatch.NotFound" });
    expect((await run(env.uc.company({ ...env.caller, ref: keyRef(moved), value: "C2" }))).paymentBatchKey).toBe(2);
    expect(await refuse(env.uc.company({ ...env.caller, ref: keyRef(moved), value: "" }))).toMatchObject({ _tag: "PaymentBatch.InputInvalid", errors: [{ field: "company" }] });
  });

  it("sets the financial account to an account of the organization, or clears it", async () => {
    const env = setup();
    const b = await withBatch(env);
    expect(await refuse(env.uc.financialAccount({ ...env.caller, ref: keyRef(b), value: "NOPE" }))).toMatchObject({ _tag: "FinancialAccount.NotFound" });
    expect((await run(env.uc.financialAccount({ ...env.caller, ref: keyRef(b), value: null }))).financialAccount).toBeUndefined();
    expect(await refuse(env.uc.export({ ...env.caller, ref: keyRef(b) }))).toMatchObject({ _tag: "PaymentBatch.FinancialAccountMissing" });
  });

  it("sets a line's IBAN, SWIFT and payment instruction in a Draft, checking them", async () => {
    const env = setup();
    const b = await withBatch(env);
    const ref = keyRef(b);
    const lineId = lineIdOf(b, "Alpha");
    await run(env.uc.lineIban({ ...env.caller, ref, lineId, value: IBAN_NL }));
    await run(env.uc.lineSwift({ ...env.caller, ref, lineId, value: "abnanl2a" }));
    const after = await run(env.uc.lineInstruction({ ...env.caller, ref, lineId, value: "Invoice 77" }));
    expect(after.lines.find((l) => l.id === lineId)).toMatchObject({ iBAN: IBAN_NL, swift: "ABNANL2A", paymentInstruction: "Invoice 77" });
    expect(await refuse(env.uc.lineIban({ ...env.caller, ref, lineId, value: "NL91ABNA0417164301" }))).toMatchObject({ _tag: "PaymentBatch.InvalidIban" });
    expect(await refuse(env.uc.lineSwift({ ...env.caller, ref, lineId: "nope", value: "ABNANL2A" }))).toMatchObject({ _tag: "PaymentBatch.LineNotFound" });
  });

  it("sets custom attributes of the batch and its lines against their definitions", async () => {
    const env = setup();
    const b = await withBatch(env);
    await run(env.uc.putDefinition({ orgId: ORG, name: "custom_approved", body: { appliesTo: "PaymentBatch", type: "boolean" } }));
    await run(env.uc.putDefinition({ orgId: ORG, name: "custom_valueDate", body: { appliesTo: "PaymentBatchLine", type: "date", required: true } }));
    const ref = keyRef(b);
    const lineId = lineIdOf(b, "Beta");
    expect((await run(env.uc.customAttribute({ ...env.caller, ref, name: "custom_approved", body: { value: true } }))).customAttributes).toEqual({ custom_approved: true });
    const withLine = await run(env.uc.lineCustomAttribute({ ...env.caller, ref, lineId, name: "custom_valueDate", body: { value: "2026-04-30" } }));
    expect(withLine.lines.find((l) => l.id === lineId)?.customAttributes).toEqual({ custom_valueDate: "2026-04-30" });
    expect(await refuse(env.uc.lineCustomAttribute({ ...env.caller, ref, lineId, name: "custom_valueDate", body: { value: null } }))).toMatchObject({
      _tag: "PaymentBatch.CustomAttributeInvalid",
      message: "custom_valueDate: is required",
    });
    expect(await refuse(env.uc.customAttribute({ ...env.caller, ref, name: "custom_valueDate", body: { value: "2026-04-30" } }))).toMatchObject({
      _tag: "PaymentBatch.CustomAttributeInvalid",
    });
    expect(await refuse(env.uc.customAttribute({ ...env.caller, ref, name: "custom_approved", body: true }))).toMatchObject({ _tag: "PaymentBatch.InputInvalid" });
    // A new required line attribute applies to lines added from then on.
    expect(await refuse(env.uc.addLine({ ...env.caller, ref, body: lineBody("Gamma", 1) }))).toMatchObject({ _tag: "PaymentBatch.CustomAttributeInvalid" });
  });

  it("deletes a line of a Draft", async () => {
    const env = setup();
    const b = await withBatch(env);
    const after = await run(env.uc.deleteLine({ ...env.caller, ref: keyRef(b), lineId: lineIdOf(b, "Alpha") }));
    expect(after.lines.map((l) => l.party)).toEqual(["Beta"]);
    expect(Decimal.format(after.totalAmount)).toBe("0.2");
    expect(await refuse(env.uc.deleteLine({ ...env.caller, ref: keyRef(b), lineId: lineIdOf(b, "Alpha") }))).toMatchObject({ _tag: "PaymentBatch.LineNotFound" });
  });
});

describe("export and payment file", () => {
  it("writes a pain.001.001.09 file whose counts and control sums are exact, stores it, and submits the batch", async () => {
    const env = setup();
    const { batch, file } = await exported(env);
    expect(batch._tag).toBe("Submitted");
    expect(file.version).toBe("pain.001.001.09");
    expect(file.content).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"');
    expect(tagValues(file.content, "NbOfTxs")).toEqual(["2", "2"]);
    expect(tagValues(file.content, "CtrlSum")).toEqual(["100.30", "100.30"]);
    expect(tagValues(file.content, "EndToEndId")).toEqual(batch.lines.map((l) => l.exportTransactionId));
    expect(tagValues(file.content, "PmtInfId")).toEqual([batch.lines[0]?.exportTransactionGroupId]);
    expect(tagValues(file.content, "MsgId")).toEqual([file.messageId]);
    expect(tagValues(file.content, "Dt")).toEqual(["2026-04-10"]);
    expect(tagValues(file.content, "TwnNm")).toEqual(["Lisboa"]);
    expect(tagValues(file.content, "IBAN")).toEqual([ACCOUNT_IBAN, IBAN_DE, IBAN_PT]);
    expect(tagValues(file.content, "Ustrd")).toEqual(["DOC-Alpha", "DOC-Beta"]);
    expect(batch.lines.every((l) => (l.exportTransactionId ?? "").length <= 35)).toBe(true);
    expect(await run(env.uc.paymentFile({ orgId: ORG, ref: { id: batch.id } }))).toEqual(file);
  });

  it("writes pain.001.001.03 on request, with today's date when the document date has passed", async () => {
    const env = setup();
    const b = await withBatch(env, { documentDate: "2026-03-01" });
    const { file } = await run(env.uc.export({ ...env.caller, ref: keyRef(b), version: "pain.001.001.03" }));
    expect(file.content).toContain("pain.001.001.03");
    expect(tagValues(file.content, "ReqdExctnDt")).toEqual(["2026-04-01"]);
    expect(tagValues(file.content, "BIC")).toEqual(["CGDIPTPL"]);
    expect(await refuse(env.uc.export({ ...env.caller, ref: keyRef(b), version: "pain.001.001.02" }))).toMatchObject({ _tag: "PaymentBatch.InputInvalid", errors: [{ field: "version" }] });
  });

  it("refuses a batch that does not allow export or has an invalid line, and leaves it a Draft", async () => {
    const env = setup();
    const b = await withBatch(env, { allowExport: false });
    expect(await refuse(env.uc.export({ ...env.caller, ref: keyRef(b) }))).toMatchObject({ _tag: "PaymentBatch.ExportNotAllowed" });
    await run(env.uc.allowExport({ ...env.caller, ref: keyRef(b), value: true }));
    await run(env.uc.lineIban({ ...env.caller, ref: keyRef(b), lineId: lineIdOf(b, "Beta"), value: null }));
    expect(await refuse(env.uc.export({ ...env.caller, ref: keyRef(b) }))).toMatchObject({ _tag: "PaymentBatch.NotSepaValid", errors: [{ field: "paymentBatchLines.1.iBAN" }] });
    expect((await run(env.uc.get({ orgId: ORG, ref: keyRef(b) })))._tag).toBe("Draft");
    expect(await refuse(env.uc.paymentFile({ orgId: ORG, ref: keyRef(b) }))).toMatchObject({ _tag: "PaymentBatch.PaymentFileNotFound" });
  });

  it("keeps nothing when the file cannot be written: the debtor account is gone", async () => {
    const env = setup();
    const b = await withBatch(env);
    table(env.db, "financial_accounts").clear();
    expect(await refuse(env.uc.export({ ...env.caller, ref: keyRef(b) }))).toMatchObject({ _tag: "FinancialAccount.NotFound" });
    const after = await run(env.uc.get({ orgId: ORG, ref: keyRef(b) }));
    expect(after._tag).toBe("Draft");
    expect(after.lines.every((l) => l.exportTransactionId === undefined)).toBe(true);
  });
});

describe("line status, corrections and the outbound PAYMENT_STATUS batch", () => {
  it("finishes the batch when every line is answered and emits one outbound item per line", async () => {
    const env = setup();
    const { batch } = await exported(env);
    const ref = keyRef(batch);
    const partial = await run(env.uc.lineStatus({ ...env.caller, ref, lineId: lineIdOf(batch, "Alpha"), value: 3 }));
    expect(partial._tag).toBe("PartiallyCompleted");
    expect(await outbound(env)).toEqual([]);
    const done = await run(env.uc.lineStatus({ ...env.caller, ref, lineId: lineIdOf(batch, "Beta"), value: "Error" }));
    expect(done._tag).toBe("FinishedWithErrors");
    const [first, ...more] = await outbound(env);
    expect(more).toEqual([]);
    expect(first).toMatchObject({
      batch: { _tag: "OutboundPending", payloadObjectType: "PAYMENT_STATUS", itemCount: 2 },
      items: [
        { sourceDoc: "DOC-Alpha", exportTransactionId: batch.lines[0]?.exportTransactionId, status: "Success" },
        { sourceDoc: "DOC-Beta", exportTransactionId: batch.lines[1]?.exportTransactionId, status: "Error" },
      ],
    });
    // The same answer again changes nothing and emits nothing.
    await run(env.uc.lineStatus({ ...env.caller, ref, lineId: lineIdOf(batch, "Beta"), value: 2 }));
    expect(await outbound(env)).toHaveLength(1);
  });

  it("refuses a status in a Draft, a different answer on a finished batch, and unknown values", async () => {
    const env = setup();
    const b = await withBatch(env);
    expect(await refuse(env.uc.lineStatus({ ...env.caller, ref: keyRef(b), lineId: lineIdOf(b, "Alpha"), value: 3 }))).toMatchObject({ _tag: "PaymentBatch.NotSubmitted" });
    expect(await refuse(env.uc.lineStatus({ ...env.caller, ref: keyRef(b), lineId: lineIdOf(b, "Alpha"), value: "Paid" }))).toMatchObject({ _tag: "PaymentBatch.InputInvalid" });
    const { batch } = await run(env.uc.export({ ...env.caller, ref: keyRef(b) }));
    await run(env.uc.lineStatus({ ...env.caller, ref: keyRef(batch), lineId: lineIdOf(batch, "Alpha"), value: 3 }));
    await run(env.uc.lineStatus({ ...env.caller, ref: keyRef(batch), lineId: lineIdOf(batch, "Beta"), value: 3 }));
    expect(await refuse(env.uc.lineStatus({ ...env.caller, ref: keyRef(batch), lineId: lineIdOf(batch, "Beta"), value: 2 }))).toMatchObject({
      _tag: "PaymentBatch.NotSubmitted",
      status: "FinishedWithoutErrors",
    });
  });

  it("corrects an Error line, re-exports only it, and finishes again with a second outbound batch", async () => {
    const env = setup();
    const { batch } = await exported(env);
    const ref = keyRef(batch);
    const beta = lineIdOf(batch, "Beta");
    await run(env.uc.lineStatus({ ...env.caller, ref, lineId: lineIdOf(batch, "Alpha"), value: 3 }));
    await run(env.uc.lineStatus({ ...env.caller, ref, lineId: beta, value: 2 }));
    expect(await refuse(env.uc.lineIban({ ...env.caller, ref, lineId: lineIdOf(batch, "Alpha"), value: IBAN_NL }))).toMatchObject({ _tag: "PaymentBatch.LineNotCorrectable" });
    const corrected = await run(env.uc.lineIban({ ...env.caller, ref, lineId: beta, value: IBAN_NL }));
    expect(corrected._tag).toBe("PartiallyCompleted");
    expect(corrected.lines.find((l) => l.id === beta)).toMatchObject({ status: "Open", iBAN: IBAN_NL, original: { iBAN: IBAN_PT } });
    const again = await run(env.uc.export({ ...env.caller, ref }));
    expect(tagValues(again.file.content, "NbOfTxs")).toEqual(["1", "1"]);
    expect(tagValues(again.file.content, "CtrlSum")).toEqual(["0.20", "0.20"]);
    expect(tagValues(again.file.content, "IBAN")).toEqual([ACCOUNT_IBAN, IBAN_NL]);
    expect(await run(env.uc.paymentFile({ orgId: ORG, ref }))).toEqual(again.file);
    const finished = await run(env.uc.lineStatus({ ...env.caller, ref, lineId: beta, value: "Success" }));
    expect(finished._tag).toBe("FinishedWithoutErrors");
    expect((await outbound(env)).map((o) => o.items.map((i) => i["status"]))).toEqual([
      ["Success", "Error"],
      ["Success", "Success"],
    ]);
  });
});

describe("print", () => {
  it("prints the batch and its lines with the chosen template; printOriginal is the first print, unchanged by later edits", async () => {
    const env = setup();
    const { batch } = await exported(env);
    const ref = keyRef(batch);
    const first = await text((await run(env.uc.print({ orgId: ORG, ref: { id: batch.id }, original: false }))).body);
    expect(first).toContain(`IBAN: ${IBAN_PT}`);
    await run(env.uc.lineStatus({ ...env.caller, ref, lineId: lineIdOf(batch, "Beta"), value: 2 }));
    await run(env.uc.lineIban({ ...env.caller, ref, lineId: lineIdOf(batch, "Beta"), value: IBAN_NL }));
    await run(env.uc.note({ ...env.caller, ref, value: "edited after the first print" }));
    const current = await text((await run(env.uc.print({ orgId: ORG, ref: { id: batch.id }, original: false }))).body);
    expect(current).toContain("Payment batch C1/1");
    expect(current).toContain(`IBAN: ${IBAN_NL}`);
    expect(current).toContain("edited after the first print");
    expect(current).toContain("Total: 100.30");
    const original = await text((await run(env.uc.print({ orgId: ORG, ref, original: true }))).body);
    expect(original).toBe(first);
    expect(original).not.toContain(IBAN_NL);
    const compact = await text((await run(env.uc.print({ orgId: ORG, ref, original: false, template: "compact" }))).body);
    expect(compact.split("\n")).toContain(`Alpha | ${IBAN_DE} | Open | 100.10 EUR`);
  });

  it("printOriginal of a batch never printed shows the bank details the corrected lines were exported with, and is kept", async () => {
    const env = setup();
    const { batch } = await exported(env);
    const ref = keyRef(batch);
    await run(env.uc.lineStatus({ ...env.caller, ref, lineId: lineIdOf(batch, "Beta"), value: 2 }));
    await run(env.uc.lineIban({ ...env.caller, ref, lineId: lineIdOf(batch, "Beta"), value: IBAN_NL }));
    const original = await text((await run(env.uc.print({ orgId: ORG, ref, original: true }))).body);
    expect(original).toContain(`IBAN: ${IBAN_PT}`);
    expect(original).not.toContain(IBAN_NL);
    await run(env.uc.note({ ...env.caller, ref, value: "later" }));
    expect(await text((await run(env.uc.print({ orgId: ORG, ref, original: true }))).body)).toBe(original);
  });

  it("refuses an unknown template and an unknown batch", async () => {
    const env = setup();
    const b = await withBatch(env);
    expect(await refuse(env.uc.print({ orgId: ORG, ref: keyRef(b), original: false, template: "fancy" }))).toMatchObject({
      _tag: "Print.TemplateUnknown",
      message: 'unknown template "fancy"; known templates: default, compact',
    });
    expect(await refuse(env.uc.print({ orgId: OTHER_ORG, ref: keyRef(b), original: true }))).toMatchObject({ _tag: "PaymentBatch.NotFound" });
  });
});

describe("discard and delete", () => {
  it("discards a Submitted batch, then deletes it with its payment file", async () => {
    const env = setup();
    const { batch } = await exported(env);
    expect((await run(env.uc.discard({ ...env.caller, ref: keyRef(batch) })))._tag).toBe("Discarded");
    expect(await refuse(env.uc.note({ ...env.caller, ref: keyRef(batch), value: "x" }))).toMatchObject({ _tag: "PaymentBatch.Discarded" });
    await run(env.uc.delete({ ...env.caller, ref: { id: batch.id } }));
    expect(await refuse(env.uc.get({ orgId: ORG, ref: { id: batch.id } }))).toMatchObject({ _tag: "PaymentBatch.NotFound" });
    expect(Option.isNone(await run(env.uow.run((s) => s.paymentFiles.get(ORG, batch.id))))).toBe(true);
  });

  it("deletes a Draft by key, and refuses to delete or discard a batch with answers", async () => {
    const env = setup();
    const draft = await withBatch(env);
    await run(env.uc.delete({ ...env.caller, ref: keyRef(draft) }));
    expect(await refuse(env.uc.get({ orgId: ORG, ref: { id: draft.id } }))).toMatchObject({ _tag: "PaymentBatch.NotFound" });
    const { batch } = await run(Effect.flatMap(env.uc.create({ ...env.caller, body: batchBody() }), (b) => env.uc.export({ ...env.caller, ref: keyRef(b) })));
    expect(await refuse(env.uc.delete({ ...env.caller, ref: keyRef(batch) }))).toMatchObject({ _tag: "PaymentBatch.NotDeletable" });
    await run(env.uc.lineStatus({ ...env.caller, ref: keyRef(batch), lineId: lineIdOf(batch, "Alpha"), value: 3 }));
    expect(await refuse(env.uc.discard({ ...env.caller, ref: keyRef(batch) }))).toMatchObject({ _tag: "PaymentBatch.NotDiscardable" });
  });
});

const request = (referenceId: string, more: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(PaymentRequestRecord)({ referenceId, companyKey: "C1", party: `Party ${referenceId}`, amount: "12.34", currency: "EUR", iban: IBAN_DE, ...more });
const applyContext = { orgId: ORG, at: "2026-04-01T07:00:00.000Z", actor: ADA, batchId: "erp-1" };

describe("payment requests", () => {
  const store = (env: Env, records: ReadonlyArray<ReturnType<typeof request>>) =>
    run(env.uow.run((s) => makePaymentRequestApplier().apply(s, applyContext, records.map((record, i) => ({ itemNumber: i + 1, record })))));

  it("upserts requests by referenceId, idempotently", async () => {
    const env = setup();
    expect(await store(env, [request("PR-1"), request("PR-2")])).toEqual([
      { _tag: "Applied", itemNumber: 1, key: "PR-1" },
      { _tag: "Applied", itemNumber: 2, key: "PR-2" },
    ]);
    const first = await run(env.uow.run((s) => s.paymentRequests.get(ORG, "PR-1")));
    await run(env.uow.run((s) => makePaymentRequestApplier().apply(s, { ...applyContext, at: "2026-04-02T00:00:00.000Z" }, [{ itemNumber: 1, record: request("PR-1") }])));
    expect(await run(env.uow.run((s) => s.paymentRequests.get(ORG, "PR-1")))).toEqual(first);
    await store(env, [request("PR-1", { amount: "99" })]);
    expect(Option.map(await run(env.uow.run((s) => s.paymentRequests.get(ORG, "PR-1"))), (r) => Decimal.format(r.amount))).toEqual(Option.some("99"));
  });

  it("makes one line per request, each request on one live line only", async () => {
    const env = setup();
    const b = await withBatch(env, { paymentBatchLines: [] });
    await store(env, [request("PR-1", { sourceDoc: "INV-1", swift: "COBADEFFXXX" }), request("PR-2"), request("PR-3", { companyKey: "C2" })]);
    const ref = keyRef(b);
    const after = await run(env.uc.fromRequests({ ...env.caller, ref, body: { referenceIds: ["PR-1", "PR-2"] } }));
    expect(after.lines.map((l) => [l.party, l.sourceDoc, Decimal.format(l.transferAmount), l.swift, l.paymentRequestReferenceId])).toEqual([
      ["Party PR-1", "INV-1", "12.34", "COBADEFFXXX", "PR-1"],
      ["Party PR-2", "PR-2", "12.34", undefined, "PR-2"],
    ]);
    expect(await refuse(env.uc.fromRequests({ ...env.caller, ref, body: { referenceIds: ["PR-2"] } }))).toMatchObject({
      _tag: "PaymentRequest.AlreadyInBatch",
      paymentBatchId: b.id,
    });
    expect(await refuse(env.uc.fromRequests({ ...env.caller, ref, body: { referenceIds: ["PR-3"] } }))).toMatchObject({ _tag: "PaymentRequest.CompanyMismatch" });
    expect(await refuse(env.uc.fromRequests({ ...env.caller, ref, body: { referenceIds: ["PR-9"] } }))).toMatchObject({ _tag: "PaymentRequest.NotFound" });
    expect(await refuse(env.uc.fromRequests({ ...env.caller, ref, body: { referenceIds: ["PR-1", "PR-1"] } }))).toMatchObject({ _tag: "PaymentBatch.InputInvalid" });
    expect(await refuse(env.uc.fromRequests({ ...env.caller, ref, body: { referenceIds: [] } }))).toMatchObject({ _tag: "PaymentBatch.InputInvalid" });
    // Once its line is deleted, the request can be used again.
    await run(env.uc.deleteLine({ ...env.caller, ref, lineId: lineIdOf(after, "Party PR-2") }));
    expect((await run(env.uc.fromRequests({ ...env.caller, ref, body: { referenceIds: ["PR-2"] } }))).lines).toHaveLength(2);
  });

  it("adds all lines or none", async () => {
    const env = setup();
    const b = await withBatch(env, { paymentBatchLines: [] });
    await store(env, [request("PR-1"), request("PR-2", { amount: "5", currency: "USD" })]);
    expect(await refuse(env.uc.fromRequests({ ...env.caller, ref: keyRef(b), body: { referenceIds: ["PR-1", "PR-2"] } }))).toMatchObject({ _tag: "PaymentBatch.CurrencyMismatch" });
    expect((await run(env.uc.get({ orgId: ORG, ref: keyRef(b) }))).lines).toEqual([]);
    expect((await run(env.uc.fromRequests({ ...env.caller, ref: keyRef(b), body: { referenceIds: ["PR-1"] } }))).lines).toHaveLength(1);
  });
});

const valid = <A>(record: A, itemNumber: number): DecodedItem<A> => ({ _tag: "Valid", itemNumber, position: `item ${itemNumber}`, record, raw: {} });
const statusRecord = (input: Record<string, unknown>) => Schema.decodeUnknownSync(PaymentStatusRecord)(input);
const entryRecord = (input: Record<string, unknown>) =>
  Schema.decodeUnknownSync(BankStatementEntryRecord)({ statementId: "STMT-1", accountIban: ACCOUNT_IBAN, bookingDate: "2026-04-11", currency: "EUR", creditDebit: "DBIT", ...input });

describe("payment status reports (pain.002, camt.053) and their appliers", () => {
  it("applies a pain.002 report: matched lines change, the rest is named", async () => {
    const env = setup();
    const { batch } = await exported(env);
    const [alpha, beta] = batch.lines.map((l) => l.exportTransactionId ?? "");
    const report = {
      kind: "pain.002" as const,
      items: [
        valid(statusRecord({ exportTransactionId: alpha, status: "ACSC", externalStatusReportId: "R-1" }), 1),
        valid(statusRecord({ exportTransactionId: "unknown", status: "RJCT" }), 2),
        { _tag: "Invalid" as const, itemNumber: 3, position: "item 3", errors: [{ field: "status", message: "is required" }], raw: {} },
        valid(statusRecord({ sourceDoc: "DOC-Beta", status: "RJCT", externalStatusCode: "AC04", reason: "closed account" }), 4),
      ],
    };
    const result = await run(env.uc.report({ ...env.caller, report }));
    expect({ matched: result.matched, unmatched: result.unmatched }).toEqual({ matched: 2, unmatched: 2 });
    expect(result.items.map((i) => [i.itemNumber, i.matched, i.errors?.[0]?.message])).toEqual([
      [1, true, undefined],
      [2, false, 'no payment-batch line has exportTransactionId "unknown"'],
      [3, false, "is required"],
      [4, true, undefined],
    ]);
    const after = await run(env.uc.get({ orgId: ORG, ref: { id: batch.id } }));
    expect(after._tag).toBe("FinishedWithErrors");
    expect(after.lines.map((l) => [l.status, l.externalStatusCode, l.reason, l.externalStatusReportId])).toEqual([
      ["Success", undefined, undefined, "R-1"],
      ["Error", "AC04", "closed account", undefined],
    ]);
    expect(await outbound(env)).toHaveLength(1);
    // The same report again matches the same lines, changes nothing and emits nothing.
    expect((await run(env.uc.report({ ...env.caller, report }))).matched).toBe(2);
    expect(await outbound(env)).toHaveLength(1);
    expect(beta).not.toBe("");
  });

  it("applies a camt.053 statement: debits with a known EndToEndId settle their lines; every entry is stored once", async () => {
    const env = setup();
    const { batch } = await exported(env);
    const [alpha] = batch.lines.map((l) => l.exportTransactionId ?? "");
    const report = {
      kind: "camt.053" as const,
      items: [
        valid(entryRecord({ amount: "100.10", endToEndId: alpha, entryReference: "N1" }), 1),
        valid(entryRecord({ amount: "5", creditDebit: "CRDT", entryReference: "N2" }), 2),
        valid(entryRecord({ amount: "7", endToEndId: "NOTPROVIDED", entryReference: "N3" }), 3),
      ],
    };
    const result = await run(env.uc.report({ ...env.caller, report }));
    expect(result.items.map((i) => [i.reference, i.matched, i.errors?.[0]?.message])).toEqual([
      ["STMT-1|ref|N1", true, undefined],
      ["STMT-1|ref|N2", false, "the entry is a credit"],
      ["STMT-1|ref|N3", false, 'no payment-batch line has exportTransactionId "NOTPROVIDED"'],
    ]);
    const after = await run(env.uc.get({ orgId: ORG, ref: { id: batch.id } }));
    expect(after).toMatchObject({ _tag: "PartiallyCompleted" });
    expect(after.lines[0]).toMatchObject({ status: "Success", externalStatusReportId: "STMT-1" });
    await run(env.uc.report({ ...env.caller, report }));
    const stored = await run(env.uow.run((s) => s.bankStatementEntries.listByStatement(ORG, "STMT-1")));
    expect(stored.map((e) => [e.entryKey, e.matchedLine?.lineId])).toEqual([
      ["STMT-1|ref|N1", batch.lines[0]?.id],
      ["STMT-1|ref|N2", undefined],
      ["STMT-1|ref|N3", undefined],
    ]);
  });

  it("rejects a PAYMENT_STATUS item no submitted line matches, and applies the rest idempotently", async () => {
    const env = setup();
    const { batch } = await exported(env);
    const applier = makePaymentStatusApplier({ ids: env.ids });
    const records = [
      { itemNumber: 1, record: statusRecord({ exportTransactionId: batch.lines[0]?.exportTransactionId, status: "Success" }) },
      { itemNumber: 2, record: statusRecord({ sourceDoc: "DOC-Nobody", status: "Error" }) },
    ];
    const apply = () => run(env.uow.run((s) => applier.apply(s, applyContext, records)));
    const outcomes = await apply();
    expect(outcomes).toEqual([
      { _tag: "Applied", itemNumber: 1, key: batch.lines[0]?.exportTransactionId },
      { _tag: "Rejected", itemNumber: 2, key: "DOC-Nobody", errors: [{ field: "sourceDoc", message: 'no submitted payment-batch line has sourceDoc "DOC-Nobody"' }] },
    ]);
    const once = await run(env.uc.get({ orgId: ORG, ref: { id: batch.id } }));
    expect(await apply()).toEqual(outcomes);
    expect(await run(env.uc.get({ orgId: ORG, ref: { id: batch.id } }))).toEqual(once);
    expect(applier).toMatchObject({ payloadObjectType: "PAYMENT_STATUS", isoMessage: "pain.002" });
  });

  it("names an ambiguous sourceDoc instead of guessing", async () => {
    const env = setup();
    await exported(env);
    await run(Effect.flatMap(env.uc.create({ ...env.caller, body: batchBody() }), (b) => env.uc.export({ ...env.caller, ref: keyRef(b) })));
    const result = await run(env.uc.report({ ...env.caller, report: { kind: "pain.002", items: [valid(statusRecord({ sourceDoc: "DOC-Alpha", status: "RJCT" }), 1)] } }));
    expect(result.items[0]?.errors?.[0]?.message).toBe('2 submitted payment-batch lines have sourceDoc "DOC-Alpha": give the exportTransactionId');
  });

  it("the BANK_STATEMENT applier applies every valid entry", async () => {
    const env = setup();
    const { batch } = await exported(env);
    const applier = makeBankStatementApplier({ ids: env.ids });
    const outcomes = await run(
      env.uow.run((s) =>
        applier.apply(s, applyContext, [
          { itemNumber: 1, record: entryRecord({ amount: "0.20", endToEndId: batch.lines[1]?.exportTransactionId }) },
          { itemNumber: 2, record: entryRecord({ amount: "1", creditDebit: "CRDT" }) },
        ]),
      ),
    );
    expect(outcomes.map((o) => o._tag)).toEqual(["Applied", "Applied"]);
    expect((await run(env.uc.get({ orgId: ORG, ref: { id: batch.id } }))).lines[1]?.status).toBe("Success");
  });
});
