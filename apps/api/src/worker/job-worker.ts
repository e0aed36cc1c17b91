/**
 * The worker loop: claims one job at a time from the JobQueue under a lease, runs the handler
 * of its kind while renewing the lease, and completes it; a failed job is released with its
 * error so it is claimed again later. Stopping interrupts the running handler (its unit of work
 * rolls back) and releases the job at once, so another worker picks it up without waiting for
 * the lease to run out. A worker that dies without releasing loses its lease instead, and the
 * job is claimed again when the lease expires: handlers are idempotent (DOMAIN.md).
 */
import { randomUUID } from "node:crypto";
import { Cause, Effect, Exit, Option } from "effect";
import type { ClaimedJob, Clock, JobKind, JobQueue } from "@batch/core";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";

export type JobHandler = (job: ClaimedJob) => Effect.Effect<void, unknown>;

export interface JobWorkerOptions {
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly handlers: Readonly<Partial<Record<JobKind, JobHandler>>>;
  readonly leaseMs: number;
  /** Wait between polls of an empty queue. */
  readonly pollMs?: number;
  /** Wait after a failed attempt (by attempt number) before claiming again. */
  readonly retryBackoffMs?: (attempts: number) => number;
}

export interface JobWorker {
  readonly workerId: string;
  readonly start: () => void;
  /**
   * Ends the wait for the next poll of an empty queue at once: a job was just queued in this
   * process, so it starts now rather than up to `pollMs` later. Waits after a failure are kept.
   */
  readonly wake: () => void;
  /** Stops claiming, interrupts the running job and releases it; resolves when the loop has ended. */
  readonly stop: () => Promise<void>;
}

/** Failures that pass: the store or blob store was unreachable. Their jobs are retried however often they fail. */
const TRANSIENT = new Set(["Store.Unavailable", "Blob.Unavailable", "Store.VersionConflict"]);

const isTransient = (cause: Cause.Cause<unknown>): boolean =>
  Option.match(Cause.failureOption(cause), {
    onNone: () => false,
    onSome: (e) => typeof e === "object" && e !== null && TRANSIENT.has(String((e as { _tag?: unknown })._tag)),
  });

/**
 * A job that failed this many times for a reason that does not pass (a defect, a refusal) is
 * given up (removed from the queue) so it stops taking turns; its batch needs attention.
 */
export const MAX_JOB_ATTEMPTS = 10;

/** The wait after a failed attempt before this worker claims again: 1 s, 2 s, 4 s, ... at most 30 s. */
export const defaultRetryBackoffMs = (attempts: number) => Math.min(30_000, 1000 * 2 ** Math.max(0, attempts - 1));

const describe = (cause: Cause.Cause<unknown>): string => Cause.pretty(cause).split("\n", 1)[0]?.slice(0, 500) ?? "failed";

export const makeJobWorker = (options: JobWorkerOptions): JobWorker => {
  const workerId = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = options.logger.child({ workerId });
  const pollMs = options.pollMs ?? 500;
  const retryBackoffMs = options.retryBackoffMs ?? defaultRetryBackoffMs;
  const kinds = Object.keys(options.handlers) as ReadonlyArray<JobKind>;
  const stopping = new AbortController();
  let loop: Promise<void> | undefined;

  /** Ends the current idle wait, if any. */
  let endIdleWait: (() => void) | undefined;
  /** A wake-up since the last claim: the next idle wait is skipped (a job queued between a claim and its wait is not left waiting). */
  let wakeRequested = false;

  const sleep = (ms: number, wakeable = false) =>
    new Promise<void>((resolve) => {
      if (stopping.signal.aborted || (wakeable && wakeRequested)) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stopping.signal.removeEventListener("abort", done);
        if (endIdleWait === done) endIdleWait = undefined;
        resolve();
      }
      stopping.signal.addEventListener("abort", done, { once: true });
      if (wakeable) endIdleWait = done;
    });

  const runJob = async (job: ClaimedJob, handler: JobHandler) => {
    const jobLog = log.child({ jobId: job.jobId, kind: job.kind, subjectId: job.subjectId, orgId: job.orgId, attempt: job.attempts });
    jobLog.info("job claimed");
    const started = Date.now();
    let leaseLost = false;
    const renewal = setInterval(() => {
      void Effect.runPromise(Effect.flatMap(options.clock.now, (now) => options.queue.renew(job.jobId, workerId, now, options.leaseMs))).then(
        (held) => {
          if (!held) {
            leaseLost = true;
            jobLog.warn("job lease lost: another worker may take the job over");
          }
        },
        (error: unknown) => jobLog.warn({ err: error }, "renewing the job lease failed"),
      );
    }, Math.max(250, Math.floor(options.leaseMs / 3)));
    try {
      const exit = await Effect.runPromiseExit(handler(job), { signal: stopping.signal });
      if (Exit.isSuccess(exit)) {
        await Effect.runPromise(options.queue.complete(job.jobId, workerId));
        options.metrics.jobsProcessed.inc({ kind: job.kind, outcome: "completed" });
        jobLog.info({ durationMs: Date.now() - started, leaseLost }, "job completed");
      } else if (Cause.isInterruptedOnly(exit.cause)) {
        await Effect.runPromise(options.queue.release(job.jobId, workerId, "interrupted by shutdown"));
        options.metrics.jobsProcessed.inc({ kind: job.kind, outcome: "released" });
        jobLog.info("job released at shutdown");
      } else {
        const reason = describe(exit.cause);
        if (job.attempts >= MAX_JOB_ATTEMPTS && !isTransient(exit.cause)) {
          await Effect.runPromise(options.queue.complete(job.jobId, workerId));
          options.metrics.jobsProcessed.inc({ kind: job.kind, outcome: "abandoned" });
          jobLog.error({ reason }, `job abandoned after ${job.attempts} failed attempts; its subject needs attention`);
        } else {
          await Effect.runPromise(options.queue.release(job.jobId, workerId, reason));
          options.metrics.jobsProcessed.inc({ kind: job.kind, outcome: "failed" });
          jobLog.error({ reason }, "job failed; released for a retry");
          // A failure that repeats at once (a store down) must not spin: wait before the next claim.
          await sleep(retryBackoffMs(job.attempts));
        }
      }
    } finally {
      clearInterval(renewal);
    }
  };

  const run = async () => {
    log.info({ kinds }, "worker started");
    while (!stopping.signal.aborted) {
      try {
        wakeRequested = false;
        const now = await Effect.runPromise(options.clock.now);
        const claimed = await Effect.runPromise(options.queue.claim({ workerId, now, leaseMs: options.leaseMs, kinds }));
        if (Option.isNone(claimed)) {
          await sleep(pollMs, true);
          continue;
        }
        const handler = options.handlers[claimed.value.kind];
        if (handler === undefined) {
          // Only claimed kinds are asked for, so this is a queue that ignored `kinds`.
          await Effect.runPromise(options.queue.release(claimed.value.jobId, workerId, `no handler for ${claimed.value.kind}`));
          await sleep(pollMs);
          continue;
        }
        await runJob(claimed.value, handler);
      } catch (error) {
        log.error({ err: error }, "worker loop failed; retrying");
        await sleep(Math.max(pollMs, 1000));
      }
    }
    log.info("worker stopped");
  };

  return {
    workerId,
    start: () => {
      loop ??= run();
    },
    wake: () => {
      wakeRequested = true;
      endIdleWait?.();
    },
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
};
