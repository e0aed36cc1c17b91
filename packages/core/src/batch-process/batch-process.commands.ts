/** BatchProcess commands: each carries the time, the actor and any new id (the core reads no clock). */
import type { Actor, Instant, OrganizationId } from "../kernel";
import type { BlobKey } from "../ports/blob-store";
import type { BatchInitStep, ImportSubOperation, JsonImportSubOperation, BatchProcessLink, BatchProcessTerminalStatus } from "./batch-process.state";

interface CommandBase {
  readonly at: Instant;
  readonly actor: Actor;
}

interface NewProcess extends CommandBase {
  readonly orgId: OrganizationId;
  /** The repository's next id. */
  readonly id: number;
}

/** S3FileUpload: a CSV import waiting for its file (`Draft`). */
export interface CreateUpload extends NewProcess {
  readonly _tag: "CreateUpload";
  readonly jobId: string;
  readonly subOperation: ImportSubOperation;
  readonly inputFilename?: string;
  readonly inputKey: BlobKey;
  /** The Invoice import an Invoice Line Item file belongs to (required for it, refused for others). */
  readonly parent?: BatchProcessLink;
}

/** A JSON upload (seed 002): its records are in the request, so it starts `Processing` at once. */
export interface StartJsonImport extends NewProcess {
  readonly _tag: "StartJsonImport";
  readonly jobId: string;
  readonly subOperation: JsonImportSubOperation;
}

/** BatchInit: runs at once; each chosen step is a child process with its own id. */
export interface StartBatchInit extends NewProcess {
  readonly _tag: "StartBatchInit";
  readonly jobId: string;
  readonly steps: ReadonlyArray<{ readonly step: BatchInitStep; readonly id: number }>;
}

/** One chosen step of a BatchInit, a child of it. */
export interface StartBatchInitStep extends NewProcess {
  readonly _tag: "StartBatchInitStep";
  readonly step: BatchInitStep;
  readonly parent: BatchProcessLink;
}

/** An Invoice Line Item file joins its Invoice import (which must still be `Draft`). */
export interface AttachChild extends CommandBase {
  readonly _tag: "AttachChild";
  readonly child: BatchProcessLink;
}

/** BatchFinalize. */
export interface Finalize extends CommandBase {
  readonly _tag: "Finalize";
  /** Size of the uploaded input file as the blob store reports it; undefined when nothing was uploaded. */
  readonly inputBytes: number | undefined;
  /** True when the parent is being finalized and takes its children along. */
  readonly viaParent: boolean;
}

/** A worker starts on a queued process. */
export interface Claim extends CommandBase {
  readonly _tag: "Claim";
}

/** A child reached its terminal status; the parent keeps it to know when it may finish. */
export interface RecordChildOutcome extends CommandBase {
  readonly _tag: "RecordChildOutcome";
  readonly childId: number;
  readonly status: BatchProcessTerminalStatus;
}

/** Every row (of this process, not its children) has been read and applied or refused. */
export interface Complete extends CommandBase {
  readonly _tag: "Complete";
  readonly rowsRead: number;
  readonly successCount: number;
  readonly failCount: number;
  readonly outputKey?: BlobKey;
  /** Set when the input as a whole could not be read (the process fails). */
  readonly failure?: string;
}

export type BatchProcessCommand =
  | CreateUpload
  | StartJsonImport
  | StartBatchInit
  | StartBatchInitStep
  | AttachChild
  | Finalize
  | Claim
  | RecordChildOutcome
  | Complete;
