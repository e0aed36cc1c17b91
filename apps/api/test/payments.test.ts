/**
 * Seed 003 end to end: every operation of the payment batch surface and API.md's rows beyond
 * it, with their refusals, the concurrency of keys and a whole life cycle, against the real
 * service on SQLite + filesystem and on PostgreSQL + S3.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Effect } from "effect";
import { validateXML } from "xmllint-wasm";
import { resolve } from "../src/composition/token";
import { Tokens } from "../src/composition/tokens";
import { BACKENDS, type Backend } from "./support/backends";
import { makeErpClient } from "./support/erp-client";
import {
  ACCOUNT,
  batchBody,
  camt053v08,
  endToEndIdsOf,
  IBAN,
  line,
  makePaymentsClient,
  pain002v10,
  tagText,
  type Json,
  type PaymentsClient,
} from "./support/payments-client";
import { pdfTextOf } from "./support/pdf-text";
import { accessToken, requestToken, startTestService, type TestService } from "./support/service";

const XSD_DIR = path.join(import.meta.dirname, "../../../packages/codecs/test/fixtures/iso20022/xsd");
const xsd = (version: string) => readFileSync(path.join(XSD_DIR, `${version}.xsd`), "utf8");

const xsdErrors = async (xml: string, version: string): Promise<ReadonlyArray<string>> => {
  const result = await validateXML({ xml: [{ fileName: "file.xml", contents: xml }], schema: [{ fileName: `${version}.xsd`, contents: xsd(version) }] });
  return result.errors.map((e) => e.rawMessage);
};

let sequence = 0;
const company = (label: string) => `${label}${process.pid % 1000}x${++sequence}`;

type Batch = Json & { id: string; paymentBatchKey: number; companyKey: string; status: number; paymentBatchLines: ReadonlyArray<Json & { id: string; party: string; status: number; exportTransactionId?: string }> };

describe.each(BACKENDS)("seed 003 payment batches on $name", (factory) => {
  let backend: Backend;
  let svc: TestService;
  let pay: PaymentsClient;
  let token: string;

  beforeAll(async () => {
    backend = await factory.create();
    svc = await startTestService(backend);
    token = await accessToken(svc);
    pay = makePaymentsClient(svc.baseUrl, token);
    const created = await pay.call("POST", "financialAccounts", { json: ACCOUNT });
    expect(created.status, created.text).toBe(201);
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  const create = async (companyKey: string, lines: ReadonlyArray<unknown>, extra: Record<string, unknown> = {}): Promise<Batch> => {
    const created = await pay.call<Batch>("POST", "paymentBatches", { json: batchBody(companyKey, lines, extra) });
    expect(created.status, created.text).toBe(201);
    return created.body;
  };
  const keyPath = (b: { companyKey: string; paymentBatchKey: number }) => `paymentBatches/${b.companyKey}/${b.paymentBatchKey}`;
  const get = async (b: { companyKey: string; paymentBatchKey: number }): Promise<Batch> => (await pay.call<Batch>("GET", keyPath(b))).body;
  const lineOf = (b: Batch, party: string) => {
    const found = b.paymentBatchLines.find((l) => l.party === party);
    if (found === undefined) throw new Error(`no line ${party}`);
    return found;
  };
  const exportFile = async (b: Batch, version?: string) => {
    const answer = await pay.call("POST", `${keyPath(b)}/export${version === undefined ? "" : `?version=${version}`}`);
    expect(answer.status, answer.text).toBe(200);
    return answer.text;
  };
  const report = (xml: string) => pay.call<Json & { matched: number; unmatched: number; items: ReadonlyArray<Json> }>("POST", "paymentStatusReports", { body: xml, headers: { "content-type": "application/xml" } });

  describe("authorization", () => {
    it("401 without a token, 403 without the payments scope, 403 for another organization's path, 404 for another organization's batch", async () => {
      const batch = await create(company("AUTH"), [line("Alpha", 10, IBAN.DE)]);
      const anonymous = await fetch(`${svc.baseUrl}${pay.base}/paymentBatches`);
      expect(anonymous.status).toBe(401);
      const erpOnly = makePaymentsClient(svc.baseUrl, await accessToken(svc, "erp"));
      const scoped = await erpOnly.call("GET", "paymentBatches");
      expect(scoped.status).toBe(403);
      const elsewhere = makePaymentsClient(svc.baseUrl, token, "demo", "other");
      const forbidden = await elsewhere.call("GET", keyPath(batch));
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ code: "Auth.Forbidden", detail: expect.stringContaining("demo/main, not demo/other") });

      const identity = await resolve(svc.service.container, Tokens.Identity);
      const orgKey = `org${sequence++}`;
      await Effect.runPromise(identity.createOrganization("demo", orgKey));
      const issued = await Effect.runPromise(identity.createClient({ tenantKey: "demo", orgKey, scopes: ["payments"] }));
      const { body } = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: issued.client.apiKey, client_secret: issued.apiSecret });
      const other = makePaymentsClient(svc.baseUrl, body.access_token as string, "demo", orgKey);
      expect((await other.call("GET", keyPath(batch))).status).toBe(404);
      expect((await other.call("GET", `paymentBatches/${batch.id}`)).status).toBe(404);
      expect((await other.call("DELETE", `paymentBatches/${batch.id}`)).status).toBe(404);
      expect((await other.call("PUT", `${keyPath(batch)}/note`, { json: "x" })).status).toBe(404);
      expect((await other.call<ReadonlyArray<unknown>>("GET", "paymentBatches")).body).toEqual([]);
    });
  });

  describe("create, get, list", () => {
    it("201 with the PaymentBatchResource: integer enumerations, MoneyResource amounts as numbers, Location; the same by id and by key", async () => {
      const key = company("C");
      const created = await pay.call<Batch>("POST", "paymentBatches", {
        json: batchBody(key, [line("Alpha GmbH", 100.1, IBAN.DE, { sourceDoc: "INV-1", swift: "COBADEFFXXX" }), line("Beta BV", 0.2, IBAN.NL, { status: "Open" })], {
          note: "first",
          remarks: "for approval",
        }),
      });
      expect(created.status, created.text).toBe(201);
      const batch = created.body;
      expect(created.headers.get("location")).toBe(`${svc.baseUrl}${pay.base}/paymentBatches/${batch.id}`);
      expect(batch).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        paymentBatchKey: 1,
        companyKey: key,
        company: key,
        status: 1,
        numberOfOpenItems: 2,
        currency: "EUR",
        exchangeRate: 1,
        paymentMethod: "TRA",
        bankAccountType: "01",
        financialAccount: "BANK1",
        allowExport: true,
        note: "first",
        remarks: "for approval",
        totalAmount: { amount: 100.3, fractionDigits: 2 },
        openAmount: { amount: 100.3, fractionDigits: 2 },
      });
      expect(lineOf(batch, "Alpha GmbH")).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 1,
        transferAmount: { amount: 100.1, fractionDigits: 2 },
        documentAmount: { amount: 100.1, fractionDigits: 2 },
        iBAN: IBAN.DE,
        swift: "COBADEFFXXX",
        sourceDoc: "INV-1",
      });
      expect((await pay.call("GET", `paymentBatches/${batch.id}`)).body).toEqual(batch);
      expect((await pay.call("GET", `paymentBatches/${batch.id.toUpperCase()}`)).body).toEqual(batch);
      expect((await pay.call("GET", keyPath(batch))).body).toEqual(batch);
      const all = await pay.call<ReadonlyArray<Batch>>("GET", "paymentBatches");
      expect(all.status).toBe(200);
      expect(all.body.map((b) => b.id)).toContain(batch.id);
    });

    it("paged list: page from 1, pageSize at most 1000, in company and key order; bad paging 400", async () => {
      const key = company("P");
      for (let i = 0; i < 3; i += 1) await create(key, []);
      const all = (await pay.call<ReadonlyArray<Batch>>("GET", "paymentBatches")).body;
      const page2 = await pay.call<ReadonlyArray<Batch>>("GET", "paymentBatches?page=2&pageSize=1");
      expect(page2.status).toBe(200);
      expect(page2.body.map((b) => b.id)).toEqual([all[1]?.id]);
      expect(page2.headers.get("x-total-count")).toBe(String(all.length));
      const big = await pay.call<ReadonlyArray<Batch>>("GET", "paymentBatches?page=1&pageSize=1000");
      expect(big.body.map((b) => b.id)).toEqual(all.map((b) => b.id));
      expect((await pay.call<ReadonlyArray<Batch>>("GET", "paymentBatches?page=999&pageSize=1000")).body).toEqual([]);
      for (const query of ["page=0", "pageSize=1001", "pageSize=0", "page=x", "page=1.5"]) {
        const refused = await pay.call("GET", `paymentBatches?${query}`);
        expect(refused.status, query).toBe(400);
        expect(refused.body.detail, query).toMatch(/page/);
      }
    });

    it("400 naming each invalid field; 400 for an unknown financial account; 404 for unknown ids and keys; 400 for ids that are not ids", async () => {
      const bad = await pay.call("POST", "paymentBatches", { json: { currency: "XXY", exchangeRate: "abc", paymentBatchLines: [{ party: "", transferAmount: { amount: -1 }, currency: "EUR", status: 9 }] } });
      expect(bad.status).toBe(400);
      const fields = (bad.body.errors as ReadonlyArray<{ field: string }>).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(["documentDate", "currency", "company", "exchangeRate", "paymentMethod", "bankAccountType", "paymentBatchLines.0.party", "paymentBatchLines.0.status"]));
      const badIban = await pay.call("POST", "paymentBatches", { json: batchBody(company("I"), [line("X", 1, "DE00123")]) });
      expect(badIban.status).toBe(400);
      expect(badIban.body.detail).toMatch(/IBAN/i);
      const noAccount = await pay.call("POST", "paymentBatches", { json: batchBody(company("F"), [], { financialAccount: "NOPE" }) });
      expect(noAccount.status).toBe(400);
      expect(noAccount.body.code).toBe("FinancialAccount.NotFound");
      expect((await pay.call("POST", "paymentBatches", { body: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
      expect((await pay.call("POST", "paymentBatches", { body: "<a/>", headers: { "content-type": "application/xml" } })).status).toBe(415);
      expect((await pay.call("GET", "paymentBatches/00000000-0000-4000-8000-000000000000")).status).toBe(404);
      expect((await pay.call("GET", "paymentBatches/NOPE/77")).status).toBe(404);
      const notId = await pay.call("GET", "paymentBatches/not-a-guid");
      expect(notId.status).toBe(400);
      expect(notId.body.detail).toMatch(/payment batch id/);
      expect((await pay.call("GET", "paymentBatches/C/0")).status).toBe(400);
      expect((await pay.call("GET", "paymentBatches/C/abc")).status).toBe(400);
    });

    it("paymentBatchKey is unique and increasing per company under concurrent creates", async () => {
      const key = company("K");
      const other = company("L");
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => pay.call<Batch>("POST", "paymentBatches", { json: batchBody(i % 3 === 0 ? other : key, []) })));
      for (const a of answers) expect(a.status, a.text).toBe(201);
      const keys = answers.filter((a) => a.body.companyKey === key).map((a) => a.body.paymentBatchKey);
      expect([...keys].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(answers.filter((a) => a.body.companyKey === other).map((a) => a.body.paymentBatchKey).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
      const next = await create(key, []);
      expect(next.paymentBatchKey).toBe(9);
    });

    it("honours Idempotency-Key on create", async () => {
      const idem = `idem-${company("I")}`;
      const body = batchBody(company("D"), []);
      const first = await pay.call<Batch>("POST", "paymentBatches", { json: body, headers: { "idempotency-key": idem } });
      const again = await pay.call<Batch>("POST", "paymentBatches", { json: body, headers: { "idempotency-key": idem } });
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.body.id).toBe(first.body.id);
      const reused = await pay.call("POST", "paymentBatches", { json: { ...body, note: "other" }, headers: { "idempotency-key": idem } });
      expect(reused.status).toBe(422);
    });
  });

  describe("setters, lines, custom attributes, deletes", () => {
    it("PUT setters take bare values and answer 200 with an empty body; enumerations as integers or names", async () => {
      const batch = await create(company("S"), [line("Alpha", 10, IBAN.DE)], { allowExport: false });
      const put = (name: string, value: unknown) => pay.call("PUT", `${keyPath(batch)}/${name}`, { json: value });
      for (const [name, value] of [
        ["note", "changed"],
        ["remarks", "urgent"],
        ["isActive", false],
        ["allowExport", true],
        ["financialAccount", "BANK1"],
      ] as const) {
        const answer = await put(name, value);
        expect(answer.status, `${name}: ${answer.text}`).toBe(200);
        expect(answer.text).toBe("");
      }
      const read = await get(batch);
      expect(read).toMatchObject({ note: "changed", remarks: "urgent", isActive: false, allowExport: true, financialAccount: "BANK1" });
      expect((await put("note", null)).status).toBe(200);
      expect((await get(batch)).note).toBeUndefined();
      expect((await put("allowExport", "maybe")).status).toBe(400);
      const account = await put("financialAccount", "NOPE");
      expect(account.status).toBe(400);
      expect(account.body.detail).toMatch(/NOPE/);

      const lineId = lineOf(read, "Alpha").id;
      const linePut = (name: string, value: unknown) => pay.call("PUT", `${keyPath(batch)}/paymentBatchLines/${lineId}/${name}`, { json: value });
      expect((await linePut("iBAN", IBAN.NL)).status).toBe(200);
      expect((await linePut("swift", "ABNANL2A")).status).toBe(200);
      expect((await linePut("paymentInstruction", "Invoice 42")).status).toBe(200);
      expect(lineOf(await get(batch), "Alpha")).toMatchObject({ iBAN: IBAN.NL, swift: "ABNANL2A", paymentInstruction: "Invoice 42" });
      const badIban = await linePut("iBAN", "NL00ABNA0417164300");
      expect(badIban.status).toBe(400);
      expect(badIban.body.code).toBe("PaymentBatch.InvalidIban");
      const badBic = await linePut("swift", "NOTABIC");
      expect(badBic.status).toBe(400);
      expect(badBic.body.code).toBe("PaymentBatch.InvalidBic");
      const status = await linePut("status", "Success");
      expect(status.status).toBe(400);
      expect(status.body.detail).toMatch(/Draft/);
      const unknownStatus = await linePut("status", 7);
      expect(unknownStatus.status).toBe(400);
      expect(unknownStatus.body.detail).toMatch(/PaymentBatchLineState/);
      expect((await pay.call("PUT", `${keyPath(batch)}/paymentBatchLines/00000000-0000-4000-8000-000000000000/iBAN`, { json: IBAN.DE })).status).toBe(404);

      // A company change takes the new company's next key; the id stays.
      const target = company("T");
      await create(target, []);
      expect((await put("company", target)).status).toBe(200);
      const moved = (await pay.call<Batch>("GET", `paymentBatches/${batch.id}`)).body;
      expect(moved).toMatchObject({ companyKey: target, paymentBatchKey: 2 });
    });

    it("adds lines (204) and deletes them (204) while Draft; deletes batches by id and by key (204); refusals name the rule and the state", async () => {
      const batch = await create(company("L"), []);
      const added = await pay.call("POST", `${keyPath(batch)}/paymentBatchLines`, { json: line("Gamma", 5.5, IBAN.FR, { dueDate: "2026-12-31" }) });
      expect(added.status, added.text).toBe(204);
      expect(added.text).toBe("");
      const withLine = await get(batch);
      expect(withLine.paymentBatchLines).toHaveLength(1);
      const invalid = await pay.call("POST", `${keyPath(batch)}/paymentBatchLines`, { json: { party: "X", currency: "EUR" } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.detail).toMatch(/transferAmount/);
      const lineId = lineOf(withLine, "Gamma").id;
      expect((await pay.call("DELETE", `${keyPath(batch)}/paymentBatchLines/${lineId}`)).status).toBe(204);
      expect((await pay.call("DELETE", `${keyPath(batch)}/paymentBatchLines/${lineId}`)).status).toBe(404);
      expect((await pay.call("DELETE", `paymentBatches/${batch.id}`)).status).toBe(204);
      expect((await pay.call("GET", `paymentBatches/${batch.id}`)).status).toBe(404);
      expect((await pay.call("DELETE", `paymentBatches/${batch.id}`)).status).toBe(404);

      const byKey = await create(company("M"), [line("Delta", 1, IBAN.DE)]);
      await exportFile(byKey);
      const refused = await pay.call("DELETE", keyPath(byKey));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: "PaymentBatch.NotDeletable", detail: expect.stringMatching(/Submitted.*only a Draft or Discarded/) });
      const addLate = await pay.call("POST", `${keyPath(byKey)}/paymentBatchLines`, { json: line("Late", 1, IBAN.DE) });
      expect(addLate.status).toBe(400);
      expect(addLate.body).toMatchObject({ code: "PaymentBatch.NotDraft", detail: expect.stringMatching(/is Submitted/) });
      const discarded = await pay.call<Batch>("POST", `${keyPath(byKey)}/discard`);
      expect(discarded.status).toBe(200);
      expect(discarded.body.status).toBe(6);
      expect((await pay.call("PUT", `${keyPath(byKey)}/note`, { json: "x" })).status).toBe(400);
      expect((await pay.call("DELETE", keyPath(byKey))).status).toBe(204);
      expect((await pay.call("GET", keyPath(byKey))).status).toBe(404);
    });

    it("custom attribute definitions and values of batches and lines", async () => {
      expect((await pay.call("PUT", "customAttributes/custom_costCenter", { json: { appliesTo: "PaymentBatch", type: "string", required: false } })).status).toBe(200);
      expect((await pay.call("PUT", "customAttributes/custom_priority", { json: { appliesTo: "PaymentBatchLine", type: "number" } })).status).toBe(200);
      expect((await pay.call("GET", "customAttributes/custom_priority")).body).toEqual({ name: "custom_priority", appliesTo: "PaymentBatchLine", type: "number", required: false });
      expect((await pay.call<ReadonlyArray<Json>>("GET", "customAttributes")).body.map((d) => d.name)).toEqual(expect.arrayContaining(["custom_costCenter", "custom_priority"]));
      expect((await pay.call("GET", "customAttributes/custom_nothing")).status).toBe(404);
      const badDefinition = await pay.call("PUT", "customAttributes/notCustom", { json: { appliesTo: "PaymentBatch", type: "string" } });
      expect(badDefinition.status).toBe(400);
      expect(badDefinition.body.detail).toMatch(/custom_/);

      const batch = await create(company("A"), [line("Alpha", 1, IBAN.DE, { custom_priority: 2 })], { custom_costCenter: "CC-7" });
      expect(batch.customAttributes).toEqual({ custom_costCenter: "CC-7" });
      expect(lineOf(batch, "Alpha").customAttributes).toEqual({ custom_priority: 2 });
      expect((await pay.call("PUT", `${keyPath(batch)}/custom_costCenter`, { json: { value: "CC-8" } })).status).toBe(200);
      const lineId = lineOf(batch, "Alpha").id;
      expect((await pay.call("PUT", `${keyPath(batch)}/paymentBatchLines/${lineId}/custom_priority`, { json: { value: 5 } })).status).toBe(200);
      const read = await get(batch);
      expect(read.customAttributes).toEqual({ custom_costCenter: "CC-8" });
      expect(lineOf(read, "Alpha").customAttributes).toEqual({ custom_priority: 5 });
      const wrongType = await pay.call("PUT", `${keyPath(batch)}/paymentBatchLines/${lineId}/custom_priority`, { json: { value: "high" } });
      expect(wrongType.status).toBe(400);
      const undefinedName = await pay.call("PUT", `${keyPath(batch)}/custom_unknown`, { json: { value: 1 } });
      expect(undefinedName.status).toBe(400);
      const bare = await pay.call("PUT", `${keyPath(batch)}/custom_costCenter`, { json: "CC-9" });
      expect(bare.status).toBe(400);
      expect(bare.body.detail).toMatch(/ExtensibilityCustomAttributeValueResource/);
      expect((await pay.call("PUT", `${keyPath(batch)}/custom_costCenter`, { json: { value: null } })).status).toBe(200);
      expect((await get(batch)).customAttributes).toEqual({});
    });

    it("financial accounts: list, get, 409 for a taken key, 400 naming invalid fields, 404 for an unknown key", async () => {
      expect((await pay.call<ReadonlyArray<Json>>("GET", "financialAccounts")).body).toEqual(expect.arrayContaining([expect.objectContaining({ key: "BANK1", iban: IBAN.ACCOUNT })]));
      expect((await pay.call("GET", "financialAccounts/BANK1")).body).toMatchObject({ key: "BANK1", townName: "Köln", country: "DE" });
      expect((await pay.call("GET", "financialAccounts/NOPE")).status).toBe(404);
      expect((await pay.call("POST", "financialAccounts", { json: ACCOUNT })).status).toBe(409);
      const bad = await pay.call("POST", "financialAccounts", { json: { key: "B2", iban: "XX", holderName: "" } });
      expect(bad.status).toBe(400);
      expect((bad.body.errors as ReadonlyArray<{ field: string }>).map((e) => e.field)).toEqual(expect.arrayContaining(["iban", "holderName", "country", "townName"]));
    });
  });

  describe("print", () => {
    it("prints a PDF whose text shows every line and the totals, in two templates; an unknown template is 400; printOriginal is the first print, unchanged by later edits", async () => {
      const batch = await create(company("PR"), [line("Alpha GmbH", 100.1, IBAN.DE, { sourceDoc: "INV-1" }), line("Beta BV", 0.2, IBAN.NL, { sourceDoc: "INV-2" })]);
      const first = await pay.call("GET", `paymentBatches/${batch.id}/print`);
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toBe("application/pdf");
      const text = await pdfTextOf(first.bytes);
      for (const expected of ["Alpha GmbH", "Beta BV", "INV-1", "INV-2", "100.10", "0.20", "100.30"]) expect(text).toContain(expected);
      const detailed = await pdfTextOf((await pay.call("GET", `${keyPath(batch)}/print?template=detailed`)).bytes);
      expect(detailed).toContain(IBAN.DE);
      expect(detailed).toContain(IBAN.NL);
      const unknown = await pay.call("GET", `${keyPath(batch)}/print?template=fancy`);
      expect(unknown.status).toBe(400);
      expect(unknown.body.detail).toMatch(/unknown template "fancy"; known templates: standard, detailed/);
      expect((await pay.call("GET", `paymentBatches/${batch.id}/printOriginal?template=fancy`)).status).toBe(400);

      await pay.call("PUT", `${keyPath(batch)}/paymentBatchLines/${lineOf(batch, "Beta BV").id}/iBAN`, { json: IBAN.FR });
      await pay.call("POST", `${keyPath(batch)}/paymentBatchLines`, { json: line("Gamma SA", 7, IBAN.FR) });
      const later = await pdfTextOf((await pay.call("GET", `${keyPath(batch)}/print?template=detailed`)).bytes);
      expect(later).toContain("Gamma SA");
      expect(later).toContain(IBAN.FR);
      const original = await pay.call("GET", `paymentBatches/${batch.id}/printOriginal`);
      expect(original.status).toBe(200);
      expect(Buffer.from(original.bytes).equals(Buffer.from(first.bytes))).toBe(true);
      const originalByKey = await pay.call("GET", `${keyPath(batch)}/printOriginal?template=detailed`);
      const originalText = await pdfTextOf(originalByKey.bytes);
      expect(originalText).not.toContain("Gamma SA");
      expect(originalText).toContain(IBAN.NL);
      expect((await pay.call("GET", "paymentBatches/00000000-0000-4000-8000-000000000000/print")).status).toBe(404);
    });
  });

  describe("export and payment file", () => {
    it("pain.001.001.09 by default and pain.001.001.03 on request, valid against the XSD, with NbOfTxs and CtrlSum; the batch becomes Submitted; paymentFile gives the last file", async () => {
      const key = company("X");
      const batch = await create(key, [line("Jürgen Weiß & Co", 100.1, IBAN.DE, { paymentInstruction: "Rechnung Nr. 1 – Größe" }), line("Łukasz Żółć", 0.2, IBAN.NL)]);
      const xml = await exportFile(batch);
      expect(await xsdErrors(xml, "pain.001.001.09")).toEqual([]);
      expect(tagText(xml, "NbOfTxs")).toEqual(["2", "2"]);
      expect(tagText(xml, "CtrlSum")).toEqual(["100.30", "100.30"]);
      expect(tagText(xml, "ChrgBr")).toEqual(["SLEV"]);
      expect(tagText(xml, "Nm")).toEqual(expect.arrayContaining(["Jurgen Weiss + Co", "Lukasz Zolc", "Muller + Sohne GmbH"]));
      expect(xml).toContain("<TwnNm>Koln</TwnNm>");
      expect(tagText(xml, "Ustrd")).toEqual(["Rechnung Nr. 1 - Grosse"]);
      const read = await get(batch);
      expect(read.status).toBe(2);
      expect(endToEndIdsOf(xml)).toEqual(read.paymentBatchLines.map((l) => l.exportTransactionId));
      const file = await pay.call("GET", `${keyPath(batch)}/paymentFile`);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toMatch(/application\/xml/);
      expect(file.text).toBe(xml);
      const again = await pay.call("POST", `${keyPath(batch)}/export`);
      expect(again.status).toBe(400);
      expect(again.body.detail).toMatch(/Submitted/);

      const old = await create(key, [line("Alpha", 12, IBAN.FR)]);
      const xml03 = await exportFile(old, "pain.001.001.03");
      expect(await xsdErrors(xml03, "pain.001.001.03")).toEqual([]);
      expect((await pay.call("GET", `${keyPath(old)}/paymentFile`)).headers.get("x-payment-file-version")).toBe("pain.001.001.03");
      const none = await create(key, [line("Alpha", 12, IBAN.FR)]);
      expect((await pay.call("GET", `${keyPath(none)}/paymentFile`)).status).toBe(404);
      const badVersion = await pay.call("POST", `${keyPath(none)}/export?version=pain.001.001.02`);
      expect(badVersion.status).toBe(400);
      expect(badVersion.body.detail).toMatch(/version/);
      expect(tagText(xml03, "MsgId")[0]).not.toBe(tagText(xml, "MsgId")[0]);
    });

    it("refuses, with 400 naming the line and the rule: no allowExport, no account, a currency other than EUR, a BIC missing outside the EEA", async () => {
      const key = company("R");
      const notAllowed = await create(key, [line("Alpha", 1, IBAN.DE)], { allowExport: false });
      const refused = await pay.call("POST", `${keyPath(notAllowed)}/export`);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: "PaymentBatch.ExportNotAllowed", detail: expect.stringMatching(/allowExport/) });
      const noAccount = await create(key, [line("Alpha", 1, IBAN.DE)], { financialAccount: undefined });
      expect((await pay.call("POST", `${keyPath(noAccount)}/export`)).body).toMatchObject({ code: "PaymentBatch.FinancialAccountMissing" });
      const usd = await create(key, [line("Alpha", 1, IBAN.DE, { currency: "USD" })], { currency: "USD" });
      const usdRefused = await pay.call("POST", `${keyPath(usd)}/export`);
      expect(usdRefused.status).toBe(400);
      expect(usdRefused.body.detail).toMatch(/EUR/);
      const swiss = await create(key, [line("Zürich AG", 1, IBAN.CH), line("London Ltd", 2, IBAN.GB, { swift: "NWBKGB2L" })]);
      const swissRefused = await pay.call("POST", `${keyPath(swiss)}/export`);
      expect(swissRefused.status).toBe(400);
      expect(swissRefused.body.detail).toMatch(/line 1 .*Zürich AG.*BIC.*outside the EEA/);
      expect((await get(swiss)).status).toBe(1);
      expect((await pay.call("PUT", `${keyPath(swiss)}/paymentBatchLines/${lineOf(swiss, "Zürich AG").id}/swift`, { json: "UBSWCHZH80A" })).status).toBe(200);
      const swissXml = await exportFile(swiss);
      expect(await xsdErrors(swissXml, "pain.001.001.09")).toEqual([]);
    });
  });

  describe("bank answers and the whole life cycle", () => {
    it("create, lines, print, export, pain.002 answer, correction of an Error line, re-export of only that line, statement, finished, outbound batch picked up and acknowledged", async () => {
      const key = company("LC");
      const batch = await create(key, [line("Alpha GmbH", 100.1, IBAN.DE, { sourceDoc: "INV-A" }), line("Beta BV", 50, IBAN.NL, { sourceDoc: "INV-B" })]);
      expect((await pay.call("POST", `${keyPath(batch)}/paymentBatchLines`, { json: line("Gamma SA", 25.25, IBAN.FR, { sourceDoc: "INV-C" }) })).status).toBe(204);
      expect((await pay.call("GET", `${keyPath(batch)}/print`)).status).toBe(200);
      const xml = await exportFile(batch);
      expect(await xsdErrors(xml, "pain.001.001.09")).toEqual([]);
      const submitted = await get(batch);
      expect(submitted.status).toBe(2);
      const [msgId] = tagText(xml, "MsgId");
      const [pmtInfId] = tagText(xml, "PmtInfId");
      const e2e = (party: string) => lineOf(submitted, party).exportTransactionId ?? "";

      const answer = await report(
        pain002v10(msgId ?? "", pmtInfId ?? "", [
          { endToEndId: e2e("Alpha GmbH"), status: "ACSC" },
          { endToEndId: e2e("Beta BV"), status: "RJCT", reason: "AC04", info: "Account closed" },
          { endToEndId: e2e("Gamma SA"), status: "ACCP" },
          { endToEndId: "UNKNOWN-E2E", status: "ACSC" },
        ]),
      );
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toMatchObject({ message: "pain.002.001.10", matched: 2, unmatched: 1 });
      const afterReport = await get(batch);
      expect(afterReport.status).toBe(3);
      expect(lineOf(afterReport, "Alpha GmbH").status).toBe(3);
      expect(lineOf(afterReport, "Beta BV")).toMatchObject({ status: 2, externalStatusCode: "AC04", reason: "Account closed" });
      expect(lineOf(afterReport, "Gamma SA").status).toBe(1);

      // The Gamma line is settled by a manual status (3 or "Success").
      expect((await pay.call("PUT", `${keyPath(batch)}/paymentBatchLines/${lineOf(afterReport, "Gamma SA").id}/status`, { json: "Success" })).status).toBe(200);
      // Correction of the Error line: a new IBAN reopens it, keeping the original.
      const betaId = lineOf(afterReport, "Beta BV").id;
      expect((await pay.call("PUT", `${keyPath(batch)}/paymentBatchLines/${betaId}/iBAN`, { json: IBAN.PT })).status).toBe(200);
      const corrected = await get(batch);
      expect(lineOf(corrected, "Beta BV")).toMatchObject({ status: 1, iBAN: IBAN.PT, originalIBAN: IBAN.NL });
      const second = await exportFile(batch);
      expect(await xsdErrors(second, "pain.001.001.09")).toEqual([]);
      expect(tagText(second, "NbOfTxs")).toEqual(["1", "1"]);
      expect(tagText(second, "CtrlSum")).toEqual(["50.00", "50.00"]);
      expect(second).toContain(IBAN.PT);
      const resubmitted = await get(batch);
      const betaE2e = lineOf(resubmitted, "Beta BV").exportTransactionId ?? "";
      expect(endToEndIdsOf(second)).toEqual([betaE2e]);
      expect(betaE2e).not.toBe(e2e("Beta BV"));

      const statement = await report(camt053v08(`ST-${key}`, [{ endToEndId: betaE2e, amount: "50.00", reference: `R-${key}-1` }, { endToEndId: "NOT-OURS", amount: "9.99", reference: `R-${key}-2` }]));
      expect(statement.status, statement.text).toBe(200);
      expect(statement.body).toMatchObject({ message: "camt.053.001.08", matched: 1, unmatched: 1 });
      const finished = await get(batch);
      expect(finished.status).toBe(5);
      expect(finished.paymentBatchLines.map((l) => l.status)).toEqual([3, 3, 3]);
      const replay = await report(camt053v08(`ST-${key}`, [{ endToEndId: betaE2e, amount: "50.00", reference: `R-${key}-1` }]));
      expect(replay.body).toMatchObject({ matched: 1, unmatched: 0 });

      const erp = makeErpClient(svc.baseUrl, token);
      const outbound = await erp.call<{ batches: ReadonlyArray<Json & { batchId: string; itemCount: number }> }>("GET", "/erp/v1/outbound-batches?payloadObjectType=PAYMENT_STATUS");
      const mine = [];
      for (const candidate of outbound.body.batches) {
        const payload = await erp.call<ReadonlyArray<Json>>("GET", `/erp/v1/outbound-batches/${candidate.batchId}/payload`);
        if (payload.body.some((item) => item.exportTransactionId === betaE2e)) mine.push({ candidate, payload: payload.body });
      }
      expect(mine).toHaveLength(1);
      expect(mine[0]?.payload).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ sourceDoc: "INV-A", status: "Success" }),
          expect.objectContaining({ sourceDoc: "INV-B", status: "Success", exportTransactionId: betaE2e }),
          expect.objectContaining({ sourceDoc: "INV-C", status: "Success" }),
        ]),
      );
      const ack = await erp.call("POST", `/erp/v1/outbound-batches/${mine[0]?.candidate.batchId}/acknowledge`);
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({ status: "COMPLETE_SUCCESS" });
    });

    it("a group RJCT (block or whole file) rejects every line of the group, with its reason; unreadable bodies are 400 and other media types 415", async () => {
      const batch = await create(company("G"), [line("Alpha", 1, IBAN.DE), line("Beta", 2, IBAN.NL)]);
      const xml = await exportFile(batch);
      const [msgId] = tagText(xml, "MsgId");
      const [pmtInfId] = tagText(xml, "PmtInfId");
      const answer = await report(pain002v10(msgId ?? "", pmtInfId ?? "", [], { status: "RJCT", reason: "FF01" }));
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toMatchObject({ matched: 2, unmatched: 0 });
      const rejected = await get(batch);
      expect(rejected.status).toBe(4);
      expect(rejected.paymentBatchLines.map((l) => [l.status, l.externalStatusCode])).toEqual([
        [2, "FF01"],
        [2, "FF01"],
      ]);
      // A status for the whole file (GrpSts, no payment information block) finds the same lines by the MsgId.
      const other = await create(company("GF"), [line("Gamma", 3, IBAN.FR), line("Delta", 4, IBAN.DE)]);
      const otherXml = await exportFile(other);
      const [otherMsgId] = tagText(otherXml, "MsgId");
      const fileStatus = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt>
  <GrpHdr><MsgId>STS-FILE-1</MsgId><CreDtTm>2026-12-02T09:00:00</CreDtTm></GrpHdr>
  <OrgnlGrpInfAndSts><OrgnlMsgId>${otherMsgId}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>DU01</Cd></Rsn></StsRsnInf></OrgnlGrpInfAndSts>
</CstmrPmtStsRpt></Document>`;
      const fileAnswer = await report(fileStatus);
      expect(fileAnswer.status, fileAnswer.text).toBe(200);
      expect(fileAnswer.body).toMatchObject({ message: "pain.002.001.03", matched: 2, unmatched: 0 });
      expect((await get(other)).paymentBatchLines.map((l) => [l.status, l.externalStatusCode])).toEqual([
        [2, "DU01"],
        [2, "DU01"],
      ]);
      // The same answer again changes nothing and still counts as matched.
      expect((await report(fileStatus)).body).toMatchObject({ matched: 2, unmatched: 0 });
      expect((await report("<not-iso/>")).status).toBe(400);
      expect((await report('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>')).status).toBe(400);
      expect((await pay.call("POST", "paymentStatusReports", { body: "{}", headers: { "content-type": "application/json" } })).status).toBe(415);
    });

    it("lines from PAYMENT_REQUEST records uploaded on /erp/v1: all or none, each request on one live line", async () => {
      const key = company("RQ");
      const erp = makeErpClient(svc.baseUrl, token);
      const requests = [
        { referenceId: `${key}-1`, companyKey: key, party: "Supplier One", amount: "10.50", currency: "EUR", iban: IBAN.DE, sourceDoc: "PR-1" },
        { referenceId: `${key}-2`, companyKey: key, party: "Supplier Two", amount: "20.00", currency: "EUR", iban: IBAN.NL, swift: "ABNANL2A" },
      ];
      const bytes = new TextEncoder().encode(JSON.stringify(requests));
      const uploaded = await erp.uploadWhole({ clientRefId: key, referenceId: key, payloadObjectType: "PAYMENT_REQUEST", totalLineItemCount: 2, totalPayloadSize: bytes.byteLength }, bytes, "application/json");
      expect(uploaded.status).toBe(202);
      const done = await erp.waitForTerminal(uploaded.body.batchId as string);
      expect(done.body.status).toBe("COMPLETE_SUCCESS");

      const batch = await create(key, []);
      const unknown = await pay.call("POST", `${keyPath(batch)}/paymentBatchLines/fromRequests`, { json: { referenceIds: [`${key}-1`, "NOPE"] } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.detail).toMatch(/NOPE/);
      expect((await get(batch)).paymentBatchLines).toHaveLength(0);
      const added = await pay.call("POST", `${keyPath(batch)}/paymentBatchLines/fromRequests`, { json: { referenceIds: [`${key}-1`, `${key}-2`] } });
      expect(added.status, added.text).toBe(204);
      const read = await get(batch);
      expect(read.paymentBatchLines.map((l) => [l.party, (l.transferAmount as { amount: number }).amount])).toEqual([
        ["Supplier One", 10.5],
        ["Supplier Two", 20],
      ]);
      const other = await create(key, []);
      const twice = await pay.call("POST", `${keyPath(other)}/paymentBatchLines/fromRequests`, { json: { referenceIds: [`${key}-2`] } });
      expect(twice.status).toBe(400);
      expect(twice.body.code).toBe("PaymentRequest.AlreadyInBatch");
      expect((await pay.call("POST", `${keyPath(other)}/paymentBatchLines/fromRequests`, { json: { referenceIds: [] } })).status).toBe(400);
    });

    it("reads the real bank samples as the status reports and statements they are", async () => {
      const samples = path.join(import.meta.dirname, "../../../packages/codecs/test/fixtures/iso20022/samples");
      for (const name of ["pain.002.001.03-iso20022js-1.xml", "pain.002.001.10-hbci4java-1.xml", "camt.053.001.02-genkgo-camt-1.xml", "camt.053.001.08-genkgo-camt-1.xml"]) {
        const answer = await report(readFileSync(path.join(samples, name), "utf8"));
        expect(answer.status, `${name}: ${answer.text}`).toBe(200);
        expect(answer.body.message, name).toBe(name.slice(0, 15));
        // No line of this organization has those EndToEndIds: every entry is reported unmatched, none guessed.
        expect(answer.body.matched, name).toBe(0);
        expect(answer.body.unmatched, name).toBeGreaterThan(0);
      }
    });
  });

  it("/openapi.json documents every payment operation", async () => {
    const doc = (await (await fetch(`${svc.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const base = "/api/{tenantKey}/{orgKey}/bankAccounting";
    const expected: ReadonlyArray<[string, string]> = [
      ["get", "/paymentBatches"],
      ["post", "/paymentBatches"],
      ["get", "/paymentBatches/{id}"],
      ["delete", "/paymentBatches/{id}"],
      ["get", "/paymentBatches/{id}/print"],
      ["get", "/paymentBatches/{id}/printOriginal"],
      ["get", "/paymentBatches/{companyKey}/{paymentBatchKey}"],
      ["delete", "/paymentBatches/{companyKey}/{paymentBatchKey}"],
      ["get", "/paymentBatches/{companyKey}/{paymentBatchKey}/print"],
      ["get", "/paymentBatches/{companyKey}/{paymentBatchKey}/printOriginal"],
      ["post", "/paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/allowExport"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/company"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/financialAccount"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/isActive"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/note"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/remarks"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/{customAttributeName}"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId}/iBAN"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId}/swift"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId}/paymentInstruction"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId}/status"],
      ["put", "/paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId}/{customAttributeName}"],
      ["delete", "/paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId}"],
      ["post", "/paymentBatches/{companyKey}/{paymentBatchKey}/export"],
      ["get", "/paymentBatches/{companyKey}/{paymentBatchKey}/paymentFile"],
      ["post", "/paymentBatches/{companyKey}/{paymentBatchKey}/discard"],
      ["post", "/paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/fromRequests"],
      ["get", "/financialAccounts"],
      ["post", "/financialAccounts"],
      ["get", "/financialAccounts/{key}"],
      ["get", "/customAttributes/{name}"],
      ["put", "/customAttributes/{name}"],
      ["post", "/paymentStatusReports"],
    ];
    for (const [method, p] of expected) expect(doc.paths[`${base}${p}`]?.[method], `${method} ${p}`).toBeDefined();
    // Every reference resolves to a shared component (no JSON Schema $defs left inside a body).
    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] ?? "");
    const components = (doc as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas;
    expect(refs.filter((r) => !r.startsWith("#/components/schemas/") || components[r.slice("#/components/schemas/".length)] === undefined)).toEqual([]);
    expect(text).not.toContain("$defs");
  });
});
