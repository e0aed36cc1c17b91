/**
 * A whole billing period through the seed 004 XML API (and a seed 002 JSON upload): customers,
 * invoices with two line-item files, credit and debit memos, balances checked to the cent; then
 * BatchInit carrying every document type forward and zeroing the balances; then a new load. On
 * SQLite + filesystem and PostgreSQL + S3, the books read back through the service's own stores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Effect, Option } from "effect";
import { Decimal, type OrganizationId } from "@batch/core";
import { resolve } from "../src/composition/token";
import { Tokens } from "../src/composition/tokens";
import { BACKENDS, type Backend } from "./support/backends";
import { csvOf, makeReceivablesClient, readCsv, type ReceivablesClient } from "./support/receivables-client";
import { accessToken, startTestService, type TestService } from "./support/service";

const CUSTOMER_HEADER = ["CustomerNo", "EmailAddress1", "CompanyName"];
const INVOICE_HEADER = ["customerNumber", "invoiceNumber", "invoiceAmount", "balanceAmount", "documentType", "currency"];
const LINE_HEADER = ["invoiceNumber", "customerNumber", "lineNumber", "description", "quantity", "unitPrice", "amount"];

describe.each(BACKENDS)("a billing period on $name", (factory) => {
  let backend: Backend;
  let svc: TestService;
  let rp: ReceivablesClient;

  beforeAll(async () => {
    backend = await factory.create();
    svc = await startTestService(backend);
    rp = makeReceivablesClient(svc.baseUrl, await accessToken(svc));
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  const orgId = async () => {
    const store = await resolve(svc.service.container, Tokens.IdentityStore);
    const org = await Effect.runPromise(store.findOrganization("demo", "main"));
    if (Option.isNone(org)) throw new Error("no demo/main organization");
    return org.value.id as OrganizationId;
  };

  const balances = async (customers: ReadonlyArray<string>) => {
    const uow = await resolve(svc.service.container, Tokens.UnitOfWork);
    const org = await orgId();
    return Effect.runPromise(
      uow.run((stores) =>
        Effect.forEach(customers, (no) =>
          Effect.map(stores.customers.get(org, no), (c) => [no, Option.isNone(c) ? "absent" : Decimal.format(c.value.balance, 2)] as const),
        ),
      ),
    ).then((entries) => Object.fromEntries(entries));
  };

  const documentStatuses = async (keys: ReadonlyArray<readonly [string, string]>) => {
    const uow = await resolve(svc.service.container, Tokens.UnitOfWork);
    const org = await orgId();
    return Effect.runPromise(
      uow.run((stores) =>
        Effect.forEach(keys, ([customerNumber, invoiceNumber]) =>
          Effect.map(stores.receivableDocuments.get(org, { customerNumber, invoiceNumber }), (d) => [invoiceNumber, Option.isNone(d) ? "absent" : d.value.status] as const),
        ),
      ),
    ).then((entries) => Object.fromEntries(entries));
  };

  const upload = async (fields: Record<string, string | number>, csv: string) => {
    const created = await rp.createUpload({ inputType: "API", operation: "eBill-Import", inputFilename: "f.csv", ...fields });
    expect(created.status, created.text).toBe(200);
    const put = await fetch(String(created.root.uploadUrl), { method: "PUT", body: csv });
    expect(put.status).toBe(200);
    return Number(created.root.id);
  };

  const finalizeAndWait = async (id: number) => {
    const finalized = await rp.finalize({ id });
    expect(finalized.status, finalized.text).toBe(200);
    const done = await rp.untilTerminal({ id });
    expect(done.status).toBe(200);
    return done;
  };

  it("loads, balances to the cent, carries forward and zeroes out, then loads the next period", async () => {
    // Customers.
    const customers = await upload(
      { jobId: "AUG_CUS", subOperation: "Customer" },
      csvOf(CUSTOMER_HEADER, [
        ["PC1", "pc1@example.com", "First Customer"],
        ["PC2", "pc2@example.com", "Second Customer"],
      ]),
    );
    expect((await finalizeAndWait(customers)).root).toMatchObject({ status: "Success", successCount: "2", failCount: "0" });

    // Invoices, a credit memo and a debit memo, with two line-item files.
    const invoices = await upload(
      { jobId: "AUG_INV", subOperation: "Invoice" },
      csvOf(INVOICE_HEADER, [
        ["PC1", "INV-1", "1000.10", "", "Invoice", "EUR"],
        ["PC1", "CM-1", "200.05", "", "CreditMemo", "EUR"],
        ["PC2", "INV-2", "333.33", "", "", "EUR"],
        ["PC2", "DM-1", "0.67", "", "DebitMemo", "EUR"],
        ["PC2", "INV-3", "150", "100.00", "Invoice", "EUR"],
        ["PC2", "INV-BAD", "1.001", "", "Invoice", "EUR"],
      ]),
    );
    const itm1 = await upload(
      { jobId: "AUG_ITM_1", subOperation: "Invoice Line Item", parentBatchProcess: invoices },
      csvOf(LINE_HEADER, [
        ["INV-1", "PC1", "1", "Consulting", "10", "100.01", "1000.10"],
        ["INV-2", "PC2", "1", "Licence", "1", "333.33", "333.33"],
      ]),
    );
    const itm2 = await upload({ jobId: "AUG_ITM_2", subOperation: "Invoice Line Item", parentBatchProcessJobId: "AUG_INV" }, csvOf(LINE_HEADER, [["INV-3", "PC2", "1", "Support", "3", "50", "150"]]));
    const done = await finalizeAndWait(invoices);
    expect(done.root).toMatchObject({ status: "PartialSuccess", successCount: "5", failCount: "1" });
    const children = (done.root.child as { batchProcess: Array<Record<string, unknown>> }).batchProcess;
    expect(children.map((c) => [Number(c.id), c.status, c.successCount])).toEqual([
      [itm1, "Success", "2"],
      [itm2, "Success", "1"],
    ]);
    const output = readCsv(await (await fetch(String(done.root.downloadUrl))).text());
    expect(output.find((r) => r.invoiceNumber === "INV-BAD")?.errorMessage).toMatch(/invoiceAmount/);

    // 1000.10 - 200.05; 333.33 + 0.67 + 100.00 (INV-3's balanceAmount)
    expect(await balances(["PC1", "PC2"])).toEqual({ PC1: "800.05", PC2: "434.00" });

    // A JSON upload in the same period adds to the same books.
    const json = await rp.jsonUpload("invoices", JSON.stringify([{ customerNumber: "PC1", invoiceNumber: "INV-4", invoiceAmount: 49.95, currency: "EUR" }]));
    expect(json.status).toBe(200);
    expect(await balances(["PC1", "PC2"])).toEqual({ PC1: "850.00", PC2: "434.00" });
    // Importing the same file again moves nothing.
    expect((await rp.jsonUpload("invoices", JSON.stringify([{ customerNumber: "PC1", invoiceNumber: "INV-4", invoiceAmount: 49.95, currency: "EUR" }]))).status).toBe(200);
    expect(await balances(["PC1"])).toEqual({ PC1: "850.00" });

    // New period: carry forward every type and zero out the balances.
    const init = await rp.init({ jobId: "SEPT_INIT", carryForwardInvoices: true, carryForwardCreditMemos: true, carryForwardDebitMemos: true, zeroOutCustomerBalance: true });
    expect(init.status, init.text).toBe(200);
    expect(init.root.status).toBe("Success");
    const steps = init.root.child as Record<string, Record<string, string>>;
    expect(steps.carryForwardInvoice).toMatchObject({ status: "Success", operation: "CarryForward", subOperation: "Invoice", successCount: "4", failCount: "0" });
    expect(steps.carryForwardCreditMemo).toMatchObject({ status: "Success", subOperation: "CreditMemo", successCount: "1" });
    expect(steps.carryForwardDebitMemo).toMatchObject({ status: "Success", subOperation: "DebitMemo", successCount: "1" });
    expect(steps.zeroOutCustomerBalance).toMatchObject({ status: "Success", successCount: "2" });
    expect(await balances(["PC1", "PC2"])).toEqual({ PC1: "0.00", PC2: "0.00" });
    expect(
      await documentStatuses([
        ["PC1", "INV-1"],
        ["PC1", "CM-1"],
        ["PC2", "DM-1"],
        ["PC1", "INV-4"],
      ]),
    ).toEqual({ "INV-1": "CarriedOver", "CM-1": "CarriedOver", "DM-1": "CarriedOver", "INV-4": "CarriedOver" });

    // The next load counts from zero.
    const september = await upload(
      { jobId: "SEPT_INV", subOperation: "Invoice" },
      csvOf(INVOICE_HEADER, [
        ["PC1", "SEP-1", "10.00", "", "Invoice", "EUR"],
        ["PC2", "SEP-CM", "4.50", "", "CreditMemo", "EUR"],
      ]),
    );
    expect((await finalizeAndWait(september)).root).toMatchObject({ status: "Success", successCount: "2" });
    expect(await balances(["PC1", "PC2"])).toEqual({ PC1: "10.00", PC2: "-4.50" });
    expect(await documentStatuses([["PC1", "SEP-1"]])).toEqual({ "SEP-1": "Open" });
    // A second carry-forward finds only the new period's documents.
    const again = await rp.init({ jobId: "OCT_INIT", carryForwardInvoices: true });
    expect((again.root.child as Record<string, Record<string, string>>).carryForwardInvoice?.successCount).toBe("1");
  });
});
