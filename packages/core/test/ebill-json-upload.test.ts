import { describe, expect, it } from "vitest";
import { Effect, Exit, Option } from "effect";
import {
  Decimal,
  makeGetBatchProcess,
  makeUploadJsonCustomers,
  makeUploadJsonInvoices,
  type Actor,
  isTerminalBatchProcess,
  type OrganizationId,
} from "../src";
import { makeMemoryBatchProcessPorts, readBlobText, type MemoryBatchProcessPorts } from "../../testkit/src/memory/batch-process-ports";

const ORG = "org-ebill" as OrganizationId;
const OTHER_ORG = "org-other" as OrganizationId;
const actor: Actor = { id: "11111111-1111-4111-8111-111111111111", name: "ERP client" };
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

const setup = (limits = { maxRecords: 10, maxBytes: 10_000 }) => {
  const ports = makeMemoryBatchProcessPorts();
  const deps = { ...ports, limits };
  return {
    ports,
    customers: makeUploadJsonCustomers(deps),
    invoices: makeUploadJsonInvoices(deps),
    get: makeGetBatchProcess(ports),
  };
};

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
const failure = async <A, E>(effect: Effect.Effect<A, E>) => {
  const exit = await Effect.runPromiseExit(effect);
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error(`expected a failure, got ${JSON.stringify(exit)}`);
  return exit.cause.error;
};

const balanceOf = async (ports: MemoryBatchProcessPorts, customerno: string, orgId = ORG) =>
  Option.getOrThrow(await run(ports.uow.run(({ customers }) => customers.get(orgId, customerno)))).balance;

const outputOf = async (ports: MemoryBatchProcessPorts, id: number) => {
  const { state } = Option.getOrThrow(await run(ports.uow.run(({ batchProcesses }) => batchProcesses.get(ORG, id))));
  if (!isTerminalBatchProcess(state) || state.outputKey === undefined) throw new Error(`process ${id} has no output file`);
  return run(readBlobText(ports.blobs, state.outputKey));
};

const seedCustomers = [
  { companyname: "Payorcrm LLC", firstname: "John", lastname: "Doe", phoneno: "+11122334455", emailaddress1: "john@payorcrm.example", customerno: "231231201", cocode: "XY22" },
  { emailaddress1: "ar@acme.example", customerno: "23123123" },
];

describe("JSON upload of customers (seed 002)", () => {
  it("applies every record and records an eBill-Import JSON process that ends Success", async () => {
    const { ports, customers, get } = setup();
    const result = await run(customers({ orgId: ORG, actor, body: JSON.stringify(seedCustomers) }));
    expect(result).toEqual({
      batchProcessId: 1,
      jobId: "00000000-0000-4000-8000-000000000001",
      status: "Success",
      statusNumber: 3,
      successCount: 2,
      failCount: 0,
      errors: [],
    });
    const stored = Option.getOrThrow(await run(ports.uow.run(({ customers: store }) => store.get(ORG, "231231201"))));
    expect(stored).toMatchObject({ companyname: "Payorcrm LLC", cocode: "XY22", balance: Decimal.zero });
    const detail = await run(get({ orgId: ORG, jobId: result.jobId }));
    expect(detail).toMatchObject({
      id: 1,
      status: "Success",
      operation: "eBill-Import",
      subOperation: "Customer",
      inputType: "JSON",
      successMessage: "Success, 2 records successfully processed, 0 failed",
      children: [],
    });
    expect(detail.downloadUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/blobs\/batch-processes\/org-ebill\/1\/output\.csv\?expires=\d+&signature=/);
  });

  it("fails a record alone, naming its index and field, and applies the others", async () => {
    const { ports, customers } = setup();
    const body = JSON.stringify([{ customerno: "A1" }, seedCustomers[0], "not a record", { customerno: "A2", emailaddress1: "a2@x", phoneno: { n: 1 } }]);
    const result = await run(customers({ orgId: ORG, actor, jobId: "CUS_JSON_1", body }));
    expect(result).toMatchObject({ jobId: "CUS_JSON_1", status: "PartialSuccess", statusNumber: 4, successCount: 1, failCount: 3 });
    expect(result.errors).toEqual([
      { index: 0, field: "emailaddress1", message: "is required" },
      { index: 2, field: "", message: "must be a JSON object" },
      { index: 3, field: "phoneno", message: "must be text, got an object" },
    ]);
    const output = await outputOf(ports, result.batchProcessId);
    expect(output.split("\r\n")[0]).toBe("customerno,companyname,firstname,lastname,phoneno,emailaddress1,cocode,status,errorMessage");
    expect(output.split("\r\n")[1]).toBe("A1,,,,,,,Failed,emailaddress1: is required");
    expect(output.split("\r\n")[2]).toBe("231231201,Payorcrm LLC,John,Doe,+11122334455,john@payorcrm.example,XY22,Success,");
  });
});

describe("JSON upload of invoices (seed 002)", () => {
  it("adds invoices and debit memos to the customer's balance and subtracts credit memos, exactly", async () => {
    const { ports, customers, invoices } = setup();
    await run(customers({ orgId: ORG, actor, body: JSON.stringify(seedCustomers) }));
    const body = JSON.stringify([
      { customerNumber: "23123123", invoiceNumber: "21321", invoiceAmount: 12112 },
      { customerNumber: "23123123", invoiceNumber: "21322", invoiceAmount: 0.1, currency: "EUR" },
      { customerNumber: "23123123", invoiceNumber: "21323", invoiceAmount: 0.2, balanceAmount: "0.2", documentType: "DebitMemo", currency: "EUR" },
      { customerNumber: "23123123", invoiceNumber: "CM-1", invoiceAmount: 100, balanceAmount: "30.30", documentType: "CreditMemo" },
    ]);
    const result = await run(invoices({ orgId: ORG, actor, jobId: "INV_JSON_1", body }));
    expect(result).toMatchObject({ status: "Success", successCount: 4, failCount: 0, errors: [] });
    expect(await balanceOf(ports, "23123123")).toEqual(dec("12082"));
    expect(Decimal.format(await balanceOf(ports, "23123123"), 2)).toBe("12082.00");
    const document = Option.getOrThrow(await run(ports.uow.run(({ receivableDocuments }) => receivableDocuments.get(ORG, { customerNumber: "23123123", invoiceNumber: "21323" }))));
    expect(document).toMatchObject({ documentType: "DebitMemo", status: "Open", balanceAmount: dec("0.2"), appliedToBalance: dec("0.2") });
  });

  it("does not double-count a document uploaded again, and moves the balance by a changed amount only", async () => {
    const { ports, customers, invoices } = setup();
    await run(customers({ orgId: ORG, actor, body: JSON.stringify(seedCustomers) }));
    const body = JSON.stringify([
      { customerNumber: "231231201", invoiceNumber: "A", invoiceAmount: 100.1 },
      { customerNumber: "231231201", invoiceNumber: "B", invoiceAmount: 50, documentType: "CreditMemo" },
    ]);
    await run(invoices({ orgId: ORG, actor, body }));
    await run(invoices({ orgId: ORG, actor, body }));
    expect(await balanceOf(ports, "231231201")).toEqual(dec("50.1"));
    await run(invoices({ orgId: ORG, actor, body: JSON.stringify([{ customerNumber: "231231201", invoiceNumber: "A", invoiceAmount: 100.1, balanceAmount: "20" }]) }));
    expect(await balanceOf(ports, "231231201")).toEqual(dec("-30"));
  });

  it("fails rows for an unknown customer, a missing or mistyped amount, or too many fraction digits", async () => {
    const { ports, customers, invoices } = setup();
    await run(customers({ orgId: ORG, actor, body: JSON.stringify(seedCustomers) }));
    const body = JSON.stringify([
      { customerNumber: "nobody", invoiceNumber: "X1", invoiceAmount: 10 },
      { customerNumber: "23123123", invoiceNumber: "X2" },
      { customerNumber: "23123123", invoiceNumber: "X3", invoiceAmount: true },
      { customerNumber: "23123123", invoiceNumber: "X4", invoiceAmount: 10.005, currency: "EUR" },
      { customerNumber: "23123123", invoiceNumber: "X5", invoiceAmount: 7 },
    ]);
    const result = await run(invoices({ orgId: ORG, actor, body }));
    expect(result).toMatchObject({ status: "PartialSuccess", successCount: 1, failCount: 4 });
    expect(result.errors).toEqual([
      { index: 0, field: "customerNumber", message: "no customer nobody: import the customer first" },
      { index: 1, field: "invoiceAmount", message: "is required" },
      { index: 2, field: "invoiceAmount", message: "must be a decimal number, got true" },
      { index: 3, field: "invoiceAmount", message: "has 3 fraction digits; EUR has 2" },
    ]);
    expect(await balanceOf(ports, "23123123")).toEqual(dec("7"));
  });

  it("an empty array is a Failed process with nothing applied", async () => {
    const { invoices } = setup();
    expect(await run(invoices({ orgId: ORG, actor, body: "[]" }))).toMatchObject({ status: "Failed", statusNumber: 5, successCount: 0, failCount: 0, errors: [] });
  });
});

describe("JSON upload refusals", () => {
  it("refuses a body that is not JSON or not an array", async () => {
    const { invoices } = setup();
    expect(await failure(invoices({ orgId: ORG, actor, body: "[{" }))).toMatchObject({ _tag: "Payload.Malformed" });
    expect(await failure(invoices({ orgId: ORG, actor, body: '{"invoiceNumber": "1"}' }))).toMatchObject({
      _tag: "Payload.Malformed",
      message: "the body must be a JSON array of records",
    });
  });

  it("refuses more records or bytes than the limits, counting bytes in UTF-8, and keeps nothing", async () => {
    const { ports, customers } = setup({ maxRecords: 2, maxBytes: 40 });
    const three = JSON.stringify([{}, {}, {}]);
    expect(await failure(customers({ orgId: ORG, actor, body: three }))).toMatchObject({ _tag: "BatchProcess.UploadTooLarge", limit: "records", max: 2, actual: 3 });
    const wide = JSON.stringify([{ customerno: "€€€€€€€€€€" }]);
    expect(wide.length).toBeLessThanOrEqual(40);
    const tooWide = await failure(customers({ orgId: ORG, actor, body: wide }));
    expect(tooWide).toMatchObject({ _tag: "BatchProcess.UploadTooLarge", limit: "bytes", max: 40, actual: wide.length + 20 });
    expect((tooWide as Error).message).toBe(`the upload holds ${wide.length + 20} bytes; at most 40 are accepted`);
    expect(Option.isNone(await run(ports.uow.run(({ batchProcesses }) => batchProcesses.get(ORG, 1))))).toBe(true);
  });

  it("refuses a jobId already used in the organization (by any process), and applies nothing", async () => {
    const { ports, customers } = setup();
    await run(customers({ orgId: ORG, actor, jobId: "DUP", body: JSON.stringify(seedCustomers.slice(0, 1)) }));
    const again = await failure(customers({ orgId: ORG, actor, jobId: "DUP", body: JSON.stringify(seedCustomers.slice(1)) }));
    expect(again).toMatchObject({ _tag: "BatchProcess.JobIdTaken", jobId: "DUP" });
    expect(Option.isNone(await run(ports.uow.run(({ customers: store }) => store.get(ORG, "23123123"))))).toBe(true);
    expect(await run(customers({ orgId: OTHER_ORG, actor, jobId: "DUP", body: "[]" }))).toMatchObject({ jobId: "DUP", batchProcessId: 1 });
  });
});
