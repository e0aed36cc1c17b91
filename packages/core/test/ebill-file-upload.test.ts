import { describe, expect, it } from "vitest";
import { Effect, Either, Exit, Option } from "effect";
import {
  BlobStoreUnavailable,
  Decimal,
  isTerminalBatchProcess,
  makeCreateFileUploadProcess,
  makeFinalizeBatchProcess,
  makeGetBatchProcess,
  makeProcessBatchProcess,
  makeUploadJsonCustomers,
  type Actor,
  type BlobKey,
  type BlobStore,
  type CreateFileUploadProcessInput,
  type ExistingBatchProcess,
  type OrganizationId,
} from "../src";
import { makeMemoryBatchProcessPorts, putBlobText, readBlobText, type MemoryBatchProcessPorts } from "../../testkit/src/memory/batch-process-ports";

const ORG = "org-ebill" as OrganizationId;
const OTHER_ORG = "org-other" as OrganizationId;
const client: Actor = { id: "11111111-1111-4111-8111-111111111111", name: "ERP client" };
const worker: Actor = { id: "22222222-2222-4222-8222-222222222222", name: "batch worker" };
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
const failure = async <A, E>(effect: Effect.Effect<A, E>) => {
  const exit = await Effect.runPromiseExit(effect);
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error(`expected a failure, got ${JSON.stringify(exit)}`);
  return exit.cause.error as { readonly _tag: string; readonly message: string };
};

/** The use cases over in-memory ports; `blobs` may wrap the memory store (to make it fail). */
const setup = (options: { blobs?: (store: BlobStore) => BlobStore; chunkSize?: number } = {}) => {
  const ports = makeMemoryBatchProcessPorts();
  const blobs = options.blobs?.(ports.blobs) ?? ports.blobs;
  const deps = { ...ports, blobs };
  return {
    ports,
    create: makeCreateFileUploadProcess(deps),
    finalize: makeFinalizeBatchProcess(deps),
    get: makeGetBatchProcess(deps),
    process: makeProcessBatchProcess({ ...deps, ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }) }),
    processWith: (other: BlobStore) => makeProcessBatchProcess({ ...deps, blobs: other }),
    customersJson: makeUploadJsonCustomers({ ...deps, limits: { maxRecords: 100, maxBytes: 100_000 } }),
  };
};
type Setup = ReturnType<typeof setup>;

const request = (overrides: Partial<CreateFileUploadProcessInput> = {}): CreateFileUploadProcessInput => ({
  orgId: ORG,
  actor: client,
  jobId: "AUGUST_2020_CUS",
  inputType: "API",
  operation: "eBill-Import",
  subOperation: "Customer",
  inputFilename: "CUS_AUG_2020_100RECORDS.csv",
  ...overrides,
});

/** What a client does with the upload URL: PUT the CSV there. */
const putThroughUrl = async (ports: MemoryBatchProcessPorts, uploadUrl: string, csv: string) => {
  const key = ports.blobs.verifySignedUrl({ method: "PUT", url: uploadUrl, now: "2026-03-01T09:30:00.000Z" });
  expect(Either.isRight(key)).toBe(true);
  await run(putBlobText(ports.blobs, Either.getOrThrow(key), csv));
};

const stateOf = async (ports: MemoryBatchProcessPorts, id: number): Promise<ExistingBatchProcess> =>
  Option.getOrThrow(await run(ports.uow.run(({ batchProcesses }) => batchProcesses.get(ORG, id)))).state as ExistingBatchProcess;

const outputOf = async (ports: MemoryBatchProcessPorts, id: number) => {
  const state = await stateOf(ports, id);
  if (!isTerminalBatchProcess(state) || state.outputKey === undefined) throw new Error(`process ${id} has no output file`);
  return (await run(readBlobText(ports.blobs, state.outputKey))).split("\r\n");
};

const balanceOf = async (ports: MemoryBatchProcessPorts, customerno: string) =>
  Option.getOrThrow(await run(ports.uow.run(({ customers }) => customers.get(ORG, customerno)))).balance;

const CUSTOMERS_CSV = [
  "CustomerNo,EmailAddress1,CompanyName,FirstName,LastName,PhoneNo,CoCode",
  '231231201,john@payorcrm.example,"Payorcrm, LLC",John,Doe,+11122334455,XY22',
  "231231202,,Acme,Ana,Ng,,XY22",
  "231231203,ar@acme.example,=cmd|' /C calc'!A0,,,,",
].join("\r\n");

describe("Customer file upload (seed 004, 4.9.2)", () => {
  it("creates a Draft with a signed upload URL, refuses to finalize before the file, then queues, processes and reports", async () => {
    const s = setup();
    const created = await run(s.create(request()));
    expect(created).toMatchObject({
      id: 1,
      jobId: "AUGUST_2020_CUS",
      status: "Draft",
      statusNumber: 1,
      operation: "eBill-Import",
      subOperation: "Customer",
      inputType: "API",
      inputFilename: "CUS_AUG_2020_100RECORDS.csv",
      successCount: 0,
      failCount: 0,
      successMessage: "BatchProcess is created",
      errorMessage: "",
    });
    expect(created.uploadUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/blobs\/batch-processes\/org-ebill\/1\/input\.csv\?expires=\d+&signature=/);
    // Valid for an hour from creation (the manual clock starts at 09:00), as the seed's URLs are.
    expect(s.ports.blobs.verifySignedUrl({ method: "PUT", url: created.uploadUrl, now: "2026-03-01T10:00:00.000Z" })).toEqual(Either.left("the URL has expired"));

    const early = await failure(s.finalize({ orgId: ORG, actor: client, id: 1 }));
    expect(early).toMatchObject({ _tag: "BatchProcess.InputFileMissing", id: 1, empty: false });
    expect((await stateOf(s.ports, 1))._tag).toBe("Draft");
    expect(await run(s.ports.queue.depth)).toBe(0);

    await putThroughUrl(s.ports, created.uploadUrl, CUSTOMERS_CSV);
    const queued = await run(s.finalize({ orgId: ORG, actor: client, id: 1, jobId: "AUGUST_2020_CUS" }));
    expect(queued).toMatchObject({ id: 1, status: "Queued", statusNumber: 2, successMessage: "BatchProcess is in Queue", children: [] });
    expect(queued.downloadUrl).toBeUndefined();
    const job = Option.getOrThrow(await run(s.ports.queue.claim({ workerId: "w1", now: "2026-03-01T09:01:00.000Z", leaseMs: 60_000 })));
    expect(job).toMatchObject({ orgId: ORG, kind: "batch-process", subjectId: "1" });

    const before = await run(s.get({ orgId: ORG, jobId: "AUGUST_2020_CUS" }));
    expect(before).toMatchObject({ status: "Queued" });
    expect(before.downloadUrl).toBeUndefined();

    const done = await run(s.process({ orgId: ORG, id: Number(job.subjectId), actor: worker }));
    expect(done).toMatchObject({
      status: "PartialSuccess",
      statusNumber: 4,
      successCount: 2,
      failCount: 1,
      successMessage: "PartialSuccess, 2 records successfully processed, 1 failed",
      errorMessage: "1 of 3 records failed",
    });
    expect(done.downloadUrl).toMatch(/\/blobs\/batch-processes\/org-ebill\/1\/output\.csv\?expires=/);
    expect(await run(s.get({ orgId: ORG, id: 1 }))).toEqual(done);

    expect(await outputOf(s.ports, 1)).toEqual([
      "CustomerNo,EmailAddress1,CompanyName,FirstName,LastName,PhoneNo,CoCode,status,errorMessage",
      '231231201,john@payorcrm.example,"Payorcrm, LLC",John,Doe,+11122334455,XY22,Success,',
      "231231202,,Acme,Ana,Ng,,XY22,Failed,emailaddress1: is required",
      "231231203,ar@acme.example,'=cmd|' /C calc'!A0,,,,,Success,",
      "",
    ]);
    const john = Option.getOrThrow(await run(s.ports.uow.run(({ customers }) => customers.get(ORG, "231231201"))));
    expect(john).toMatchObject({ companyname: "Payorcrm, LLC", phoneno: "+11122334455", balance: Decimal.zero });
  });

  it("an upload of only valid rows ends Success with the seed's message", async () => {
    const s = setup({ chunkSize: 2 });
    const created = await run(s.create(request()));
    const rows = Array.from({ length: 5 }, (_, i) => `C${i},c${i}@example.com`);
    await putThroughUrl(s.ports, created.uploadUrl, ["customerno,emailaddress1", ...rows].join("\n"));
    await run(s.finalize({ orgId: ORG, actor: client, jobId: "AUGUST_2020_CUS" }));
    expect(await run(s.process({ orgId: ORG, id: 1, actor: worker }))).toMatchObject({
      status: "Success",
      statusNumber: 3,
      successCount: 5,
      failCount: 0,
      successMessage: "Success, 5 records successfully processed, 0 failed",
    });
  });

  it("fails a file that cannot be read (keeping the rows read before), and one with no rows, each with an output file", async () => {
    const s = setup();
    const broken = await run(s.create(request()));
    await putThroughUrl(s.ports, broken.uploadUrl, 'customerno,emailaddress1\n"C1,c1@example.com\n');
    await run(s.finalize({ orgId: ORG, actor: client, id: broken.id }));
    expect(await run(s.process({ orgId: ORG, id: broken.id, actor: worker }))).toMatchObject({
      status: "Failed",
      statusNumber: 5,
      successCount: 0,
      failCount: 0,
      errorMessage: "the input file is unreadable at line 2: a quoted field is not closed",
    });
    expect(await outputOf(s.ports, broken.id)).toEqual(["status,errorMessage", ""]);

    const truncated = await run(s.create(request({ jobId: "TRUNCATED" })));
    await putThroughUrl(s.ports, truncated.uploadUrl, 'customerno,emailaddress1\nC1,c1@example.com\nC2,\n"C3,c3@example.com\n');
    await run(s.finalize({ orgId: ORG, actor: client, id: truncated.id }));
    expect(await run(s.process({ orgId: ORG, id: truncated.id, actor: worker }))).toMatchObject({
      status: "Failed",
      successCount: 1,
      failCount: 1,
      errorMessage: "the input file is unreadable at line 4: a quoted field is not closed",
    });
    expect(await outputOf(s.ports, truncated.id)).toEqual([
      "customerno,emailaddress1,status,errorMessage",
      "C1,c1@example.com,Success,",
      "C2,,Failed,emailaddress1: is required",
      "",
    ]);

    const empty = await run(s.create(request({ jobId: "EMPTY" })));
    await putThroughUrl(s.ports, empty.uploadUrl, "customerno,emailaddress1\r\n");
    await run(s.finalize({ orgId: ORG, actor: client, id: empty.id }));
    expect(await run(s.process({ orgId: ORG, id: empty.id, actor: worker }))).toMatchObject({ status: "Failed", errorMessage: "the input holds no records" });
  });

  it("fails a process whose input file disappeared after finalize", async () => {
    const s = setup();
    const created = await run(s.create(request()));
    await putThroughUrl(s.ports, created.uploadUrl, "customerno,emailaddress1\nC1,c1@example.com");
    await run(s.finalize({ orgId: ORG, actor: client, id: created.id }));
    const state = await stateOf(s.ports, created.id);
    if (state.definition.operation !== "eBill-Import" || state.definition.inputType !== "API") throw new Error("not a file import");
    await run(s.ports.blobs.delete(state.definition.inputKey));
    expect(await run(s.process({ orgId: ORG, id: created.id, actor: worker }))).toMatchObject({
      status: "Failed",
      errorMessage: "the input file is no longer in the blob store",
    });
  });
});

describe("Invoice files with Invoice Line Item children (seed 004, 4.9.3)", () => {
  const INVOICES_CSV = [
    "customerNumber,invoiceNumber,invoiceAmount,balanceAmount,documentType,currency,dueDate",
    "C1,INV-1,100.10,,Invoice,EUR,2026-04-30",
    "C1,CM-1,30,,CreditMemo,EUR,",
    "C2,INV-2,20,5,,EUR,",
    "C9,INV-9,1,,Invoice,EUR,",
  ].join("\n");
  const LINES_1 = ["invoiceNumber,customerNumber,lineNumber,description,quantity,unitPrice,amount", "INV-1,C1,1,Widget,2,50.05,100.10", "INV-2,C2,1,Gadget,1,20,20"].join("\n");
  const LINES_2 = [
    "INVOICENUMBER,CUSTOMERNUMBER,LINENUMBER,AMOUNT",
    "INV-OLD,C1,1,5",
    "INV-9,C9,1,1",
    "INV-NOWHERE,C1,1,3",
    "INV-1,C1,2,0.001",
  ].join("\n");

  /** Customers C1, C2 and an invoice INV-OLD imported earlier (JSON), then the Invoice process with two line-item files. */
  const prepare = async (s: Setup) => {
    await run(s.customersJson({ orgId: ORG, actor: client, jobId: "CUS", body: JSON.stringify([{ customerno: "C1", emailaddress1: "c1@x" }, { customerno: "C2", emailaddress1: "c2@x" }]) }));
    await run(
      s.ports.uow.run(({ receivableDocuments }) =>
        receivableDocuments.put(ORG, {
          customerNumber: "C1",
          invoiceNumber: "INV-OLD",
          documentType: "Invoice",
          status: "Open",
          invoiceAmount: dec("5"),
          currency: "EUR",
          appliedToBalance: Decimal.zero,
          createdAt: "2026-02-01T00:00:00.000Z",
          updatedAt: "2026-02-01T00:00:00.000Z",
        }),
      ),
    );
    const invoice = await run(s.create(request({ jobId: "AUG_2020_INV", subOperation: "Invoice", inputFilename: "INV_AUG_2020.csv" })));
    const line1 = await run(s.create(request({ jobId: "AUG_2020_ITM_1", subOperation: "Invoice Line Item", parentBatchProcess: invoice.id, inputFilename: "ITM_1.csv" })));
    const line2 = await run(
      s.create(request({ jobId: "AUG_2020_ITM_2", subOperation: "Invoice Line Item", parentBatchProcess: invoice.id, parentBatchProcessJobId: "AUG_2020_INV" })),
    );
    return { invoice, line1, line2 };
  };

  it("processes the parent's invoices first, then each line-item file, each with its own status and output", async () => {
    const s = setup();
    const { invoice, line1, line2 } = await prepare(s);
    expect(invoice.id).toBe(2);
    expect(line1).toMatchObject({ id: 3, status: "Draft", subOperation: "Invoice Line Item", parentBatchProcess: 2, parentBatchProcessJobId: "AUG_2020_INV" });
    await putThroughUrl(s.ports, invoice.uploadUrl, INVOICES_CSV);
    await putThroughUrl(s.ports, line1.uploadUrl, LINES_1);
    await putThroughUrl(s.ports, line2.uploadUrl, LINES_2);

    const alone = await failure(s.finalize({ orgId: ORG, actor: client, jobId: "AUG_2020_ITM_1" }));
    expect(alone).toMatchObject({ _tag: "BatchProcess.FinalizedAlone", id: 3, parentId: 2 });

    const queued = await run(s.finalize({ orgId: ORG, actor: client, id: invoice.id, jobId: "AUG_2020_INV" }));
    expect(queued.status).toBe("Queued");
    expect(queued.children.map((c) => [c.id, c.status])).toEqual([
      [3, "Queued"],
      [4, "Queued"],
    ]);
    expect(await run(s.ports.queue.depth)).toBe(1);

    const attachLate = await failure(s.create(request({ jobId: "LATE", subOperation: "Invoice Line Item", parentBatchProcessJobId: "AUG_2020_INV" })));
    expect(attachLate).toMatchObject({ _tag: "BatchProcess.ParentInvalid", message: "BatchProcess 2 is Queued: Invoice Line Item files join an Invoice process while it is Draft" });

    const done = await run(s.process({ orgId: ORG, id: invoice.id, actor: worker }));
    expect(done).toMatchObject({ id: 2, status: "PartialSuccess", successCount: 3, failCount: 1, successMessage: "PartialSuccess, 3 records successfully processed, 1 failed" });
    expect(done.children).toMatchObject([
      { id: 3, jobId: "AUG_2020_ITM_1", status: "Success", successCount: 2, failCount: 0, successMessage: "Success, 2 records successfully processed, 0 failed" },
      { id: 4, jobId: "AUG_2020_ITM_2", status: "PartialSuccess", successCount: 1, failCount: 3 },
    ]);
    for (const child of done.children) expect(child.downloadUrl).toMatch(new RegExp(`/batch-processes/org-ebill/${child.id}/output\\.csv\\?`));
    expect(await run(s.get({ orgId: ORG, jobId: "AUG_2020_INV" }))).toEqual(done);

    expect(await balanceOf(s.ports, "C1")).toEqual(dec("70.1"));
    expect(await balanceOf(s.ports, "C2")).toEqual(dec("5"));
    expect((await outputOf(s.ports, 2))[4]).toBe("C9,INV-9,1,,Invoice,EUR,,Failed,customerNumber: no customer C9: import the customer first");
    expect(await outputOf(s.ports, 4)).toEqual([
      "INVOICENUMBER,CUSTOMERNUMBER,LINENUMBER,AMOUNT,status,errorMessage",
      "INV-OLD,C1,1,5,Success,",
      "INV-9,C9,1,1,Failed,invoiceNumber: no invoice INV-9 of customer C9: it is neither in the parent file nor imported before",
      "INV-NOWHERE,C1,1,3,Failed,invoiceNumber: no invoice INV-NOWHERE of customer C1: it is neither in the parent file nor imported before",
      "INV-1,C1,2,0.001,Failed,amount: has 3 fraction digits; EUR has 2",
      "",
    ]);
    const lines = await run(s.ports.uow.run(({ lineItems }) => lineItems.listByDocument(ORG, { customerNumber: "C1", invoiceNumber: "INV-1" })));
    expect(lines).toMatchObject([{ lineNumber: 1, description: "Widget", quantity: dec("2"), unitPrice: dec("50.05"), amount: dec("100.1") }]);
  });

  it("refuses to finalize the parent while a child has no file, changing nothing", async () => {
    const s = setup();
    const { invoice, line1 } = await prepare(s);
    await putThroughUrl(s.ports, invoice.uploadUrl, INVOICES_CSV);
    await putThroughUrl(s.ports, line1.uploadUrl, LINES_1);
    const refused = await failure(s.finalize({ orgId: ORG, actor: client, jobId: "AUG_2020_INV" }));
    expect(refused).toMatchObject({ _tag: "BatchProcess.InputFileMissing", id: 4, jobId: "AUG_2020_ITM_2" });
    for (const id of [2, 3, 4]) expect((await stateOf(s.ports, id))._tag).toBe("Draft");
    expect(await run(s.ports.queue.depth)).toBe(0);
  });

  it("is safe to run again: after a crash mid-way the books end as if it ran once", async () => {
    let failOutputs = true;
    const s = setup({
      blobs: (store) => ({
        ...store,
        // A blob store that goes away while the first line-item file's result is written.
        put: (key: BlobKey, body, options) =>
          failOutputs && key.endsWith("/3/output.csv") ? Effect.fail(new BlobStoreUnavailable({ message: "connection reset" })) : store.put(key, body, options),
      }),
    });
    const { invoice, line1, line2 } = await prepare(s);
    await putThroughUrl(s.ports, invoice.uploadUrl, INVOICES_CSV);
    await putThroughUrl(s.ports, line1.uploadUrl, LINES_1);
    await putThroughUrl(s.ports, line2.uploadUrl, LINES_2);
    await run(s.finalize({ orgId: ORG, actor: client, id: invoice.id }));

    expect(await failure(s.process({ orgId: ORG, id: invoice.id, actor: worker }))).toMatchObject({ _tag: "Blob.Unavailable" });
    expect((await stateOf(s.ports, 2))._tag).toBe("Processing");
    expect((await stateOf(s.ports, 3))._tag).toBe("Processing");
    expect(await balanceOf(s.ports, "C1")).toEqual(dec("70.1"));

    failOutputs = false;
    const done = await run(s.process({ orgId: ORG, id: 3, actor: worker }));
    expect(done).toMatchObject({ id: 2, status: "PartialSuccess", successCount: 3, failCount: 1 });
    expect(done.children.map((c) => c.status)).toEqual(["Success", "PartialSuccess"]);
    expect(await balanceOf(s.ports, "C1")).toEqual(dec("70.1"));
    expect(await balanceOf(s.ports, "C2")).toEqual(dec("5"));

    expect(await run(s.process({ orgId: ORG, id: 2, actor: worker }))).toEqual(done);
    expect(await balanceOf(s.ports, "C1")).toEqual(dec("70.1"));
  });
});

describe("BatchProcess refusals", () => {
  it("refuses a jobId already used, and an unknown id or jobId (also of another organization)", async () => {
    const s = setup();
    await run(s.create(request()));
    expect(await failure(s.create(request()))).toMatchObject({ _tag: "BatchProcess.JobIdTaken", message: 'jobId "AUGUST_2020_CUS" is already used by another BatchProcess' });
    expect(await failure(s.finalize({ orgId: ORG, actor: client, id: 99 }))).toMatchObject({ _tag: "BatchProcess.NotFound", message: "no BatchProcess with id 99" });
    expect(await failure(s.get({ orgId: ORG, jobId: "NOPE" }))).toMatchObject({ _tag: "BatchProcess.NotFound", message: 'no BatchProcess with jobId "NOPE"' });
    expect(await failure(s.get({ orgId: ORG, id: 1, jobId: "OTHER" }))).toMatchObject({ _tag: "BatchProcess.NotFound" });
    expect(await failure(s.get({ orgId: OTHER_ORG, id: 1 }))).toMatchObject({ _tag: "BatchProcess.NotFound" });
    expect(await failure(s.process({ orgId: ORG, id: 1, actor: worker }))).toMatchObject({
      _tag: "BatchProcess.StatusConflict",
      message: "BatchProcess 1 is Draft: processing needs Queued",
    });
  });

  it("generates a jobId when none is given", async () => {
    const s = setup();
    const created = await run(s.create(request({ jobId: undefined })));
    expect(created.jobId).toBe("00000000-0000-4000-8000-000000000001");
  });

  it("refuses a line-item file without a parent, with an unknown parent, or under a process that takes none", async () => {
    const s = setup();
    const customer = await run(s.create(request()));
    expect(await failure(s.create(request({ jobId: "I1", subOperation: "Invoice Line Item" })))).toMatchObject({ _tag: "BatchProcess.ParentMissing" });
    expect(await failure(s.create(request({ jobId: "I2", subOperation: "Invoice Line Item", parentBatchProcess: 42 })))).toMatchObject({
      _tag: "BatchProcess.ParentInvalid",
      message: "no BatchProcess with id 42 to be the parent of this process",
    });
    expect(await failure(s.create(request({ jobId: "I3", subOperation: "Invoice Line Item", parentBatchProcessJobId: customer.jobId })))).toMatchObject({
      _tag: "BatchProcess.ParentInvalid",
      message: "BatchProcess 1 (eBill-Import Customer) cannot take Invoice Line Item files: they belong to an Invoice file upload",
    });
    const invoice = await run(s.create(request({ jobId: "INV", subOperation: "Invoice" })));
    expect(await failure(s.create(request({ jobId: "I4", subOperation: "Invoice Line Item", parentBatchProcess: invoice.id, parentBatchProcessJobId: "AUGUST_2020_CUS" })))).toMatchObject({
      _tag: "BatchProcess.ParentInvalid",
    });
    expect(await failure(s.create(request({ jobId: "I5", subOperation: "Customer", parentBatchProcess: invoice.id })))).toMatchObject({
      _tag: "BatchProcess.ParentInvalid",
      message: "only an Invoice Line Item process has a parent; a Customer process has none",
    });
    expect((await stateOf(s.ports, invoice.id)).children).toEqual([]);
  });
});
