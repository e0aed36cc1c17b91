/** BatchProcess refusals. The tag is the stable code; the HTTP layer maps it to a status. */
import { Data } from "effect";
import type { BatchProcessStatus } from "./batch-process.state";

const refText = (id: number | undefined, jobId: string | undefined): string =>
  [id === undefined ? undefined : `id ${id}`, jobId === undefined ? undefined : `jobId "${jobId}"`].filter((s) => s !== undefined).join(" and ");

/** No process of the organization has that id and/or jobId (also: a command on a process that does not exist). */
export class BatchProcessNotFound extends Data.TaggedError("BatchProcess.NotFound")<{
  readonly id?: number;
  readonly jobId?: string;
}> {
  override get message() {
    const ref = refText(this.id, this.jobId);
    return ref === "" ? "the BatchProcess does not exist" : `no BatchProcess with ${ref}`;
  }
}

/** A creating command for an id that is taken. */
export class BatchProcessAlreadyExists extends Data.TaggedError("BatchProcess.AlreadyExists")<{ readonly id: number }> {
  override get message() {
    return `BatchProcess ${this.id} already exists`;
  }
}

/** jobId is unique per organization (seed 004: "a unique identifier"). */
export class BatchProcessJobIdTaken extends Data.TaggedError("BatchProcess.JobIdTaken")<{ readonly jobId: string }> {
  override get message() {
    return `jobId "${this.jobId}" is already used by another BatchProcess`;
  }
}

/** The command is not allowed in the process's status (terminal statuses allow none). */
export class BatchProcessStatusConflict extends Data.TaggedError("BatchProcess.StatusConflict")<{
  readonly id: number;
  readonly status: BatchProcessStatus;
  readonly action: string;
  readonly allowed: ReadonlyArray<BatchProcessStatus>;
}> {
  override get message() {
    return `BatchProcess ${this.id} is ${this.status}: ${this.action} needs ${this.allowed.join(" or ")}`;
  }
}

/** Finalize needs the uploaded file (DOMAIN.md); nothing changes. */
export class BatchProcessInputFileMissing extends Data.TaggedError("BatchProcess.InputFileMissing")<{
  readonly id: number;
  readonly jobId?: string;
  /** True when a file is there but holds no bytes. */
  readonly empty: boolean;
}> {
  override get message() {
    const ref = refText(this.id, this.jobId);
    return this.empty
      ? `the file uploaded for BatchProcess ${ref} is empty`
      : `no file has been uploaded for BatchProcess ${ref}: PUT the CSV to its uploadUrl before BatchFinalize`;
  }
}

/** An Invoice Line Item process is finalized with its parent, never on its own. */
export class BatchProcessFinalizedAlone extends Data.TaggedError("BatchProcess.FinalizedAlone")<{
  readonly id: number;
  readonly parentId: number;
}> {
  override get message() {
    return `BatchProcess ${this.id} is an Invoice Line Item file of BatchProcess ${this.parentId}: it is finalized with its parent`;
  }
}

/** An Invoice Line Item process without parentBatchProcess or parentBatchProcessJobId. */
export class BatchProcessParentMissing extends Data.TaggedError("BatchProcess.ParentMissing")<Record<never, never>> {
  override get message() {
    return "an Invoice Line Item process needs parentBatchProcess or parentBatchProcessJobId: the Invoice process in Draft it belongs to";
  }
}

/** The named parent cannot take this child (not an Invoice file import, not Draft, or named inconsistently). */
export class BatchProcessParentInvalid extends Data.TaggedError("BatchProcess.ParentInvalid")<{ readonly message: string }> {}

/** An outcome recorded for a process that is not a child of this one. */
export class BatchProcessChildUnknown extends Data.TaggedError("BatchProcess.ChildUnknown")<{
  readonly id: number;
  readonly childId: number;
}> {
  override get message() {
    return `BatchProcess ${this.childId} is not a child of BatchProcess ${this.id}`;
  }
}

/** A parent becomes terminal only when every child is. */
export class BatchProcessChildrenPending extends Data.TaggedError("BatchProcess.ChildrenPending")<{
  readonly id: number;
  readonly pending: ReadonlyArray<number>;
}> {
  override get message() {
    return `BatchProcess ${this.id} cannot finish before its children ${this.pending.join(", ")}`;
  }
}

/** successCount + failCount must equal the rows read, all whole numbers. */
export class BatchProcessCountsInvalid extends Data.TaggedError("BatchProcess.CountsInvalid")<{
  readonly rowsRead: number;
  readonly successCount: number;
  readonly failCount: number;
}> {
  override get message() {
    return `successCount (${this.successCount}) + failCount (${this.failCount}) must equal the rows read (${this.rowsRead}), all whole numbers from 0`;
  }
}

/** A terminal file import has an output CSV. */
export class BatchProcessOutputFileMissing extends Data.TaggedError("BatchProcess.OutputFileMissing")<{ readonly id: number }> {
  override get message() {
    return `BatchProcess ${this.id} cannot finish without its output file`;
  }
}

/** A command that cannot describe a real process (ids that are not positive integers, repeated steps). */
export class BatchProcessCommandInvalid extends Data.TaggedError("BatchProcess.CommandInvalid")<{ readonly message: string }> {}

/** A JSON upload beyond BATCH_JSON_UPLOAD_MAX_RECORDS / _MAX_BYTES. */
export class BatchProcessUploadTooLarge extends Data.TaggedError("BatchProcess.UploadTooLarge")<{
  readonly limit: "records" | "bytes";
  readonly max: number;
  readonly actual: number;
}> {
  override get message() {
    return `the upload holds ${this.actual} ${this.limit}; at most ${this.max} are accepted`;
  }
}

/** What `decide` refuses with. */
export type BatchProcessError =
  | BatchProcessNotFound
  | BatchProcessAlreadyExists
  | BatchProcessStatusConflict
  | BatchProcessInputFileMissing
  | BatchProcessFinalizedAlone
  | BatchProcessParentMissing
  | BatchProcessParentInvalid
  | BatchProcessChildUnknown
  | BatchProcessChildrenPending
  | BatchProcessCountsInvalid
  | BatchProcessOutputFileMissing
  | BatchProcessCommandInvalid;
