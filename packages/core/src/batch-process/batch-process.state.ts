/**
 * BatchProcess state: one variant per status of DOMAIN.md, each holding only what is true in it.
 * What the process does (operation, sub-operation, input) is fixed at creation in `definition`;
 * the parent/child links are part of the state because "a parent becomes terminal only when
 * every child is" is decided on them.
 */
import type { Actor, Instant, OrganizationId } from "../kernel";
import type { BlobKey } from "../ports/blob-store";
import type { DocumentType } from "../records/receivable-document";

export const BatchProcessStatuses = ["Draft", "Queued", "Processing", "Success", "PartialSuccess", "Failed"] as const;
export type BatchProcessStatus = (typeof BatchProcessStatuses)[number];

export const BatchProcessTerminalStatuses = ["Success", "PartialSuccess", "Failed"] as const;
export type BatchProcessTerminalStatus = (typeof BatchProcessTerminalStatuses)[number];

export const isBatchProcessTerminalStatus = (status: string): status is BatchProcessTerminalStatus =>
  (BatchProcessTerminalStatuses as ReadonlyArray<string>).includes(status);

/** The seed's table 4.9.1.3 has five numbers: `Processing` is the transient continuation of `Queued`. */
export type BatchProcessStatusNumber = 1 | 2 | 3 | 4 | 5;
const STATUS_NUMBER: Record<BatchProcessStatus, BatchProcessStatusNumber> = {
  Draft: 1,
  Queued: 2,
  Processing: 2,
  Success: 3,
  PartialSuccess: 4,
  Failed: 5,
};
export const batchProcessStatusNumberOf = (status: BatchProcessStatus): BatchProcessStatusNumber => STATUS_NUMBER[status];

export const ImportSubOperations = ["Customer", "Invoice", "Invoice Line Item"] as const;
export type ImportSubOperation = (typeof ImportSubOperations)[number];

/** The sub-operations a JSON upload (seed 002) carries: there is no JSON line-item upload. */
export type JsonImportSubOperation = Exclude<ImportSubOperation, "Invoice Line Item">;

/** Longest jobId accepted: the client's tracking key, not a document. */
export const MAX_JOB_ID_LENGTH = 255;

export const BatchProcessInputTypes = ["API", "JSON"] as const;
export type BatchProcessInputType = (typeof BatchProcessInputTypes)[number];

/** The steps of a BatchInit, named as the seed's response nodes. */
export const BatchInitSteps = ["carryForwardInvoice", "carryForwardCreditMemo", "carryForwardDebitMemo", "zeroOutCustomerBalance"] as const;
export type BatchInitStep = (typeof BatchInitSteps)[number];

/** The document type each carry-forward step moves to `CarriedOver`. */
export const carryForwardTypeOf = (step: BatchInitStep): DocumentType | undefined => {
  switch (step) {
    case "carryForwardInvoice":
      return "Invoice";
    case "carryForwardCreditMemo":
      return "CreditMemo";
    case "carryForwardDebitMemo":
      return "DebitMemo";
    case "zeroOutCustomerBalance":
      return undefined;
  }
};

/** What the process does. Fixed at creation. */
export type BatchProcessDefinition =
  | {
      readonly operation: "eBill-Import";
      readonly inputType: "API";
      readonly subOperation: ImportSubOperation;
      readonly inputFilename?: string;
      /** Where the client PUTs the CSV through the upload URL. */
      readonly inputKey: BlobKey;
    }
  | { readonly operation: "eBill-Import"; readonly inputType: "JSON"; readonly subOperation: JsonImportSubOperation }
  | { readonly operation: "BatchInit" }
  | { readonly operation: "CarryForward"; readonly subOperation: DocumentType; readonly step: BatchInitStep }
  | { readonly operation: "ZeroOutBalance"; readonly subOperation: "Customer"; readonly step: "zeroOutCustomerBalance" };

export type BatchProcessOperation = BatchProcessDefinition["operation"];

export interface BatchProcessLink {
  readonly id: number;
  readonly jobId?: string;
}

export interface BatchProcessChild extends BatchProcessLink {
  /** The child's terminal status once it has one. */
  readonly status?: BatchProcessTerminalStatus;
}

interface Header {
  readonly orgId: OrganizationId;
  /** Integer autonumber of the repository. */
  readonly id: number;
  /** Unique per organization; absent only on BatchInit steps (the seed answers them with an empty jobId). */
  readonly jobId?: string;
  readonly definition: BatchProcessDefinition;
  readonly parent?: BatchProcessLink;
  /** Invoice Line Item files of an Invoice import, or the chosen steps of a BatchInit, in id order. */
  readonly children: ReadonlyArray<BatchProcessChild>;
  readonly createdAt: Instant;
  readonly createdBy: Actor;
  readonly updatedAt: Instant;
  readonly updatedBy: Actor;
}

export interface BatchProcessOutcome {
  readonly rowsRead: number;
  readonly successCount: number;
  readonly failCount: number;
  /** The output CSV: every input row plus `status` and `errorMessage`. */
  readonly outputKey?: BlobKey;
  /** Why the process failed as a whole (input unreadable), when it did. */
  readonly failure?: string;
}

export type DraftBatchProcess = Header & { readonly _tag: "Draft" };
export type QueuedBatchProcess = Header & { readonly _tag: "Queued"; readonly queuedAt: Instant };
export type ProcessingBatchProcess = Header & {
  readonly _tag: "Processing";
  /** Absent for processes that run at once (JSON uploads, BatchInit). */
  readonly queuedAt?: Instant;
  readonly startedAt: Instant;
};
export type TerminalBatchProcess = Header &
  BatchProcessOutcome & {
    readonly _tag: BatchProcessTerminalStatus;
    readonly queuedAt?: Instant;
    readonly startedAt: Instant;
    readonly completedAt: Instant;
  };

export type ExistingBatchProcess = DraftBatchProcess | QueuedBatchProcess | ProcessingBatchProcess | TerminalBatchProcess;
export type BatchProcessState = { readonly _tag: "Absent" } | ExistingBatchProcess;

export const absentBatchProcess: BatchProcessState = { _tag: "Absent" };

export const isExistingBatchProcess = (state: BatchProcessState): state is ExistingBatchProcess => state._tag !== "Absent";

export const isTerminalBatchProcess = (state: BatchProcessState): state is TerminalBatchProcess => isBatchProcessTerminalStatus(state._tag);

/** A process whose input is a CSV uploaded through a signed URL. */
export const isCsvImport = (
  definition: BatchProcessDefinition,
): definition is Extract<BatchProcessDefinition, { readonly inputType: "API" }> =>
  definition.operation === "eBill-Import" && definition.inputType === "API";

export const subOperationOfProcess = (definition: BatchProcessDefinition): string | undefined =>
  "subOperation" in definition ? definition.subOperation : undefined;

export const inputTypeOfProcess = (definition: BatchProcessDefinition): BatchProcessInputType | undefined =>
  definition.operation === "eBill-Import" ? definition.inputType : undefined;

/** Counts as reported: zero until the process is terminal. */
export const batchProcessCountsOf = (state: ExistingBatchProcess): { readonly successCount: number; readonly failCount: number } =>
  isTerminalBatchProcess(state) ? { successCount: state.successCount, failCount: state.failCount } : { successCount: 0, failCount: 0 };
