/**
 * The job queue over MemoryDb, with the SQL queue's semantics (packages/store-sql
 * sql-job-queue.ts): a job lives from enqueue until completed; enqueueing the same organization,
 * kind and subject meanwhile is a no-op; a claim takes the oldest job that has no worker or whose
 * lease expired before `now`, and counts the attempt.
 *
 * The outbox writes inside the in-memory unit of work (rolled back with it). The worker side
 * takes the same lock as units of work, so a unit of work that fails and restores its snapshot
 * cannot undo a claim made while it ran.
 */
import { Effect, Option } from "effect";
import type { ClaimedJob, JobKind, JobOutbox, JobQueue, NewJob } from "@batch/core";
import { nextSequence, table, type MemoryDb } from "./memory-db";

interface JobRow extends NewJob {
  readonly seq: number;
  readonly workerId?: string;
  readonly leaseExpiresAt?: string;
  readonly attempts: number;
  readonly lastError?: string;
}

const TABLE = "jobs";
const subjectKey = (job: NewJob) => JSON.stringify([job.orgId, job.kind, job.subjectId]);
const time = (instant: string) => Date.parse(instant);

export const makeMemoryJobQueue = (db: MemoryDb): { readonly outbox: JobOutbox; readonly queue: JobQueue } => {
  const jobs = () => table<JobRow>(db, TABLE);
  const exclusive = <A>(f: () => A) => db.lock.withPermits(1)(Effect.sync(f));
  const held = (jobId: string, workerId: string): JobRow | undefined => {
    const row = jobs().get(jobId);
    return row !== undefined && row.workerId === workerId ? row : undefined;
  };

  const outbox: JobOutbox = {
    enqueue: (job) =>
      Effect.sync(() => {
        const rows = jobs();
        const key = subjectKey(job);
        for (const row of rows.values()) if (subjectKey(row) === key) return;
        const seq = nextSequence(db, TABLE);
        rows.set(String(seq), { orgId: job.orgId, kind: job.kind, subjectId: job.subjectId, at: new Date(time(job.at)).toISOString(), seq, attempts: 0 });
      }),
  };

  const queue: JobQueue = {
    claim: ({ workerId, now, leaseMs, kinds }) =>
      exclusive((): Option.Option<ClaimedJob> => {
        const nowMs = time(now);
        const wanted = (kind: JobKind) => kinds === undefined || kinds.includes(kind);
        let oldest: JobRow | undefined;
        for (const row of jobs().values()) {
          const claimable = row.workerId === undefined || time(row.leaseExpiresAt ?? now) < nowMs;
          if (claimable && wanted(row.kind) && (oldest === undefined || row.seq < oldest.seq)) oldest = row;
        }
        if (oldest === undefined) return Option.none();
        const leaseExpiresAt = new Date(nowMs + leaseMs).toISOString();
        const claimed: JobRow = { ...oldest, workerId, leaseExpiresAt, attempts: oldest.attempts + 1 };
        jobs().set(String(oldest.seq), claimed);
        return Option.some({
          jobId: String(claimed.seq),
          orgId: claimed.orgId,
          kind: claimed.kind,
          subjectId: claimed.subjectId,
          at: claimed.at,
          attempts: claimed.attempts,
          leaseExpiresAt,
        });
      }),
    renew: (jobId, workerId, now, leaseMs) =>
      exclusive(() => {
        const row = held(jobId, workerId);
        if (row === undefined) return false;
        jobs().set(jobId, { ...row, leaseExpiresAt: new Date(time(now) + leaseMs).toISOString() });
        return true;
      }),
    complete: (jobId, workerId) =>
      exclusive(() => held(jobId, workerId) !== undefined && jobs().delete(jobId)),
    release: (jobId, workerId, lastError) =>
      exclusive(() => {
        const row = held(jobId, workerId);
        if (row === undefined) return;
        const { workerId: _w, leaseExpiresAt: _l, ...waiting } = row;
        jobs().set(jobId, { ...waiting, ...(lastError === undefined ? {} : { lastError }) });
      }),
    depth: exclusive(() => jobs().size),
  };
  return { outbox, queue };
};
