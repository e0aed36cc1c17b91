/**
 * Seeds 002 and 004 end to end: every row of API.md's /jsonApi/upload and /rest/batchProcess
 * tables with their refusals, against the real service (worker in process) on SQLite +
 * filesystem and on PostgreSQL + S3. Signed URLs are used as a client would: a plain PUT or GET
 * with no other credential (and `curl -T`).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Effect } from "effect";
import { signFsBlobUrl } from "@batch/blob-fs";
import { BLOB_URL_SECRET } from "../src/composition/blob-module";
import { resolve } from "../src/composition/token";
import { Tokens } from "../src/composition/tokens";
import { BACKENDS, type Backend } from "./support/backends";
import { batchProcessXml, csvOf, makeReceivablesClient, readCsv, type ReceivablesClient } from "./support/receivables-client";
import { accessToken, startTestService, type TestService } from "./support/service";

const MAX_RECORDS = 50;
const MAX_BYTES = 16 * 1024;

let sequence = 0;
const ref = (label: string) => `${label}_${process.pid}_${++sequence}`;

const customersJson = (numbers: ReadonlyArray<string>) =>
  numbers.map((n) => ({ companyname: `Company ${n}`, firstname: "John", lastname: "Doe", phoneno: "+11122334455", emailaddress1: `c${n}@example.com`, customerno: n, cocode: "XY22" }));

const CUSTOMER_HEADER = ["customerno", "emailaddress1", "companyname", "firstname", "lastname", "phoneno", "cocode"];
const INVOICE_HEADER = ["customerNumber", "invoiceNumber", "invoiceAmount", "documentType", "currency", "itemText"];
const LINE_HEADER = ["invoiceNumber", "customerNumber", "lineNumber", "description", "quantity", "unitPrice", "amount"];

/** An element of a parsed reply as text ("" when empty). */
const text = (node: unknown, name: string): string => {
  const value = (node as Record<string, unknown>)[name];
  return value === undefined ? "<absent>" : typeof value === "string" ? value : JSON.stringify(value);
};

/** Answers the Content-Length check: a request declaring `declared` bytes and sending none. */
const declaredOnly = (url: string, headers: Record<string, string>, declared: number) =>
  new Promise<{ status: number; body: string }>((resolvePromise, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { ...headers, "content-length": String(declared) } }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    // Headers only: the answer must come without a byte of the body.
    req.flushHeaders();
  });

/** A test of one blob store only: on the other backend it is not defined at all (not reported as skipped). */
const itWhen = (condition: boolean): typeof it => (condition ? it : ((() => undefined) as unknown as typeof it));

describe.each(BACKENDS)("seeds 002 and 004 on $name", (factory) => {
  let backend: Backend;
  let svc: TestService;
  let rp: ReceivablesClient;
  let token: string;
  const isS3 = factory.name.includes("S3");

  beforeAll(async () => {
    backend = await factory.create();
    svc = await startTestService(backend, { BATCH_JSON_UPLOAD_MAX_RECORDS: String(MAX_RECORDS), BATCH_JSON_UPLOAD_MAX_BYTES: String(MAX_BYTES) });
    token = await accessToken(svc);
    rp = makeReceivablesClient(svc.baseUrl, token);
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  const apiKeyHeaders = () => ({ api_key: svc.apiKey, api_secret: svc.apiSecret });

  /** A Draft upload process with its file PUT to the signed URL; answers its id and jobId. */
  const uploaded = async (fields: Record<string, string | number>, csv: string) => {
    const created = await rp.createUpload({ inputType: "API", operation: "eBill-Import", inputFilename: "file.csv", ...fields });
    expect(created.status, created.text).toBe(200);
    const put = await fetch(text(created.root, "uploadUrl"), { method: "PUT", body: csv });
    expect(put.status, await put.text()).toBe(200);
    return { id: Number(text(created.root, "id")), jobId: text(created.root, "jobId") };
  };

  const loadCustomers = async (numbers: ReadonlyArray<string>) => {
    const reply = await rp.jsonUpload("customers", JSON.stringify(customersJson(numbers)), { headers: apiKeyHeaders() });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.failCount).toBe(0);
  };

  describe("POST /jsonApi/upload/customers and /invoices (seed 002)", () => {
    it("200 with the api_key / api_secret headers: each bad record fails alone with its index, field and rule; the others are applied", async () => {
      const jobId = ref("JSON_CUS");
      const records = [
        ...customersJson(["J1"]),
        { customerno: "J2", companyname: "No email" },
        "not an object",
        { customerno: 42, emailaddress1: "c42@example.com" },
      ];
      const reply = await rp.jsonUpload("customers", JSON.stringify(records), { jobId, headers: apiKeyHeaders() });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ batchProcessId: expect.any(Number), jobId, status: "PartialSuccess", successCount: 2, failCount: 2 });
      const errors = reply.body.errors as Array<{ index: number; field: string; message: string }>;
      expect(errors.map((e) => [e.index, e.field])).toEqual([
        [1, "emailaddress1"],
        [2, ""],
      ]);
      expect(errors[0]?.message).toMatch(/required/i);
      expect(errors[1]?.message).toBe("must be a JSON object");
    });

    it("invoices with a bearer token: an unknown customer or a missing invoiceAmount fails alone; the upload is a BatchProcess with its output CSV", async () => {
      await loadCustomers(["J10"]);
      const jobId = ref("JSON_INV");
      const records = [
        { customerNumber: "J10", invoiceNumber: "JI-1", invoiceAmount: 12112 },
        { customerNumber: "NOPE", invoiceNumber: "JI-2", invoiceAmount: 10 },
        { customerNumber: "J10", invoiceNumber: "JI-3" },
        { customerNumber: "J10", invoiceNumber: "=HYPERLINK(1)", invoiceAmount: -30 },
      ];
      const reply = await rp.jsonUpload("invoices", JSON.stringify(records), { jobId });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ jobId, status: "PartialSuccess", successCount: 2, failCount: 2 });
      expect((reply.body.errors as Array<{ index: number; field: string }>).map((e) => [e.index, e.field])).toEqual([
        [1, "customerNumber"],
        [2, "invoiceAmount"],
      ]);

      for (const query of [{ id: reply.body.batchProcessId as number }, { jobId }] as ReadonlyArray<Record<string, string | number>>) {
        const status = await rp.status(query);
        expect(status.status).toBe(200);
        expect(status.contentType).toMatch(/^application\/xml/);
        expect(status.rootName).toBe("batchProcess");
        expect(status.root).toMatchObject({
          id: String(reply.body.batchProcessId),
          jobId,
          status: "PartialSuccess",
          operation: "eBill-Import",
          subOperation: "Invoice",
          successCount: "2",
          failCount: "2",
          successMessage: "PartialSuccess, 2 records successfully processed, 2 failed",
        });
        expect(status.text).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
      }
      const status = await rp.status({ jobId });
      const csv = await fetch(text(status.root, "downloadUrl"));
      expect(csv.status).toBe(200);
      const rows = readCsv(await csv.text());
      expect(rows.map((r) => [r.invoiceNumber, r.status])).toEqual([
        ["JI-1", "Success"],
        ["JI-2", "Failed"],
        ["JI-3", "Failed"],
        ["'=HYPERLINK(1)", "Success"],
      ]);
      expect(rows[1]?.errorMessage).toMatch(/^customerNumber: /);
      // A plain number stays a number, not neutralised.
      expect(rows[3]?.invoiceAmount).toBe("-30");
    });

    it("401 with a wrong api_secret; 403 with a token without the ebill scope", async () => {
      const wrong = await rp.jsonUpload("customers", "[]", { headers: { api_key: svc.apiKey, api_secret: "wrong-secret" } });
      expect(wrong.status).toBe(401);
      expect(wrong.contentType).toMatch(/^application\/problem\+json/);
      const erpOnly = await accessToken(svc, "erp");
      const forbidden = await rp.jsonUpload("customers", "[]", { headers: { authorization: `Bearer ${erpOnly}` } });
      expect(forbidden.status).toBe(403);
    });

    it("400 for a body that is not a JSON array or not JSON; 415 for another media type", async () => {
      const object = await rp.jsonUpload("customers", JSON.stringify({ customerno: "X" }));
      expect(object.status).toBe(400);
      expect(object.body.detail).toBe("the body must be a JSON array of records");
      const broken = await rp.jsonUpload("invoices", "[{");
      expect(broken.status).toBe(400);
      expect(broken.body.detail).toMatch(/not valid JSON/);
      const xml = await fetch(`${svc.baseUrl}/jsonApi/upload/customers`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: "a,b" });
      expect(xml.status).toBe(415);
    });

    it("413 from Content-Length before the body is read, for more bytes while reading, and for more records than the limit", async () => {
      const declared = await declaredOnly(`${svc.baseUrl}/jsonApi/upload/customers`, { authorization: `Bearer ${token}`, "content-type": "application/json" }, MAX_BYTES + 1);
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.body).detail).toMatch(`${MAX_BYTES} bytes`);
      const tooMany = await rp.jsonUpload("customers", JSON.stringify(customersJson(Array.from({ length: MAX_RECORDS + 1 }, (_, i) => `M${i}`)).map((c) => ({ customerno: c.customerno, emailaddress1: c.emailaddress1 }))));
      expect(tooMany.status).toBe(413);
      expect(tooMany.body.code).toBe("BatchProcess.UploadTooLarge");
    });

    it("Idempotency-Key: the same upload again answers the first response; the same key with another body 422", async () => {
      const key = ref("idem");
      const body = JSON.stringify(customersJson(["IK1"]));
      const headers = { ...apiKeyHeaders(), "idempotency-key": key };
      const first = await rp.jsonUpload("customers", body, { headers });
      expect(first.status).toBe(200);
      const again = await rp.jsonUpload("customers", body, { headers });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const other = await rp.jsonUpload("customers", JSON.stringify(customersJson(["IK2"])), { headers });
      expect(other.status).toBe(422);
    });

    it("409 for a jobId already used", async () => {
      const jobId = ref("JSON_DUP");
      expect((await rp.jsonUpload("customers", JSON.stringify(customersJson(["D1"])), { jobId })).status).toBe(200);
      const again = await rp.jsonUpload("customers", JSON.stringify(customersJson(["D2"])), { jobId });
      expect(again.status).toBe(409);
    });
  });

  describe("POST /rest/batchProcess?mode=S3FileUpload, PUT ?mode=BatchFinalize, GET ?id= / ?jobId= (seed 004)", () => {
    it("a customer CSV: Draft with an absolute signed uploadUrl (&amp; in the XML), a plain PUT, Queued, then Success with counts and a signed downloadUrl", async () => {
      const jobId = ref("CUS");
      const created = await rp.createUpload({ jobId, inputType: "API", operation: "eBill-Import", subOperation: "Customer", inputFilename: "CUS_AUG_2020_100RECORDS.csv" });
      expect(created.status, created.text).toBe(200);
      expect(created.contentType).toMatch(/^application\/xml/);
      expect(created.root).toMatchObject({
        jobId,
        status: "Draft",
        operation: "eBill-Import",
        subOperation: "Customer",
        successCount: "0",
        successMessage: "BatchProcess is created",
        errorMessage: "",
        failCount: "0",
      });
      const uploadUrl = text(created.root, "uploadUrl");
      expect(uploadUrl).toMatch(/^https?:\/\//);
      expect(created.text).toContain("&amp;");
      if (isS3) expect(uploadUrl).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
      else expect(uploadUrl).toMatch(new RegExp(`^${svc.baseUrl}/blobs/.+\\?expires=\\d+&signature=[A-Za-z0-9_-]{43}$`));

      const csv = csvOf(CUSTOMER_HEADER, [
        ["S1", "s1@example.com", "Acme & Sons", "Ann", "Lee", "+4930123", "XY22"],
        ["S2", "", "No Email Ltd", "", "", "", ""],
        ["S3", "s3@example.com", "=cmd|' /C calc'!A0", "", "", "-30", ""],
      ]);
      // The URL alone is the credential: no Authorization header.
      const put = await fetch(uploadUrl, { method: "PUT", body: csv });
      expect(put.status).toBe(200);

      const finalized = await rp.finalize({ id: text(created.root, "id"), jobId });
      expect(finalized.status, finalized.text).toBe(200);
      expect(finalized.root).toMatchObject({ id: text(created.root, "id"), jobId, status: "Queued", successMessage: "BatchProcess is in Queue", downloadUrl: "" });

      const done = await rp.untilTerminal({ id: text(created.root, "id") });
      expect(done.root).toMatchObject({
        status: "PartialSuccess",
        successCount: "2",
        failCount: "1",
        successMessage: "PartialSuccess, 2 records successfully processed, 1 failed",
        errorMessage: "1 of 3 records failed",
      });
      const download = await fetch(text(done.root, "downloadUrl"));
      expect(download.status).toBe(200);
      const rows = readCsv(await download.text());
      expect(rows.map((r) => [r.customerno, r.status])).toEqual([
        ["S1", "Success"],
        ["S2", "Failed"],
        ["S3", "Success"],
      ]);
      expect(rows[0]?.companyname).toBe("Acme & Sons");
      expect(rows[1]?.errorMessage).toMatch(/emailaddress1/);
      expect(rows[2]?.companyname).toBe("'=cmd|' /C calc'!A0");
      expect(rows[2]?.phoneno).toBe("-30");
      const byJobId = await rp.status({ jobId });
      expect(byJobId.root.id).toBe(done.root.id);
    });

    it("the upload works with a plain curl -T", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "bp-curl-"));
      try {
        const file = path.join(dir, "CUS.csv");
        writeFileSync(file, csvOf(CUSTOMER_HEADER, [["CURL1", "curl@example.com", "Curl Co", "", "", "", ""]]));
        const created = await rp.createUpload({ jobId: ref("CURL"), inputType: "API", operation: "eBill-Import", subOperation: "Customer", inputFilename: "CUS.csv" });
        // Asynchronous: the service answering curl runs in this process.
        const curl = await new Promise<{ stdout: string; stderr: string }>((resolvePromise, reject) =>
          execFile("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-T", file, text(created.root, "uploadUrl")], { encoding: "utf8" }, (error, stdout, stderr) =>
            error === null ? resolvePromise({ stdout, stderr }) : reject(error),
          ),
        );
        expect(curl.stderr).toBe("");
        expect(curl.stdout).toBe("200");
        expect((await rp.finalize({ id: text(created.root, "id") })).status).toBe(200);
        expect((await rp.untilTerminal({ id: text(created.root, "id") })).root).toMatchObject({ status: "Success", successCount: "1", failCount: "0" });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("an Invoice file with two Invoice Line Item children (by parentBatchProcess and by parentBatchProcessJobId): finalized together, a <child> per child, the parent terminal with them", async () => {
      await loadCustomers(["P1", "P2"]);
      const invoiceJob = ref("INV");
      const invoice = await uploaded(
        { jobId: invoiceJob, subOperation: "Invoice" },
        csvOf(INVOICE_HEADER, [
          ["P1", "PI-1", "100.50", "Invoice", "EUR", "first"],
          ["P2", "PI-2", "20", "Invoice", "EUR", "second"],
        ]),
      );
      const itm1 = await uploaded(
        { jobId: ref("ITM"), subOperation: "Invoice Line Item", parentBatchProcess: invoice.id },
        csvOf(LINE_HEADER, [
          ["PI-1", "P1", "1", "Widget", "2", "50.25", "100.50"],
          ["PI-404", "P1", "1", "Orphan", "1", "1", "1"],
        ]),
      );
      const itm2 = await uploaded({ jobId: ref("ITM"), subOperation: "Invoice Line Item", parentBatchProcessJobId: invoiceJob }, csvOf(LINE_HEADER, [["PI-2", "P2", "1", "Gadget", "1", "20", "20"]]));

      const childAlone = await rp.finalize({ id: itm1.id });
      expect(childAlone.status).toBe(400);
      expect(childAlone.contentType).toMatch(/^application\/problem\+xml/);
      expect(childAlone.rootName).toBe("problem");

      const finalized = await rp.finalize({ jobId: invoiceJob });
      expect(finalized.status, finalized.text).toBe(200);
      expect(finalized.root.status).toBe("Queued");

      const done = await rp.untilTerminal({ id: invoice.id });
      expect(done.root).toMatchObject({ status: "Success", subOperation: "Invoice", successCount: "2", failCount: "0" });
      const children = (done.root.child as { batchProcess: Array<Record<string, unknown>> }).batchProcess;
      expect(children.map((c) => [Number(c.id), c.subOperation, c.status, c.successCount, c.failCount])).toEqual([
        [itm1.id, "Invoice Line Item", "PartialSuccess", "1", "1"],
        [itm2.id, "Invoice Line Item", "Success", "1", "0"],
      ]);
      for (const child of children) {
        expect(child.parentBatchProcess).toBe(String(invoice.id));
        const out = await fetch(String(child.downloadUrl));
        expect(out.status).toBe(200);
        expect(readCsv(await out.text()).every((r) => r.status === "Success" || r.errorMessage !== "")).toBe(true);
      }
    });

    it("refusals: finalize without a file 400, unknown mode 400, unknown id / jobId 404, jobId already used 409, a line item without a parent 400", async () => {
      const jobId = ref("NOFILE");
      const created = await rp.createUpload({ jobId, inputType: "API", operation: "eBill-Import", subOperation: "Customer", inputFilename: "x.csv" });
      const noFile = await rp.finalize({ jobId });
      expect(noFile.status).toBe(400);
      expect(noFile.contentType).toMatch(/^application\/problem\+xml/);
      expect(noFile.root).toMatchObject({ status: "400", code: "BatchProcess.InputFileMissing" });
      expect((await rp.status({ jobId })).root.status).toBe("Draft");

      const unknownMode = await rp.send("POST", "?mode=Explode", batchProcessXml({ jobId: ref("X") }));
      expect(unknownMode.status).toBe(400);
      expect(unknownMode.contentType).toMatch(/^application\/problem\+xml/);
      expect(String(unknownMode.root.detail)).toMatch(/mode/);
      expect((await rp.send("PUT", "?mode=BatchInit", batchProcessXml({ id: 1 }))).status).toBe(400);

      const unknownId = await rp.status({ id: 999_999 });
      expect(unknownId.status).toBe(404);
      expect(unknownId.contentType).toMatch(/^application\/problem\+xml/);
      expect((await rp.status({ jobId: "no-such-job" })).status).toBe(404);
      expect((await rp.finalize({ id: 999_999 })).status).toBe(404);
      expect((await rp.status({ id: "abc" })).status).toBe(400);
      expect((await rp.status({})).status).toBe(400);

      const duplicate = await rp.createUpload({ jobId, inputType: "API", operation: "eBill-Import", subOperation: "Customer", inputFilename: "y.csv" });
      expect(duplicate.status).toBe(409);
      expect(duplicate.contentType).toMatch(/^application\/problem\+xml/);

      const orphan = await rp.createUpload({ jobId: ref("ORPHAN"), inputType: "API", operation: "eBill-Import", subOperation: "Invoice Line Item", inputFilename: "i.csv" });
      expect(orphan.status).toBe(400);
      const badParent = await rp.createUpload({ jobId: ref("BADPARENT"), operation: "eBill-Import", subOperation: "Invoice Line Item", parentBatchProcess: text(created.root, "id") });
      expect(badParent.status).toBe(400);
      const badSub = await rp.createUpload({ jobId: ref("BADSUB"), operation: "eBill-Import", subOperation: "Vendor" });
      expect(badSub.status).toBe(400);
      expect(String(badSub.root.detail)).toMatch(/subOperation/);
    });

    it("XML: a <!DOCTYPE> or an entity is refused with 400 before parsing, malformed XML 400, another media type 415, 401 without a token, all as problem+xml", async () => {
      const xxe = `<?xml version="1.0"?><!DOCTYPE batchProcess [<!ENTITY x SYSTEM "file:///etc/passwd">]><batchProcess><jobId>&x;</jobId><operation>eBill-Import</operation><subOperation>Customer</subOperation></batchProcess>`;
      const refused = await rp.send("POST", "?mode=S3FileUpload", xxe);
      expect(refused.status).toBe(400);
      expect(refused.root).toMatchObject({ code: "Request.XmlDeclarationRefused" });
      const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><batchProcess><jobId>&lol2;</jobId></batchProcess>`;
      expect((await rp.send("POST", "?mode=BatchInit", laughs)).status).toBe(400);
      const malformed = await rp.send("POST", "?mode=BatchInit", "<batchProcess><jobId>x</batchProcess>");
      expect(malformed.status).toBe(400);
      expect(malformed.root.code).toBe("Request.XmlMalformed");
      const json = await rp.send("POST", "?mode=BatchInit", "{}", { "content-type": "application/json" });
      expect(json.status).toBe(415);
      const anonymous = await fetch(`${svc.baseUrl}/rest/batchProcess?id=1`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("content-type")).toMatch(/^application\/problem\+xml/);
    });

    it("BatchInit: every step node present, empty when the step was not chosen; chosen steps carry forward and zero out", async () => {
      const jobId = ref("INIT");
      const reply = await rp.init({ jobId, carryForwardInvoices: true, carryForwardDebitMemos: false, zeroOutCustomerBalance: true });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.root).toMatchObject({ jobId, status: "Success" });
      const child = reply.root.child as Record<string, Record<string, string>>;
      expect(Object.keys(child)).toEqual(["carryForwardInvoice", "carryForwardCreditMemo", "carryForwardDebitMemo", "zeroOutCustomerBalance"]);
      expect(child.carryForwardInvoice).toMatchObject({ jobId: "", status: "Success", operation: "CarryForward", subOperation: "Invoice", failCount: "0" });
      expect(child.zeroOutCustomerBalance).toMatchObject({ status: "Success", failCount: "0" });
      for (const empty of ["carryForwardCreditMemo", "carryForwardDebitMemo"]) {
        expect(child[empty]).toEqual({ id: "", jobId: "", status: "", operation: "", subOperation: "", successCount: "", successMessage: "", errorMessage: "", failCount: "" });
      }
      const again = await rp.init({ jobId });
      expect(again.status).toBe(409);
      const status = await rp.status({ jobId });
      expect(Object.keys(status.root.child as object)).toHaveLength(4);
    });

    itWhen(!isS3)("filesystem store: an altered or expired signed URL is refused with 403; a download URL cannot upload", async () => {
      const created = await rp.createUpload({ jobId: ref("SIGNED"), inputType: "API", operation: "eBill-Import", subOperation: "Customer", inputFilename: "s.csv" });
      const uploadUrl = new URL(text(created.root, "uploadUrl"));
      const body = csvOf(CUSTOMER_HEADER, [["Z1", "z@example.com", "", "", "", "", ""]]);
      const tamper = (mutate: (url: URL) => void) => {
        const copy = new URL(uploadUrl);
        mutate(copy);
        return copy.toString();
      };
      const altered = [
        tamper((u) => u.searchParams.set("expires", String(Number(u.searchParams.get("expires")) + 60))),
        tamper((u) => (u.pathname = u.pathname.replace("input.csv", "output.csv"))),
        tamper((u) => u.searchParams.set("signature", `${"A".repeat(42)}B`)),
        tamper((u) => u.searchParams.delete("signature")),
      ];
      for (const url of altered) {
        const reply = await fetch(url, { method: "PUT", body });
        expect(reply.status, url).toBe(403);
        expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+xml/);
      }
      // The upload URL does not download.
      expect((await fetch(uploadUrl, { method: "GET" })).status).toBe(403);

      const identity = await resolve(svc.service.container, Tokens.IdentityStore);
      const secret = await Effect.runPromise(identity.ensureSecret(BLOB_URL_SECRET, "unused-candidate-0123456789abcdef0123456789"));
      const key = uploadUrl.pathname.replace(/^\/blobs\//, "");
      const expired = signFsBlobUrl({ publicBaseUrl: svc.baseUrl, secret, method: "PUT", key: key as never, expires: Math.floor(Date.now() / 1000) - 1 });
      const expiredReply = await fetch(expired, { method: "PUT", body });
      expect(expiredReply.status).toBe(403);
      expect(await expiredReply.text()).toMatch(/expired/);
      // Nothing was stored by the refused requests.
      expect((await rp.finalize({ id: text(created.root, "id") })).status).toBe(400);
      // The genuine URL still works.
      expect((await fetch(uploadUrl, { method: "PUT", body })).status).toBe(200);
    });

    itWhen(!isS3)("filesystem store: a signed PUT larger than BATCH_MAX_PAYLOAD_SIZE is refused with 413 before it is read", async () => {
      const created = await rp.createUpload({ jobId: ref("BIG"), inputType: "API", operation: "eBill-Import", subOperation: "Customer", inputFilename: "big.csv" });
      const config = await resolve(svc.service.container, Tokens.Config);
      const url = text(created.root, "uploadUrl");
      const reply = await new Promise<number>((resolvePromise, reject) => {
        const req = httpRequest(url, { method: "PUT", headers: { "content-length": String(config.maxPayloadSize + 1) } }, (res) => {
          res.resume();
          resolvePromise(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.flushHeaders();
      });
      expect(reply).toBe(413);
    });

    itWhen(isS3)("S3: the uploadUrl and downloadUrl are presigned URLs of the bucket itself, used with no other credential", async () => {
      const created = await rp.createUpload({ jobId: ref("S3"), inputType: "API", operation: "eBill-Import", subOperation: "Customer", inputFilename: "s3.csv" });
      const uploadUrl = new URL(text(created.root, "uploadUrl"));
      expect(uploadUrl.origin).not.toBe(new URL(svc.baseUrl).origin);
      expect(uploadUrl.searchParams.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
      expect(Number(uploadUrl.searchParams.get("X-Amz-Expires"))).toBeGreaterThan(0);
      const put = await fetch(uploadUrl, { method: "PUT", body: csvOf(CUSTOMER_HEADER, [["S3C", "s3c@example.com", "", "", "", "", ""]]) });
      expect(put.status).toBe(200);
      expect((await rp.finalize({ id: text(created.root, "id") })).status).toBe(200);
      const done = await rp.untilTerminal({ id: text(created.root, "id") });
      const downloadUrl = new URL(text(done.root, "downloadUrl"));
      expect(downloadUrl.origin).toBe(uploadUrl.origin);
      expect(downloadUrl.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
      const rows = readCsv(await (await fetch(downloadUrl)).text());
      expect(rows).toEqual([expect.objectContaining({ customerno: "S3C", status: "Success", errorMessage: "" })]);
    });

    it("/openapi.json documents both surfaces, the XML ones with problem+xml refusals", async () => {
      const doc = (await (await fetch(`${svc.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/jsonApi/upload/invoices", "/jsonApi/upload/customers", "/rest/batchProcess"]));
      expect(Object.keys(doc.paths["/rest/batchProcess"] ?? {}).sort()).toEqual(["get", "post", "put"]);
      expect(Object.keys(doc.paths["/rest/batchProcess"]?.put?.responses["400"]?.content ?? {})).toEqual(["application/problem+xml"]);
    });
  });
});
