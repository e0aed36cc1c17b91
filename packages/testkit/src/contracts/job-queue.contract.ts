/**
 * The contract every JobOutbox/JobQueue pair honours (in-memory, SQLite, PostgreSQL): jobs are
 * written with the unit of work, claimed by one worker at a time under a lease, taken over once
 * the lease expires, counted in attempts, and enqueued at most once per subject while pending.
 */
import { describe, expect, it } from "vitest";
import { Effect, Option } from "effect";
import type { ClaimedJob, JobKind, JobOutbox, JobQueue, NewJob, OrganizationId } from "@batch/core";
import { freshFixtures, type StoreFixture } from "./store-fixture";

/**
 * What the unit-of-work and job-queue suites run against: a fresh, empty store with a unit of
 * work whose bag holds the job outbox under `jobs` (as the full stores bag does), and the worker
 * side of the same store.
 */
export interface JobStoreFixture extends StoreFixture<{ readonly jobs: JobOutbox }> {
  readonly queue: JobQueue;
  /**
   * More worker-side queues over the same store, as other worker processes would hold (with
   * their own connections); concurrent claimers are spread over `queue` and these.
   */
  readonly otherQueues?: ReadonlyArray<JobQueue>;
}

export type JobStoreHarness = () => Promise<JobStoreFixture>;

const ORG = "org-1" as OrganizationId;
const T0 = "2026-03-01T10:00:00.000Z";
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const LEASE = 30_000;

const job = (subjectId: string, kind: JobKind = "erp-batch", orgId: OrganizationId = ORG): NewJob => ({ orgId, kind, subjectId, at: T0 });

export const jobQueueContract = (name: string, harness: JobStoreHarness) =>
  describe(`JobQueue contract: ${name}`, () => {
    const fresh = freshFixtures(harness);
    const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
    const enqueue = (f: JobStoreFixture, ...jobs: ReadonlyArray<NewJob>) =>
      run(f.uow.run(({ jobs: outbox }) => Effect.forEach(jobs, (j) => outbox.enqueue(j), { discard: true })));
    const claim = (queue: JobQueue, workerId: string, now = T0, kinds?: ReadonlyArray<JobKind>) =>
      run(queue.claim({ workerId, now, leaseMs: LEASE, ...(kinds === undefined ? {} : { kinds }) }));
    const claimed = (o: Option.Option<ClaimedJob>): ClaimedJob => {
      expect(Option.isSome(o)).toBe(true);
      return Option.getOrThrow(o);
    };

    it("claims nothing from an empty queue", async () => {
      const f = await fresh();
      expect(Option.isNone(await claim(f.queue, "w1"))).toBe(true);
      expect(await run(f.queue.depth)).toBe(0);
    });

    it("hands out an enqueued job with its subject, one attempt and the lease", async () => {
      const f = await fresh();
      await enqueue(f, job("batch-a"));
      const j = claimed(await claim(f.queue, "w1", at(5)));
      expect(j).toMatchObject({ orgId: ORG, kind: "erp-batch", subjectId: "batch-a", at: T0, attempts: 1 });
      expect(Date.parse(j.leaseExpiresAt)).toBe(Date.parse(at(5)) + LEASE);
      expect(typeof j.jobId).toBe("string");
    });

    it("claims the oldest job first", async () => {
      const f = await fresh();
      await enqueue(f, job("first"));
      await enqueue(f, job("second"), job("third"));
      const order = [];
      for (let i = 0; i < 3; i++) order.push(claimed(await claim(f.queue, `w${i}`)).subjectId);
      expect(order).toEqual(["first", "second", "third"]);
    });

    it("does not hand a held job to another worker before its lease expires", async () => {
      const f = await fresh();
      await enqueue(f, job("only"));
      claimed(await claim(f.queue, "w1"));
      expect(Option.isNone(await claim(f.queue, "w2", at(LEASE - 1)))).toBe(true);
      expect(Option.isNone(await claim(f.queue, "w2", at(LEASE)))).toBe(true);
    });

    it("hands a job whose lease expired to another worker with attempts + 1, and the first worker loses it", async () => {
      const f = await fresh();
      await enqueue(f, job("crashy"));
      const first = claimed(await claim(f.queue, "w1"));
      const second = claimed(await claim(f.queue, "w2", at(LEASE + 1)));
      expect(second.jobId).toBe(first.jobId);
      expect(second.attempts).toBe(2);
      expect(await run(f.queue.renew(first.jobId, "w1", at(LEASE + 2), LEASE))).toBe(false);
      expect(await run(f.queue.complete(first.jobId, "w1"))).toBe(false);
      expect(await run(f.queue.depth)).toBe(1);
      const third = claimed(await claim(f.queue, "w3", at(2 * LEASE + 2)));
      expect(third.attempts).toBe(3);
    });

    it("renewing extends the lease of the worker that holds the job", async () => {
      const f = await fresh();
      await enqueue(f, job("long"));
      const j = claimed(await claim(f.queue, "w1"));
      expect(await run(f.queue.renew(j.jobId, "w1", at(LEASE - 1000), LEASE))).toBe(true);
      expect(Option.isNone(await claim(f.queue, "w2", at(LEASE + 1)))).toBe(true);
      expect(Option.isSome(await claim(f.queue, "w2", at(2 * LEASE)))).toBe(true);
    });

    it("renewing, completing or releasing a job the worker does not hold changes nothing", async () => {
      const f = await fresh();
      await enqueue(f, job("mine"));
      const j = claimed(await claim(f.queue, "w1"));
      expect(await run(f.queue.renew(j.jobId, "w2", T0, LEASE))).toBe(false);
      expect(await run(f.queue.complete(j.jobId, "w2"))).toBe(false);
      await run(f.queue.release(j.jobId, "w2", "not mine"));
      expect(Option.isNone(await claim(f.queue, "w3", at(1)))).toBe(true);
      expect(await run(f.queue.complete("999999", "w1"))).toBe(false);
      expect(await run(f.queue.complete("not-a-job-id", "w1"))).toBe(false);
      expect(await run(f.queue.depth)).toBe(1);
    });

    it("completing removes the job", async () => {
      const f = await fresh();
      await enqueue(f, job("done"));
      const j = claimed(await claim(f.queue, "w1"));
      expect(await run(f.queue.complete(j.jobId, "w1"))).toBe(true);
      expect(await run(f.queue.depth)).toBe(0);
      expect(Option.isNone(await claim(f.queue, "w2", at(10 * LEASE)))).toBe(true);
    });

    it("releasing gives the job back at once; the next claim counts another attempt", async () => {
      const f = await fresh();
      await enqueue(f, job("retry"));
      const j = claimed(await claim(f.queue, "w1"));
      await run(f.queue.release(j.jobId, "w1", "the blob store was unavailable"));
      const again = claimed(await claim(f.queue, "w2", at(1)));
      expect(again.jobId).toBe(j.jobId);
      expect(again.attempts).toBe(2);
    });

    it("enqueueing the same kind and subject while it is pending is a no-op, held or waiting", async () => {
      const f = await fresh();
      await enqueue(f, job("dup"), job("dup"));
      await enqueue(f, job("dup"));
      expect(await run(f.queue.depth)).toBe(1);
      const j = claimed(await claim(f.queue, "w1"));
      await enqueue(f, job("dup"));
      expect(await run(f.queue.depth)).toBe(1);
      expect(await run(f.queue.complete(j.jobId, "w1"))).toBe(true);
      await enqueue(f, job("dup"));
      expect(await run(f.queue.depth)).toBe(1);
      expect(claimed(await claim(f.queue, "w2")).attempts).toBe(1);
    });

    it("keeps jobs of another kind or organization for the same subject apart", async () => {
      const f = await fresh();
      await enqueue(f, job("s", "erp-batch"), job("s", "batch-process"), job("s", "erp-batch", "org-2" as OrganizationId));
      expect(await run(f.queue.depth)).toBe(3);
    });

    it("claims only the kinds asked for", async () => {
      const f = await fresh();
      await enqueue(f, job("e1", "erp-batch"), job("p1", "batch-process"));
      expect(claimed(await claim(f.queue, "w1", T0, ["batch-process"])).subjectId).toBe("p1");
      expect(Option.isNone(await claim(f.queue, "w1", T0, ["batch-process"]))).toBe(true);
      expect(Option.isNone(await claim(f.queue, "w1", T0, []))).toBe(true);
      expect(claimed(await claim(f.queue, "w1", T0, ["erp-batch", "batch-process"])).subjectId).toBe("e1");
    });

    it("counts waiting and held jobs in depth", async () => {
      const f = await fresh();
      await enqueue(f, job("a"), job("b"), job("c"));
      claimed(await claim(f.queue, "w1"));
      expect(await run(f.queue.depth)).toBe(3);
    });

    it("keeps no job when the unit of work that enqueued it fails", async () => {
      const f = await fresh();
      const outcome = await run(
        Effect.either(f.uow.run(({ jobs }) => jobs.enqueue(job("rolled-back")).pipe(Effect.zipRight(Effect.fail("boom" as const))))),
      );
      expect(outcome._tag).toBe("Left");
      expect(await run(f.queue.depth)).toBe(0);
      expect(Option.isNone(await claim(f.queue, "w1"))).toBe(true);
    });

    it("never gives one job to two of many concurrent claimers", async () => {
      const f = await fresh();
      const total = 120;
      await enqueue(f, ...Array.from({ length: total }, (_, i) => job(`job-${i}`)));
      const queues = [f.queue, ...(f.otherQueues ?? [])];
      const claimers = 8;
      const worker = (w: number) =>
        Effect.gen(function* () {
          const queue = queues[w % queues.length] as JobQueue;
          const mine: Array<string> = [];
          for (;;) {
            const next = yield* queue.claim({ workerId: `w${w}`, now: T0, leaseMs: LEASE });
            if (Option.isNone(next)) return mine;
            expect(next.value.attempts).toBe(1);
            mine.push(next.value.jobId);
          }
        });
      const perWorker = await run(Effect.all(Array.from({ length: claimers }, (_, w) => worker(w)), { concurrency: "unbounded" }));
      const all = perWorker.flat();
      expect(all).toHaveLength(total);
      expect(new Set(all).size).toBe(total);
      expect(await run(f.queue.depth)).toBe(total);
    });
  });
