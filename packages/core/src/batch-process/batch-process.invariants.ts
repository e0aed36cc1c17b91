/**
 * The BatchProcess rules of DOMAIN.md as named predicates, used by `decide` and checked by the
 * property tests in every reachable state.
 */
import type { BatchProcessDefinition, ExistingBatchProcess, BatchProcessOutcome, BatchProcessTerminalStatus } from "./batch-process.state";
import { isCsvImport, isTerminalBatchProcess } from "./batch-process.state";

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** successCount + failCount equals the rows read, all whole numbers. */
export const countsAddUp = (outcome: Pick<BatchProcessOutcome, "rowsRead" | "successCount" | "failCount">): boolean =>
  isCount(outcome.rowsRead) &&
  isCount(outcome.successCount) &&
  isCount(outcome.failCount) &&
  outcome.successCount + outcome.failCount === outcome.rowsRead;

/**
 * Period work (BatchInit and its steps) that finds nothing to do has succeeded; an import that
 * reads no row has applied nothing, which DOMAIN.md calls Failed.
 */
const emptySucceeds = (definition: BatchProcessDefinition): boolean => definition.operation !== "eBill-Import";

/** The status a process ends in, from its own rows only (DOMAIN.md transition table). */
export const outcomeStatus = (
  definition: BatchProcessDefinition,
  outcome: Pick<BatchProcessOutcome, "successCount" | "failCount" | "failure">,
): BatchProcessTerminalStatus => {
  if (outcome.failure !== undefined) return "Failed";
  if (outcome.failCount === 0 && (outcome.successCount > 0 || emptySucceeds(definition))) return "Success";
  if (outcome.successCount > 0 && outcome.failCount > 0) return "PartialSuccess";
  return "Failed";
};

/** Finalize needs the uploaded file: present and not empty. */
export const inputFilePresent = (inputBytes: number | undefined): boolean => inputBytes !== undefined && inputBytes > 0;

/** A child is finalized with its parent, never on its own. */
export const finalizableAlone = (state: ExistingBatchProcess): boolean => state.parent === undefined;

/** Invoice Line Item files join an Invoice file import while it is still in Draft. */
export const acceptsLineItems = (state: ExistingBatchProcess): boolean =>
  state._tag === "Draft" && isCsvImport(state.definition) && state.definition.subOperation === "Invoice";

export const pendingChildren = (state: ExistingBatchProcess): ReadonlyArray<number> =>
  state.children.filter((c) => c.status === undefined).map((c) => c.id);

/** A parent becomes terminal only when every child is. */
export const everyChildTerminal = (state: ExistingBatchProcess): boolean => pendingChildren(state).length === 0;

/** A file import ends with an output CSV (JSON uploads included, so every import can be downloaded). */
export const needsOutputFile = (definition: BatchProcessDefinition): boolean => definition.operation === "eBill-Import";

/** An Invoice Line Item file and a BatchInit step have a parent; nothing else does. */
export const needsParent = (definition: BatchProcessDefinition): boolean =>
  (definition.operation === "eBill-Import" && definition.subOperation === "Invoice Line Item") ||
  definition.operation === "CarryForward" ||
  definition.operation === "ZeroOutBalance";

/** Only an Invoice file import (its line-item files) and a BatchInit (its steps) have children. */
export const mayHaveChildren = (definition: BatchProcessDefinition): boolean =>
  (isCsvImport(definition) && definition.subOperation === "Invoice") || definition.operation === "BatchInit";

// ---- state invariants, checked in every reachable state ----

export const terminalCountsAddUp = (state: ExistingBatchProcess): boolean => !isTerminalBatchProcess(state) || countsAddUp(state);

export const terminalImportHasOutputFile = (state: ExistingBatchProcess): boolean =>
  !isTerminalBatchProcess(state) || !needsOutputFile(state.definition) || state.outputKey !== undefined;

export const terminalOnlyWhenChildrenAre = (state: ExistingBatchProcess): boolean => !isTerminalBatchProcess(state) || everyChildTerminal(state);

export const terminalStatusFollowsOwnRows = (state: ExistingBatchProcess): boolean =>
  !isTerminalBatchProcess(state) || state._tag === outcomeStatus(state.definition, state);

export const parentMatchesDefinition = (state: ExistingBatchProcess): boolean =>
  needsParent(state.definition) === (state.parent !== undefined) && state.parent?.id !== state.id;

export const childrenMatchDefinition = (state: ExistingBatchProcess): boolean => {
  const ids = state.children.map((c) => c.id);
  return (
    (state.children.length === 0 || mayHaveChildren(state.definition)) &&
    new Set(ids).size === ids.length &&
    !ids.includes(state.id)
  );
};

/** Only a file import waits for its file (Draft) and for a worker (Queued). */
export const onlyFileImportsWait = (state: ExistingBatchProcess): boolean =>
  (state._tag !== "Draft" && state._tag !== "Queued") || isCsvImport(state.definition);

/** Every process a client creates has a jobId; BatchInit steps have none (the seed answers them with an empty jobId). */
export const jobIdOnlyAbsentOnSteps = (state: ExistingBatchProcess): boolean =>
  (state.jobId === undefined) === (state.definition.operation === "CarryForward" || state.definition.operation === "ZeroOutBalance");

export const batchProcessInvariants: ReadonlyArray<readonly [name: string, holds: (state: ExistingBatchProcess) => boolean]> = [
  ["terminalCountsAddUp", terminalCountsAddUp],
  ["terminalImportHasOutputFile", terminalImportHasOutputFile],
  ["terminalOnlyWhenChildrenAre", terminalOnlyWhenChildrenAre],
  ["terminalStatusFollowsOwnRows", terminalStatusFollowsOwnRows],
  ["parentMatchesDefinition", parentMatchesDefinition],
  ["childrenMatchDefinition", childrenMatchDefinition],
  ["onlyFileImportsWait", onlyFileImportsWait],
  ["jobIdOnlyAbsentOnSteps", jobIdOnlyAbsentOnSteps],
];
