/** BatchProcess events: the facts `evolve` applies, in the past tense. */
import type { Actor, Instant, OrganizationId } from "../kernel";
import type { BlobKey } from "../ports/blob-store";
import type { BatchProcessDefinition, BatchProcessChild, BatchProcessLink, BatchProcessTerminalStatus } from "./batch-process.state";

interface EventBase {
  readonly at: Instant;
  readonly actor: Actor;
}

interface Created extends EventBase {
  readonly orgId: OrganizationId;
  readonly id: number;
  readonly jobId?: string;
  readonly definition: BatchProcessDefinition;
  readonly parent?: BatchProcessLink;
}

/** Upload URL generated: the process waits for its file in `Draft`. */
export interface UploadCreated extends Created {
  readonly _tag: "UploadCreated";
}

/** A process that runs at once (JSON upload, BatchInit and its steps) began in `Processing`. */
export interface Started extends Created {
  readonly _tag: "Started";
  readonly children: ReadonlyArray<BatchProcessChild>;
}

export interface ChildAttached extends EventBase {
  readonly _tag: "ChildAttached";
  readonly child: BatchProcessLink;
}

export interface Finalized extends EventBase {
  readonly _tag: "Finalized";
}

export interface Claimed extends EventBase {
  readonly _tag: "Claimed";
}

export interface ChildOutcomeRecorded extends EventBase {
  readonly _tag: "ChildOutcomeRecorded";
  readonly childId: number;
  readonly status: BatchProcessTerminalStatus;
}

export interface Completed extends EventBase {
  readonly _tag: "Completed";
  readonly status: BatchProcessTerminalStatus;
  readonly rowsRead: number;
  readonly successCount: number;
  readonly failCount: number;
  readonly outputKey?: BlobKey;
  readonly failure?: string;
}

export type BatchProcessEvent = UploadCreated | Started | ChildAttached | Finalized | Claimed | ChildOutcomeRecorded | Completed;
