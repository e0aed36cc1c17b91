/**
 * The worker loop over the in-memory job queue (the same semantics as the SQL queue's contract):
 * completes jobs, retries failures with a pause, gives a job up after MAX_JOB_ATTEMPTS, and
 * releases the running job when stopped.
 */
import { describe, expect, it } from "vitest";
import { Effect } from "effect";
import { StoreUnavailable, type ClaimedJob, type JobKind, type OrganizationId } from "@batch/core";
import { makeMemoryDb, makeMemoryJobQueue } from "@batch/testkit";
import { systemClock } from "../src/composition/system";
import { makeLogger } from "../src/observability/logger";
import { makeMetrics } from "../src/observability/metrics";
import { makeJobWorker, MAX_JOB_ATTEMPTS, type JobHandler } from "../src/worker/job-worker";

const ORG = "6f1c2a4e-1b7d-4c7e-9a55-000000000001" as OrganizationId;

const setUp = (handler: JobHandler, leaseMs = 60_000, pollMs = 20) => {
  // Short pauses between attempts: these tests count attempts, they do not time them.
  const { outbox, queue } = makeMemoryJobQueue(makeMemoryDb());
  const metrics = makeMetrics();
  const worker = makeJobWorker({
    queue,
    clock: systemClock,
    logger: makeLogger("silent"),
    metrics,
    handlers: { "erp-batch": handler } as Partial<Record<JobKind, JobHandler>>,
    leaseMs,
    pollMs,
    retryBackoffMs: () => 10,
  });
  const enqueue = (subjectId: string) => Effect.runPromise(outbox.enqueue({ orgId: ORG, kind: "erp-batch", subjectId, at: new Date().toISOString() }));
  const outcome = async (name: string) => (await metrics.jobsProcessed.get()).values.find((v) => v.labels.outcome === name)?.value ?? 0;
  return { queue, worker, enqueue, outcome };
};

const until = async (condition: () => Promise<boolean>, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("job worker", () => {
  it("starts on a job queued in its process when woken, not at its next poll", async () => {
    const seen: Array<string> = [];
    // A poll interval far longer than the test may take: only the wake-up can start the job.
    const { worker, enqueue } = setUp((job) => Effect.sync(() => void seen.push(job.subjectId)), 60_000, 3_600_000);
    worker.start();
    await new Promise((r) => setTimeout(r, 50)); // the empty queue was polled; the worker waits
    await enqueue("woken");
    worker.wake();
    await until(async () => seen.length === 1);
    // And again, once it has gone back to waiting.
    await new Promise((r) => setTimeout(r, 50));
    await enqueue("second");
    worker.wake();
    await until(async () => seen.length === 2);
    await worker.stop();
    expect(seen).toEqual(["woken", "second"]);
  });

  it("runs each job's handler and completes it", async () => {
    const seen: Array<string> = [];
    const { queue, worker, enqueue } = setUp((job) => Effect.sync(() => void seen.push(job.subjectId)));
    await enqueue("a");
    await enqueue("b");
    worker.start();
    await until(async () => (await Effect.runPromise(queue.depth)) === 0);
    await worker.stop();
    expect(seen.sort()).toEqual(["a", "b"]);
  });

  it("releases a failed job for another attempt, and succeeds on it", async () => {
    const attempts: Array<number> = [];
    const { queue, worker, enqueue, outcome } = setUp((job: ClaimedJob) => {
      attempts.push(job.attempts);
      return job.attempts === 1 ? Effect.fail("transient") : Effect.void;
    });
    await enqueue("flaky");
    worker.start();
    await until(async () => (await Effect.runPromise(queue.depth)) === 0);
    await worker.stop();
    expect(attempts).toEqual([1, 2]);
    expect(await outcome("failed")).toBe(1);
    expect(await outcome("completed")).toBe(1);
  });

  it(`gives a job up after ${MAX_JOB_ATTEMPTS} failed attempts`, async () => {
    let calls = 0;
    const { queue, worker, enqueue, outcome } = setUp(() => {
      calls += 1;
      return Effect.die(new Error("poison"));
    });
    await enqueue("poison");
    worker.start();
    await until(async () => (await outcome("abandoned")) === 1);
    await worker.stop();
    expect(calls).toBe(MAX_JOB_ATTEMPTS);
    expect(await Effect.runPromise(queue.depth)).toBe(0);
  });

  it("keeps retrying a job whose failures pass (the store unavailable), beyond the attempt limit", async () => {
    let calls = 0;
    const { queue, worker, enqueue, outcome } = setUp(() => {
      calls += 1;
      return calls <= MAX_JOB_ATTEMPTS + 2 ? Effect.fail(new StoreUnavailable({ message: "connection refused" })) : Effect.void;
    });
    await enqueue("outage");
    worker.start();
    await until(async () => (await outcome("completed")) === 1);
    await worker.stop();
    expect(calls).toBe(MAX_JOB_ATTEMPTS + 3);
    expect(await outcome("abandoned")).toBe(0);
    expect(await Effect.runPromise(queue.depth)).toBe(0);
  });

  it("interrupts and releases the running job when stopped", async () => {
    let started = false;
    const { queue, worker, enqueue, outcome } = setUp(() => Effect.zipRight(Effect.sync(() => (started = true)), Effect.never));
    await enqueue("long");
    worker.start();
    await until(async () => started);
    await worker.stop();
    expect(await outcome("released")).toBe(1);
    // Released, not held: another worker can claim it at once.
    const claimed = await Effect.runPromise(queue.claim({ workerId: "other", now: new Date().toISOString(), leaseMs: 1000 }));
    expect(claimed._tag).toBe("Some");
  });
});
