/**
 * The contract every UnitOfWork honours: what the work writes through its stores is kept when
 * the work succeeds and nothing is kept when it fails half way, whether by a typed error (passed
 * on unchanged), a defect or an interruption. Writes are observed through the job outbox and the
 * queue's depth, which every store has.
 */
import { describe, expect, it } from "vitest";
import { Cause, Data, Deferred, Effect, Exit, Fiber, Option } from "effect";
import type { NewJob, OrganizationId } from "@batch/core";
import type { JobStoreFixture, JobStoreHarness } from "./job-queue.contract";
import { freshFixtures } from "./store-fixture";

const ORG = "org-1" as OrganizationId;
const T0 = "2026-03-01T10:00:00.000Z";
const job = (subjectId: string): NewJob => ({ orgId: ORG, kind: "batch-process", subjectId, at: T0 });

class WorkRefused extends Data.TaggedError("Test.WorkRefused")<{ readonly reason: string }> {}

export const unitOfWorkContract = (name: string, harness: JobStoreHarness) =>
  describe(`UnitOfWork contract: ${name}`, () => {
    const fresh = freshFixtures(harness);
    const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
    const depth = (f: JobStoreFixture) => run(f.queue.depth);

    it("keeps what successful work wrote and returns its value", async () => {
      const f = await fresh();
      const value = await run(f.uow.run(({ jobs }) => jobs.enqueue(job("a")).pipe(Effect.zipRight(jobs.enqueue(job("b"))), Effect.as(42))));
      expect(value).toBe(42);
      expect(await depth(f)).toBe(2);
    });

    it("keeps nothing when the work fails half way, and passes the typed error on unchanged", async () => {
      const f = await fresh();
      const refused = new WorkRefused({ reason: "the third step refused" });
      const exit = await Effect.runPromiseExit(
        f.uow.run(({ jobs }) =>
          Effect.gen(function* () {
            yield* jobs.enqueue(job("a"));
            yield* jobs.enqueue(job("b"));
            return yield* refused;
          }),
        ),
      );
      expect(Exit.isFailure(exit)).toBe(true);
      if (Exit.isFailure(exit)) expect(Option.getOrUndefined(Cause.failureOption(exit.cause))).toBe(refused);
      expect(await depth(f)).toBe(0);
    });

    it("keeps nothing when the work dies with a defect, and passes the defect on", async () => {
      const f = await fresh();
      const exit = await Effect.runPromiseExit(
        f.uow.run(({ jobs }) =>
          jobs.enqueue(job("a")).pipe(
            Effect.zipRight(
              Effect.sync(() => {
                throw new Error("a bug in the use case");
              }),
            ),
          ),
        ),
      );
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true);
      if (Exit.isFailure(exit)) expect(String(Option.getOrUndefined(Cause.dieOption(exit.cause)))).toContain("a bug in the use case");
      expect(await depth(f)).toBe(0);
    });

    it("keeps nothing when the work is interrupted", async () => {
      const f = await fresh();
      const wrote = await run(Deferred.make<void>());
      const fiber = Effect.runFork(
        f.uow.run(({ jobs }) => jobs.enqueue(job("a")).pipe(Effect.zipRight(Deferred.succeed(wrote, undefined)), Effect.zipRight(Effect.never))),
      );
      await run(Deferred.await(wrote));
      const exit = await run(Fiber.interrupt(fiber));
      expect(Exit.isInterrupted(exit)).toBe(true);
      expect(await depth(f)).toBe(0);
    });

    it("a failure leaves the store usable: many failed units of work, then one that commits", async () => {
      const f = await fresh();
      for (let i = 0; i < 25; i++) {
        const outcome = await run(Effect.either(f.uow.run(({ jobs }) => jobs.enqueue(job(`x${i}`)).pipe(Effect.zipRight(new WorkRefused({ reason: "no" }))))));
        expect(outcome._tag).toBe("Left");
      }
      await run(f.uow.run(({ jobs }) => jobs.enqueue(job("kept"))));
      expect(await depth(f)).toBe(1);
    });

    it("commits concurrent units of work independently", async () => {
      const f = await fresh();
      const outcomes = await run(
        Effect.all(
          Array.from({ length: 12 }, (_, i) =>
            Effect.either(
              f.uow.run(({ jobs }) =>
                jobs.enqueue(job(`c${i}`)).pipe(Effect.zipRight(i % 3 === 0 ? new WorkRefused({ reason: "every third fails" }) : Effect.void)),
              ),
            ),
          ),
          { concurrency: "unbounded" },
        ),
      );
      expect(outcomes.filter((o) => o._tag === "Left")).toHaveLength(4);
      expect(await depth(f)).toBe(8);
    });
  });
