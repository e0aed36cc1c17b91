/**
 * Background work: a queued ERP batch or batch process becomes a job row, written in the same
 * unit of work as the aggregate. Workers claim jobs exclusively under a lease; a worker that
 * dies loses its lease and the job is claimed again, so applying must be idempotent (a claim is
 * not exactly-once execution).
 */
import type { Effect, Option } from "effect";
import type { Instant, OrganizationId } from "../kernel";
import type { StoreUnavailable } from "./errors";

export type JobKind = "erp-batch" | "batch-process";

export interface NewJob {
  readonly orgId: OrganizationId;
  readonly kind: JobKind;
  /** The aggregate the job works on (ERP batch id, batch process id). */
  readonly subjectId: string;
  readonly at: Instant;
}

export interface ClaimedJob extends NewJob {
  readonly jobId: string;
  /** 1 on the first claim, +1 each time the job is claimed again after a lost lease or a failure. */
  readonly attempts: number;
  readonly leaseExpiresAt: Instant;
}

/** The transactional side: used inside a unit of work. */
export interface JobOutbox {
  /** Queues a job; queuing the same kind and subject again while it is pending is a no-op. Fails with StoreUnavailable. */
  readonly enqueue: (job: NewJob) => Effect.Effect<void, StoreUnavailable>;
}

/** The worker side. */
export interface JobQueue {
  /**
   * Claims the oldest job that is pending, or whose lease expired before `now`, for `workerId`
   * until `now + leaseMs`. No two workers hold the same job at once. Fails with StoreUnavailable.
   */
  readonly claim: (request: {
    readonly workerId: string;
    readonly now: Instant;
    readonly leaseMs: number;
    readonly kinds?: ReadonlyArray<JobKind>;
  }) => Effect.Effect<Option.Option<ClaimedJob>, StoreUnavailable>;
  /** Extends the lease; false when the worker no longer holds it. Fails with StoreUnavailable. */
  readonly renew: (jobId: string, workerId: string, now: Instant, leaseMs: number) => Effect.Effect<boolean, StoreUnavailable>;
  /** Removes a finished job held by `workerId`; false when it no longer holds it. Fails with StoreUnavailable. */
  readonly complete: (jobId: string, workerId: string) => Effect.Effect<boolean, StoreUnavailable>;
  /** Gives a job back at once (graceful shutdown, or a failure to retry). Fails with StoreUnavailable. */
  readonly release: (jobId: string, workerId: string, lastError?: string) => Effect.Effect<void, StoreUnavailable>;
  /** Jobs waiting or held, for metrics. Fails with StoreUnavailable. */
  readonly depth: Effect.Effect<number, StoreUnavailable>;
}
