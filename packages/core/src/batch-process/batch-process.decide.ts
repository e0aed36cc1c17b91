/** BatchProcess decisions: total, never throws; a refusal is a tagged error and changes nothing. */
import { Either } from "effect";
import type {
  AttachChild,
  BatchProcessCommand,
  Claim,
  Complete,
  CreateUpload,
  Finalize,
  RecordChildOutcome,
  StartBatchInit,
  StartBatchInitStep,
  StartJsonImport,
} from "./batch-process.commands";
import {
  BatchProcessAlreadyExists,
  BatchProcessChildUnknown,
  BatchProcessChildrenPending,
  BatchProcessCommandInvalid,
  BatchProcessCountsInvalid,
  BatchProcessFinalizedAlone,
  BatchProcessInputFileMissing,
  BatchProcessNotFound,
  BatchProcessOutputFileMissing,
  BatchProcessParentInvalid,
  BatchProcessParentMissing,
  BatchProcessStatusConflict,
  type BatchProcessError,
} from "./batch-process.errors";
import type { BatchProcessEvent } from "./batch-process.events";
import {
  acceptsLineItems,
  countsAddUp,
  everyChildTerminal,
  finalizableAlone,
  inputFilePresent,
  needsOutputFile,
  outcomeStatus,
  pendingChildren,
} from "./batch-process.invariants";
import {
  MAX_JOB_ID_LENGTH,
  carryForwardTypeOf,
  isCsvImport,
  isTerminalBatchProcess,
  subOperationOfProcess,
  type BatchProcessDefinition,
  type BatchProcessState,
  type BatchProcessStatus,
  type ExistingBatchProcess,
  type BatchProcessLink,
} from "./batch-process.state";

type Decision = Either.Either<ReadonlyArray<BatchProcessEvent>, BatchProcessError>;

const accept = (...events: ReadonlyArray<BatchProcessEvent>): Decision => Either.right(events);
const refuse = (error: BatchProcessError): Decision => Either.left(error);
const invalid = (message: string): Decision => refuse(new BatchProcessCommandInvalid({ message }));

const isId = (n: number): boolean => Number.isSafeInteger(n) && n >= 1;

const refProblem = (ref: BatchProcessLink, ownId: number): string | undefined => {
  if (!isId(ref.id)) return `a BatchProcess id must be a whole number from 1, got ${ref.id}`;
  if (ref.id === ownId) return `BatchProcess ${ownId} cannot be related to itself`;
  if (ref.jobId === "") return "a jobId must not be empty";
  return undefined;
};

/** Checks shared by every creating command; undefined when the process may be created. */
const creationProblem = (state: BatchProcessState, id: number, jobId: string | undefined): Decision | undefined => {
  if (state._tag !== "Absent") return refuse(new BatchProcessAlreadyExists({ id: state.id }));
  if (!isId(id)) return invalid(`a BatchProcess id must be a whole number from 1, got ${id}`);
  if (jobId !== undefined && jobId.trim() === "") return invalid("a jobId must not be empty");
  if (jobId !== undefined && jobId.length > MAX_JOB_ID_LENGTH) return invalid(`a jobId has at most ${MAX_JOB_ID_LENGTH} characters`);
  return undefined;
};

const conflict = (state: ExistingBatchProcess, action: string, allowed: ReadonlyArray<BatchProcessStatus>): Decision =>
  refuse(new BatchProcessStatusConflict({ id: state.id, status: state._tag, action, allowed }));

const describe = (definition: BatchProcessDefinition): string => {
  const sub = subOperationOfProcess(definition);
  return sub === undefined ? definition.operation : `${definition.operation} ${sub}`;
};

const createUpload = (state: BatchProcessState, c: CreateUpload): Decision => {
  const problem = creationProblem(state, c.id, c.jobId);
  if (problem !== undefined) return problem;
  const isLineItem = c.subOperation === "Invoice Line Item";
  if (isLineItem && c.parent === undefined) return refuse(new BatchProcessParentMissing());
  if (!isLineItem && c.parent !== undefined) {
    return refuse(new BatchProcessParentInvalid({ message: `only an Invoice Line Item process has a parent; a ${c.subOperation} process has none` }));
  }
  const parentProblem = c.parent === undefined ? undefined : refProblem(c.parent, c.id);
  if (parentProblem !== undefined) return invalid(parentProblem);
  return accept({
    _tag: "UploadCreated",
    orgId: c.orgId,
    id: c.id,
    jobId: c.jobId,
    definition: {
      operation: "eBill-Import",
      inputType: "API",
      subOperation: c.subOperation,
      inputKey: c.inputKey,
      ...(c.inputFilename === undefined ? {} : { inputFilename: c.inputFilename }),
    },
    ...(c.parent === undefined ? {} : { parent: c.parent }),
    at: c.at,
    actor: c.actor,
  });
};

const startJsonImport = (state: BatchProcessState, c: StartJsonImport): Decision =>
  creationProblem(state, c.id, c.jobId) ??
  accept({
    _tag: "Started",
    orgId: c.orgId,
    id: c.id,
    jobId: c.jobId,
    definition: { operation: "eBill-Import", inputType: "JSON", subOperation: c.subOperation },
    children: [],
    at: c.at,
    actor: c.actor,
  });

const startBatchInit = (state: BatchProcessState, c: StartBatchInit): Decision => {
  const problem = creationProblem(state, c.id, c.jobId);
  if (problem !== undefined) return problem;
  const stepProblem = c.steps.map((s) => refProblem({ id: s.id }, c.id)).find((p) => p !== undefined);
  if (stepProblem !== undefined) return invalid(stepProblem);
  if (new Set(c.steps.map((s) => s.step)).size !== c.steps.length || new Set(c.steps.map((s) => s.id)).size !== c.steps.length) {
    return invalid("each BatchInit step is chosen at most once, each with its own id");
  }
  return accept({
    _tag: "Started",
    orgId: c.orgId,
    id: c.id,
    jobId: c.jobId,
    definition: { operation: "BatchInit" },
    children: c.steps.map((s) => ({ id: s.id })),
    at: c.at,
    actor: c.actor,
  });
};

const startBatchInitStep = (state: BatchProcessState, c: StartBatchInitStep): Decision => {
  const problem = creationProblem(state, c.id, undefined);
  if (problem !== undefined) return problem;
  const parentProblem = refProblem(c.parent, c.id);
  if (parentProblem !== undefined) return invalid(parentProblem);
  const documentType = carryForwardTypeOf(c.step);
  const definition: BatchProcessDefinition =
    documentType === undefined
      ? { operation: "ZeroOutBalance", subOperation: "Customer", step: "zeroOutCustomerBalance" }
      : { operation: "CarryForward", subOperation: documentType, step: c.step };
  return accept({ _tag: "Started", orgId: c.orgId, id: c.id, definition, parent: c.parent, children: [], at: c.at, actor: c.actor });
};

const attachChild = (state: ExistingBatchProcess, c: AttachChild): Decision => {
  if (isTerminalBatchProcess(state)) return conflict(state, "adding an Invoice Line Item file", ["Draft"]);
  if (!acceptsLineItems(state)) {
    return refuse(
      new BatchProcessParentInvalid({
        message:
          isCsvImport(state.definition) && state.definition.subOperation === "Invoice"
            ? `BatchProcess ${state.id} is ${state._tag}: Invoice Line Item files join an Invoice process while it is Draft`
            : `BatchProcess ${state.id} (${describe(state.definition)}) cannot take Invoice Line Item files: they belong to an Invoice file upload`,
      }),
    );
  }
  const problem = refProblem(c.child, state.id);
  if (problem !== undefined) return invalid(problem);
  if (state.children.some((child) => child.id === c.child.id)) return accept();
  return accept({ _tag: "ChildAttached", child: c.child, at: c.at, actor: c.actor });
};

const finalize = (state: ExistingBatchProcess, c: Finalize): Decision => {
  if (state._tag !== "Draft") return conflict(state, "BatchFinalize", ["Draft"]);
  if (!finalizableAlone(state) && !c.viaParent) {
    return refuse(new BatchProcessFinalizedAlone({ id: state.id, parentId: state.parent?.id ?? 0 }));
  }
  if (finalizableAlone(state) && c.viaParent) return invalid(`BatchProcess ${state.id} has no parent to be finalized with`);
  if (!inputFilePresent(c.inputBytes)) {
    return refuse(
      new BatchProcessInputFileMissing({
        id: state.id,
        ...(state.jobId === undefined ? {} : { jobId: state.jobId }),
        empty: c.inputBytes === 0,
      }),
    );
  }
  return accept({ _tag: "Finalized", at: c.at, actor: c.actor });
};

const claim = (state: ExistingBatchProcess, c: Claim): Decision =>
  state._tag === "Queued" ? accept({ _tag: "Claimed", at: c.at, actor: c.actor }) : conflict(state, "processing", ["Queued"]);

const recordChildOutcome = (state: ExistingBatchProcess, c: RecordChildOutcome): Decision => {
  if (state._tag !== "Processing") return conflict(state, "recording a child's outcome", ["Processing"]);
  const child = state.children.find((entry) => entry.id === c.childId);
  if (child === undefined) return refuse(new BatchProcessChildUnknown({ id: state.id, childId: c.childId }));
  if (child.status === c.status) return accept();
  if (child.status !== undefined) return invalid(`BatchProcess ${c.childId} already ended ${child.status}`);
  return accept({ _tag: "ChildOutcomeRecorded", childId: c.childId, status: c.status, at: c.at, actor: c.actor });
};

const complete = (state: ExistingBatchProcess, c: Complete): Decision => {
  if (state._tag !== "Processing") return conflict(state, "completing", ["Processing"]);
  if (!everyChildTerminal(state)) return refuse(new BatchProcessChildrenPending({ id: state.id, pending: pendingChildren(state) }));
  if (!countsAddUp(c)) {
    return refuse(new BatchProcessCountsInvalid({ rowsRead: c.rowsRead, successCount: c.successCount, failCount: c.failCount }));
  }
  if (needsOutputFile(state.definition) && c.outputKey === undefined) return refuse(new BatchProcessOutputFileMissing({ id: state.id }));
  if (c.failure !== undefined && c.failure.trim() === "") return invalid("a failure must say what failed");
  return accept({
    _tag: "Completed",
    status: outcomeStatus(state.definition, c),
    rowsRead: c.rowsRead,
    successCount: c.successCount,
    failCount: c.failCount,
    ...(c.outputKey === undefined ? {} : { outputKey: c.outputKey }),
    ...(c.failure === undefined ? {} : { failure: c.failure }),
    at: c.at,
    actor: c.actor,
  });
};

export const decide = (state: BatchProcessState, command: BatchProcessCommand): Decision => {
  switch (command._tag) {
    case "CreateUpload":
      return createUpload(state, command);
    case "StartJsonImport":
      return startJsonImport(state, command);
    case "StartBatchInit":
      return startBatchInit(state, command);
    case "StartBatchInitStep":
      return startBatchInitStep(state, command);
  }
  if (state._tag === "Absent") return refuse(new BatchProcessNotFound({}));
  switch (command._tag) {
    case "AttachChild":
      return attachChild(state, command);
    case "Finalize":
      return finalize(state, command);
    case "Claim":
      return claim(state, command);
    case "RecordChildOutcome":
      return recordChildOutcome(state, command);
    case "Complete":
      return complete(state, command);
  }
};
