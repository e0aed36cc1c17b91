/**
 * The job table as an outbox (written inside a unit of work, so a job exists exactly when the
 * change that asked for it committed) and as a queue for workers.
 *
 * A job row lives from enqueue until a worker completes it. Enqueueing the same organization,
 * kind and subject while its row exists is a no-op (`jobs_subject_key`, ON CONFLICT DO NOTHING):
 * a job waiting or being worked on already covers the subject.
 *
 * A claim is one UPDATE of the oldest claimable row (no worker, or a lease that expired before
 * `now`), taking it for the worker until `now + leaseMs` and counting the attempt. On PostgreSQL
 * the row is chosen `FOR UPDATE SKIP LOCKED`, so concurrent claimers on other connections pass
 * over each other's rows instead of waiting or taking the same one; on SQLite the single writer
 * runs one claim at a time.
 */
import { Effect, Option } from "effect";
import type { Selectable } from "kysely";
import type { ClaimedJob, JobKind, JobOutbox, JobQueue, OrganizationId } from "@batch/core";
import { instantToColumn } from "./columns";
import type { SqlDatabase, SqlSession } from "./dialects/dialect";
import type { JobsTable } from "./schema";
import { query } from "./store-effect";

export const makeSqlJobOutbox = (session: SqlSession): JobOutbox => ({
  enqueue: (job) =>
    query("enqueuing a job", () =>
      session.db
        .insertInto("jobs")
        .values({ org_id: job.orgId, kind: job.kind, subject_id: job.subjectId, enqueued_at: instantToColumn(job.at) })
        .onConflict((oc) => oc.columns(["org_id", "kind", "subject_id"]).doNothing())
        .execute(),
    ).pipe(Effect.asVoid),
});

/** Job ids are the identity column's numbers as text; anything else names no job. */
const jobNumber = (jobId: string): number | undefined => (/^[1-9][0-9]{0,15}$/.test(jobId) ? Number(jobId) : undefined);

const leaseEnd = (now: string, leaseMs: number): string => new Date(Date.parse(now) + leaseMs).toISOString();

const claimedJob = (row: Selectable<JobsTable>, leaseExpiresAt: string): ClaimedJob => ({
  jobId: String(row.job_id),
  orgId: row.org_id as OrganizationId,
  kind: row.kind as JobKind,
  subjectId: row.subject_id,
  at: row.enqueued_at,
  attempts: row.attempts,
  leaseExpiresAt,
});

export const makeSqlJobQueue = (database: SqlDatabase): JobQueue => {
  const { db, dialect } = database;
  return {
    claim: ({ workerId, now, leaseMs, kinds }) => {
      if (kinds !== undefined && kinds.length === 0) return Effect.succeed(Option.none());
      const at = instantToColumn(now);
      const expires = leaseEnd(at, leaseMs);
      const oldestClaimable = dialect.lockSkippingLocked(
        db
          .selectFrom("jobs")
          .select("job_id")
          .where((eb) => eb.or([eb("worker_id", "is", null), eb("lease_expires_at", "<", at)]))
          .$if(kinds !== undefined, (qb) => qb.where("kind", "in", kinds ?? []))
          .orderBy("job_id")
          .limit(1),
      );
      return query("claiming a job", () =>
        db
          .updateTable("jobs")
          .set((eb) => ({ worker_id: workerId, lease_expires_at: expires, attempts: eb("attempts", "+", 1) }))
          .where("job_id", "=", oldestClaimable)
          .returningAll()
          .executeTakeFirst(),
      ).pipe(Effect.map((row) => Option.map(Option.fromNullable(row), (r) => claimedJob(r, expires))));
    },

    renew: (jobId, workerId, now, leaseMs) => {
      const id = jobNumber(jobId);
      if (id === undefined) return Effect.succeed(false);
      return query("renewing a job lease", () =>
        db
          .updateTable("jobs")
          .set({ lease_expires_at: leaseEnd(instantToColumn(now), leaseMs) })
          .where("job_id", "=", id)
          .where("worker_id", "=", workerId)
          .executeTakeFirst(),
      ).pipe(Effect.map((r) => r.numUpdatedRows > 0n));
    },

    complete: (jobId, workerId) => {
      const id = jobNumber(jobId);
      if (id === undefined) return Effect.succeed(false);
      return query("completing a job", () =>
        db.deleteFrom("jobs").where("job_id", "=", id).where("worker_id", "=", workerId).executeTakeFirst(),
      ).pipe(Effect.map((r) => r.numDeletedRows > 0n));
    },

    release: (jobId, workerId, lastError) => {
      const id = jobNumber(jobId);
      if (id === undefined) return Effect.void;
      return query("releasing a job", () =>
        db
          .updateTable("jobs")
          .set({ worker_id: null, lease_expires_at: null, ...(lastError === undefined ? {} : { last_error: lastError.slice(0, 2000) }) })
          .where("job_id", "=", id)
          .where("worker_id", "=", workerId)
          .execute(),
      ).pipe(Effect.asVoid);
    },

    depth: query("counting jobs", () =>
      db.selectFrom("jobs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ).pipe(Effect.map((r) => Number(r.n))),
  };
};
