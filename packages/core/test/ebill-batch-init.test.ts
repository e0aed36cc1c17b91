import { describe, expect, it } from "vitest";
import { Effect, Exit, Option } from "effect";
import {
  Decimal,
  makeGetBatchProcess,
  makeRunBatchInit,
  makeUploadJsonCustomers,
  makeUploadJsonInvoices,
  type Actor,
  type DocumentStatus,
  type OrganizationId,
  type RunBatchInitInput,
} from "../src";
import { makeMemoryBatchProcessPorts, type MemoryBatchProcessPorts } from "../../testkit/src/memory/batch-process-ports";

const ORG = "org-ebill" as OrganizationId;
const OTHER_ORG = "org-other" as OrganizationId;
const actor: Actor = { id: "11111111-1111-4111-8111-111111111111", name: "ERP client" };
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);

const CUSTOMERS = [
  { customerno: "C1", emailaddress1: "c1@example.com" },
  { customerno: "C2", emailaddress1: "c2@example.com" },
];
const DOCUMENTS = [
  { customerNumber: "C1", invoiceNumber: "I-1", invoiceAmount: 100 },
  { customerNumber: "C1", invoiceNumber: "I-2", invoiceAmount: 50, status: "Paid" },
  { customerNumber: "C2", invoiceNumber: "I-3", invoiceAmount: 10.5 },
  { customerNumber: "C1", invoiceNumber: "CM-1", invoiceAmount: 30, documentType: "CreditMemo" },
  { customerNumber: "C2", invoiceNumber: "DM-1", invoiceAmount: 7.25, documentType: "DebitMemo" },
  { customerNumber: "C2", invoiceNumber: "DM-2", invoiceAmount: 1, documentType: "DebitMemo" },
];

/** Customers and documents in ORG, and the same in OTHER_ORG (which BatchInit must not touch). */
const setup = async () => {
  const ports = makeMemoryBatchProcessPorts();
  const limits = { maxRecords: 100, maxBytes: 100_000 };
  const customers = makeUploadJsonCustomers({ ...ports, limits });
  const invoices = makeUploadJsonInvoices({ ...ports, limits });
  for (const orgId of [ORG, OTHER_ORG]) {
    await run(customers({ orgId, actor, body: JSON.stringify(CUSTOMERS) }));
    await run(invoices({ orgId, actor, body: JSON.stringify(DOCUMENTS) }));
  }
  return { ports, invoices, init: makeRunBatchInit(ports), get: makeGetBatchProcess(ports) };
};

const statusOf = async (ports: MemoryBatchProcessPorts, invoiceNumber: string, orgId = ORG): Promise<DocumentStatus> => {
  const customerNumber = DOCUMENTS.find((d) => d.invoiceNumber === invoiceNumber)?.customerNumber ?? "";
  return Option.getOrThrow(await run(ports.uow.run(({ receivableDocuments }) => receivableDocuments.get(orgId, { customerNumber, invoiceNumber })))).status;
};
const balanceOf = async (ports: MemoryBatchProcessPorts, customerno: string, orgId = ORG) =>
  Option.getOrThrow(await run(ports.uow.run(({ customers }) => customers.get(orgId, customerno)))).balance;

const all: RunBatchInitInput = {
  orgId: ORG,
  actor,
  jobId: "AUGUST_2020_INIT",
  carryForwardInvoices: true,
  carryForwardCreditMemos: true,
  carryForwardDebitMemos: true,
  zeroOutCustomerBalance: true,
};

describe("BatchInit (seed 004, 4.9.1)", () => {
  it("runs every chosen step as a child process with its own counts", async () => {
    const { ports, init, get } = await setup();
    expect(await balanceOf(ports, "C1")).toEqual(dec("120"));
    const result = await run(init(all));
    expect(result.process).toMatchObject({ jobId: "AUGUST_2020_INIT", status: "Success", operation: "BatchInit", successCount: 0, failCount: 0 });
    expect(result.process.downloadUrl).toBeUndefined();
    const parentId = result.process.id;
    expect(result.steps.carryForwardInvoice).toMatchObject({
      id: parentId + 1,
      status: "Success",
      operation: "CarryForward",
      subOperation: "Invoice",
      successCount: 2,
      failCount: 0,
      successMessage: "Success, 2 records successfully processed, 0 failed",
      parentBatchProcess: parentId,
      parentBatchProcessJobId: "AUGUST_2020_INIT",
    });
    expect(result.steps.carryForwardInvoice?.jobId).toBeUndefined();
    expect(result.steps.carryForwardCreditMemo).toMatchObject({ subOperation: "CreditMemo", successCount: 1 });
    expect(result.steps.carryForwardDebitMemo).toMatchObject({ subOperation: "DebitMemo", successCount: 2 });
    expect(result.steps.zeroOutCustomerBalance).toMatchObject({ operation: "ZeroOutBalance", subOperation: "Customer", successCount: 2 });
    expect(result.process.children.map((c) => c.step)).toEqual(["carryForwardInvoice", "carryForwardCreditMemo", "carryForwardDebitMemo", "zeroOutCustomerBalance"]);

    for (const open of ["I-1", "I-3", "CM-1", "DM-1", "DM-2"]) expect(await statusOf(ports, open)).toBe("CarriedOver");
    expect(await statusOf(ports, "I-2")).toBe("Paid");
    expect(Decimal.isZero(await balanceOf(ports, "C1"))).toBe(true);
    expect(Decimal.isZero(await balanceOf(ports, "C2"))).toBe(true);

    expect(await statusOf(ports, "I-1", OTHER_ORG)).toBe("Open");
    expect(await balanceOf(ports, "C1", OTHER_ORG)).toEqual(dec("120"));

    expect(await run(get({ orgId: ORG, jobId: "AUGUST_2020_INIT" }))).toEqual(result.process);
  });

  it("runs only the chosen steps; the others come back absent and change nothing", async () => {
    const { ports, init } = await setup();
    const result = await run(init({ orgId: ORG, actor, jobId: "ONLY_INVOICES", carryForwardInvoices: true, carryForwardDebitMemos: false }));
    expect(Object.keys(result.steps)).toEqual(["carryForwardInvoice"]);
    expect(result.process.children).toHaveLength(1);
    expect(await statusOf(ports, "I-1")).toBe("CarriedOver");
    expect(await statusOf(ports, "CM-1")).toBe("Open");
    expect(await statusOf(ports, "DM-1")).toBe("Open");
    expect(await balanceOf(ports, "C1")).toEqual(dec("120"));

    const again = await run(init({ orgId: ORG, actor, jobId: "AGAIN", carryForwardInvoices: true }));
    expect(again.steps.carryForwardInvoice).toMatchObject({ status: "Success", successCount: 0 });

    const zeroOnly = await run(init({ orgId: ORG, actor, jobId: "ZERO", zeroOutCustomerBalance: true }));
    expect(Object.keys(zeroOnly.steps)).toEqual(["zeroOutCustomerBalance"]);
    expect(await statusOf(ports, "CM-1")).toBe("Open");
    expect(Decimal.isZero(await balanceOf(ports, "C2"))).toBe(true);
  });

  it("with no step chosen succeeds with no children, and generates a jobId when none is given", async () => {
    const { init } = await setup();
    const result = await run(init({ orgId: ORG, actor }));
    expect(result.process).toMatchObject({ status: "Success", children: [] });
    expect(result.process.jobId).toMatch(/^00000000-0000-4000-8000-/);
    expect(result.steps).toEqual({});
  });

  it("refuses a jobId already used", async () => {
    const { init } = await setup();
    await run(init(all));
    const exit = await Effect.runPromiseExit(init({ ...all, zeroOutCustomerBalance: false }));
    expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error).toMatchObject({ _tag: "BatchProcess.JobIdTaken" });
  });

  it("after a zero-out, documents loaded again count in full toward the new balances", async () => {
    const { ports, init, invoices } = await setup();
    await run(init({ orgId: ORG, actor, jobId: "ZERO", zeroOutCustomerBalance: true }));
    await run(invoices({ orgId: ORG, actor, body: JSON.stringify(DOCUMENTS.slice(0, 1)) }));
    expect(await balanceOf(ports, "C1")).toEqual(dec("100"));
    await run(invoices({ orgId: ORG, actor, body: JSON.stringify(DOCUMENTS.slice(0, 1)) }));
    expect(await balanceOf(ports, "C1")).toEqual(dec("100"));
  });
});
