import { describe, expect, it } from "vitest";
import { Either } from "effect";
import {
  batchProcessDecider,
  batchProcessInputKey,
  batchProcessOutputKey,
  batchProcessStatusNumberOf,
  batchProcessViewOf,
  transition,
  type BatchProcessCommand,
  type BatchProcessState,
  type BlobKey,
  type ExistingBatchProcess,
  type OrganizationId,
} from "../src";

const ORG = "org-1" as OrganizationId;
const actor = { id: "11111111-1111-4111-8111-111111111111", name: "ERP client" };
const at = "2026-03-01T10:00:00.000Z";
const s = { at, actor };
const inputKey = (id: number): BlobKey => Either.getOrThrow(batchProcessInputKey(ORG, id));
const outputKey = (id: number): BlobKey => Either.getOrThrow(batchProcessOutputKey(ORG, id));

/** Applies commands that must all be accepted. */
const run = (...commands: ReadonlyArray<BatchProcessCommand>): ExistingBatchProcess => {
  let state: BatchProcessState = batchProcessDecider.initialState;
  for (const command of commands) {
    const next = transition(batchProcessDecider, state, command);
    if (Either.isLeft(next)) throw new Error(`refused ${command._tag}: ${next.left.message}`);
    state = next.right.state;
  }
  if (state._tag === "Absent") throw new Error("no process");
  return state;
};

const refusal = (state: BatchProcessState, command: BatchProcessCommand) => {
  const decided = batchProcessDecider.decide(state, command);
  if (Either.isRight(decided)) throw new Error(`${command._tag} was accepted`);
  return decided.left;
};

const customerUpload: BatchProcessCommand = {
  _tag: "CreateUpload",
  ...s,
  orgId: ORG,
  id: 3,
  jobId: "AUGUST_2020_CUS",
  subOperation: "Customer",
  inputFilename: "CUS_AUG_2020_100RECORDS.csv",
  inputKey: inputKey(3),
};
const invoiceUpload: BatchProcessCommand = { ...customerUpload, id: 4, jobId: "AUG_2020_INV", subOperation: "Invoice", inputKey: inputKey(4) };
const finalize = (inputBytes: number | undefined, viaParent = false): BatchProcessCommand => ({ _tag: "Finalize", ...s, inputBytes, viaParent });
const complete = (successCount: number, failCount: number, id = 3, failure?: string): BatchProcessCommand => ({
  _tag: "Complete",
  ...s,
  rowsRead: successCount + failCount,
  successCount,
  failCount,
  outputKey: outputKey(id),
  ...(failure === undefined ? {} : { failure }),
});

describe("BatchProcess: the seed 004 customer file upload", () => {
  it("walks Draft → Queued → Processing → Success with the seed's messages and status numbers", () => {
    const draft = run(customerUpload);
    expect(batchProcessViewOf(draft)).toMatchObject({
      id: 3,
      jobId: "AUGUST_2020_CUS",
      status: "Draft",
      statusNumber: 1,
      operation: "eBill-Import",
      subOperation: "Customer",
      inputType: "API",
      successCount: 0,
      failCount: 0,
      successMessage: "BatchProcess is created",
      errorMessage: "",
    });
    const queued = run(customerUpload, finalize(2048));
    expect(batchProcessViewOf(queued)).toMatchObject({ status: "Queued", statusNumber: 2, successMessage: "BatchProcess is in Queue" });
    const processing = run(customerUpload, finalize(2048), { _tag: "Claim", ...s });
    expect(batchProcessViewOf(processing)).toMatchObject({ status: "Processing", statusNumber: 2 });
    const done = run(customerUpload, finalize(2048), { _tag: "Claim", ...s }, complete(100, 0));
    expect(batchProcessViewOf(done)).toMatchObject({
      status: "Success",
      statusNumber: 3,
      successCount: 100,
      failCount: 0,
      successMessage: "Success, 100 records successfully processed, 0 failed",
      errorMessage: "",
    });
  });

  it("ends PartialSuccess when some rows fail, Failed when none is applied or the file is unreadable", () => {
    const claimed = [customerUpload, finalize(10), { _tag: "Claim", ...s }] as const;
    expect(run(...claimed, complete(98, 2))).toMatchObject({ _tag: "PartialSuccess" });
    expect(batchProcessViewOf(run(...claimed, complete(98, 2)))).toMatchObject({
      statusNumber: 4,
      successMessage: "PartialSuccess, 98 records successfully processed, 2 failed",
      errorMessage: "2 of 100 records failed",
    });
    expect(batchProcessViewOf(run(...claimed, complete(0, 5)))).toMatchObject({ status: "Failed", statusNumber: 5 });
    expect(batchProcessViewOf(run(...claimed, complete(0, 0)))).toMatchObject({ status: "Failed", errorMessage: "the input holds no records" });
    const unreadable = run(...claimed, complete(3, 0, 3, "the input file is unreadable at line 5: a quoted field is not closed"));
    expect(batchProcessViewOf(unreadable)).toMatchObject({ status: "Failed", successCount: 3, errorMessage: "the input file is unreadable at line 5: a quoted field is not closed" });
  });

  it("refuses to finalize without the uploaded file (or with an empty one), changing nothing", () => {
    const draft = run(customerUpload);
    expect(refusal(draft, finalize(undefined))).toMatchObject({ _tag: "BatchProcess.InputFileMissing", empty: false });
    expect(refusal(draft, finalize(undefined)).message).toBe(
      'no file has been uploaded for BatchProcess id 3 and jobId "AUGUST_2020_CUS": PUT the CSV to its uploadUrl before BatchFinalize',
    );
    expect(refusal(draft, finalize(0))).toMatchObject({ _tag: "BatchProcess.InputFileMissing", empty: true });
  });

  it("refuses life-cycle commands out of order, naming the status", () => {
    const queued = run(customerUpload, finalize(1));
    expect(refusal(queued, finalize(1)).message).toBe("BatchProcess 3 is Queued: BatchFinalize needs Draft");
    expect(refusal(run(customerUpload), { _tag: "Claim", ...s })).toMatchObject({ _tag: "BatchProcess.StatusConflict", status: "Draft" });
    expect(refusal(queued, complete(1, 0))).toMatchObject({ _tag: "BatchProcess.StatusConflict" });
    expect(refusal(batchProcessDecider.initialState, finalize(1))).toMatchObject({ _tag: "BatchProcess.NotFound" });
    expect(refusal(queued, customerUpload)).toMatchObject({ _tag: "BatchProcess.AlreadyExists", id: 3 });
  });

  it("refuses counts that do not add up to the rows read, and a file import without its output file", () => {
    const processing = run(customerUpload, finalize(1), { _tag: "Claim", ...s });
    expect(refusal(processing, { _tag: "Complete", ...s, rowsRead: 10, successCount: 4, failCount: 5, outputKey: outputKey(3) })).toMatchObject({
      _tag: "BatchProcess.CountsInvalid",
    });
    expect(refusal(processing, { _tag: "Complete", ...s, rowsRead: 1, successCount: 1, failCount: 0 })).toMatchObject({
      _tag: "BatchProcess.OutputFileMissing",
    });
  });
});

describe("BatchProcess: Invoice files and their Invoice Line Item children", () => {
  const lineItem: BatchProcessCommand = {
    ...customerUpload,
    id: 5,
    jobId: "AUG_2020_ITM_1",
    subOperation: "Invoice Line Item",
    inputKey: inputKey(5),
    parent: { id: 4, jobId: "AUG_2020_INV" },
  };
  const attach = (id: number): BatchProcessCommand => ({ _tag: "AttachChild", ...s, child: { id, jobId: `AUG_2020_ITM_${id}` } });

  it("a line-item file needs a parent, and only a line-item file has one", () => {
    const { parent: _, ...orphan } = lineItem as Extract<BatchProcessCommand, { _tag: "CreateUpload" }>;
    expect(refusal(batchProcessDecider.initialState, orphan)).toMatchObject({ _tag: "BatchProcess.ParentMissing" });
    expect(refusal(batchProcessDecider.initialState, { ...customerUpload, parent: { id: 4 } })).toMatchObject({ _tag: "BatchProcess.ParentInvalid" });
    expect(batchProcessViewOf(run(lineItem))).toMatchObject({ parentBatchProcess: 4, parentBatchProcessJobId: "AUG_2020_INV", subOperation: "Invoice Line Item" });
  });

  it("an Invoice process in Draft takes children; a Customer process or a queued Invoice process does not", () => {
    const parent = run(invoiceUpload, attach(5), attach(6), attach(5));
    expect(parent.children).toEqual([
      { id: 5, jobId: "AUG_2020_ITM_5" },
      { id: 6, jobId: "AUG_2020_ITM_6" },
    ]);
    expect(refusal(run(customerUpload), attach(5)).message).toBe(
      "BatchProcess 3 (eBill-Import Customer) cannot take Invoice Line Item files: they belong to an Invoice file upload",
    );
    expect(refusal(run(invoiceUpload, finalize(1)), attach(5)).message).toBe(
      "BatchProcess 4 is Queued: Invoice Line Item files join an Invoice process while it is Draft",
    );
  });

  it("a child cannot be finalized on its own; with its parent it can", () => {
    const child = run(lineItem);
    expect(refusal(child, finalize(100))).toMatchObject({ _tag: "BatchProcess.FinalizedAlone", id: 5, parentId: 4 });
    expect(refusal(child, finalize(100)).message).toBe("BatchProcess 5 is an Invoice Line Item file of BatchProcess 4: it is finalized with its parent");
    expect(run(lineItem, finalize(100, true))._tag).toBe("Queued");
    expect(refusal(run(invoiceUpload), finalize(100, true))).toMatchObject({ _tag: "BatchProcess.CommandInvalid" });
  });

  it("the parent ends only after every child, with its status from its own rows", () => {
    const processing = run(invoiceUpload, attach(5), attach(6), finalize(1), { _tag: "Claim", ...s });
    expect(refusal(processing, complete(100, 0, 4))).toMatchObject({ _tag: "BatchProcess.ChildrenPending", pending: [5, 6] });
    const oneDone = run(invoiceUpload, attach(5), attach(6), finalize(1), { _tag: "Claim", ...s }, { _tag: "RecordChildOutcome", ...s, childId: 5, status: "Failed" });
    expect(refusal(oneDone, complete(100, 0, 4))).toMatchObject({ pending: [6] });
    expect(refusal(oneDone, { _tag: "RecordChildOutcome", ...s, childId: 7, status: "Success" })).toMatchObject({ _tag: "BatchProcess.ChildUnknown" });
    expect(refusal(oneDone, { _tag: "RecordChildOutcome", ...s, childId: 5, status: "Success" })).toMatchObject({ _tag: "BatchProcess.CommandInvalid" });
    const done = run(
      invoiceUpload,
      attach(5),
      attach(6),
      finalize(1),
      { _tag: "Claim", ...s },
      { _tag: "RecordChildOutcome", ...s, childId: 5, status: "Failed" },
      { _tag: "RecordChildOutcome", ...s, childId: 6, status: "PartialSuccess" },
      complete(100, 0, 4),
    );
    expect(done._tag).toBe("Success");
    expect(done.children.map((c) => c.status)).toEqual(["Failed", "PartialSuccess"]);
  });
});

describe("BatchProcess: processes that run at once", () => {
  it("a JSON upload starts Processing and ends with its counts", () => {
    const json = run({ _tag: "StartJsonImport", ...s, orgId: ORG, id: 7, jobId: "generated", subOperation: "Invoice" }, complete(2, 1, 7));
    expect(batchProcessViewOf(json)).toMatchObject({ status: "PartialSuccess", inputType: "JSON", operation: "eBill-Import", subOperation: "Invoice" });
  });

  it("a BatchInit with no work to do succeeds, and so do its steps", () => {
    const init = run(
      { _tag: "StartBatchInit", ...s, orgId: ORG, id: 1, jobId: "AUGUST_2020_INIT", steps: [{ step: "carryForwardInvoice", id: 2 }] },
      { _tag: "RecordChildOutcome", ...s, childId: 2, status: "Success" },
      { _tag: "Complete", ...s, rowsRead: 0, successCount: 0, failCount: 0 },
    );
    expect(batchProcessViewOf(init)).toMatchObject({ status: "Success", operation: "BatchInit", successMessage: "Success, 0 records successfully processed, 0 failed" });
    const step = run(
      { _tag: "StartBatchInitStep", ...s, orgId: ORG, id: 2, step: "carryForwardInvoice", parent: { id: 1, jobId: "AUGUST_2020_INIT" } },
      { _tag: "Complete", ...s, rowsRead: 20375, successCount: 20375, failCount: 0 },
    );
    expect(batchProcessViewOf(step)).toMatchObject({
      status: "Success",
      operation: "CarryForward",
      subOperation: "Invoice",
      successMessage: "Success, 20375 records successfully processed, 0 failed",
    });
    expect(step.jobId).toBeUndefined();
    const zero = run({ _tag: "StartBatchInitStep", ...s, orgId: ORG, id: 3, step: "zeroOutCustomerBalance", parent: { id: 1 } });
    expect(batchProcessViewOf(zero)).toMatchObject({ operation: "ZeroOutBalance", subOperation: "Customer" });
  });

  it("refuses a BatchInit that names a step twice or reuses an id", () => {
    const base = { _tag: "StartBatchInit", ...s, orgId: ORG, id: 1, jobId: "INIT" } as const;
    expect(refusal(batchProcessDecider.initialState, { ...base, steps: [{ step: "carryForwardInvoice", id: 2 }, { step: "carryForwardInvoice", id: 3 }] })).toMatchObject({
      _tag: "BatchProcess.CommandInvalid",
    });
    expect(refusal(batchProcessDecider.initialState, { ...base, steps: [{ step: "carryForwardInvoice", id: 1 }] })).toMatchObject({
      _tag: "BatchProcess.CommandInvalid",
    });
  });

  it("numbers the statuses as table 4.9.1.3 does", () => {
    expect((["Draft", "Queued", "Processing", "Success", "PartialSuccess", "Failed"] as const).map(batchProcessStatusNumberOf)).toEqual([1, 2, 2, 3, 4, 5]);
  });
});
