/**
 * DOMAIN.md: "a batch applied twice (after a crash between apply and status update) leaves the
 * same records as applied once". A worker applies a chunk and records its results in one unit of
 * work, then dies before completing its job; the lease expires, another worker claims the job
 * again and applies the same chunk; every record and every item result exists once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Effect, Option } from "effect";
import type { Company, OrganizationId } from "@batch/core";
import { makeSqlJobQueue, makeSqlStores, makeSqlUnitOfWork, type SqlDatabase } from "../src";
import { testDatabases } from "./sql-harness";

const ORG = "org-replay" as OrganizationId;
const T0 = "2026-05-01T08:00:00.000Z";
const LEASE = 60_000;
const later = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const chunk: ReadonlyArray<Company> = Array.from({ length: 1500 }, (_, i) => ({ referenceId: `C${i + 1}`, name: `Company ${i + 1}` }));

describe.each(testDatabases)("a chunk replayed after a crash on %s", (_name, open) => {
  let database: SqlDatabase | undefined;
  afterAll(() => database?.close());

  it("leaves each record and each item result once", async () => {
    database = await open();
    const uow = makeSqlUnitOfWork(database, makeSqlStores);
    const queue = makeSqlJobQueue(database);
    const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
    await run(uow.run(({ jobs }) => jobs.enqueue({ orgId: ORG, kind: "erp-batch", subjectId: "batch-1", at: T0 })));

    const apply = uow.run(({ companies, erpBatchItems }) =>
      companies
        .upsertMany(ORG, chunk)
        .pipe(
          Effect.zipRight(
            erpBatchItems.recordResults(ORG, "batch-1", chunk.map((c, i) => ({ itemNumber: i + 1, status: "COMPLETE" as const, key: c.referenceId, errors: [] }))),
          ),
        ),
    );

    const first = Option.getOrThrow(await run(queue.claim({ workerId: "w1", now: T0, leaseMs: LEASE })));
    await run(apply);
    // w1 dies here: its job is never completed.
    expect(Option.isNone(await run(queue.claim({ workerId: "w2", now: later(LEASE - 1), leaseMs: LEASE })))).toBe(true);

    const second = Option.getOrThrow(await run(queue.claim({ workerId: "w2", now: later(LEASE + 1), leaseMs: LEASE })));
    expect(second).toMatchObject({ jobId: first.jobId, attempts: 2 });
    await run(apply);
    expect(await run(queue.complete(second.jobId, "w2"))).toBe(true);
    expect(await run(queue.complete(first.jobId, "w1"))).toBe(false);

    const [count, tally, sample] = await run(
      uow.run(({ companies, erpBatchItems }) =>
        Effect.all([companies.count(ORG), erpBatchItems.tally(ORG, "batch-1"), companies.get(ORG, "C777")]),
      ),
    );
    expect(count).toBe(chunk.length);
    expect(tally).toEqual({ pending: 0, complete: chunk.length, failed: 0, lastItemNumber: chunk.length });
    expect(Option.getOrThrow(sample)).toEqual(chunk[776]);
    expect(await run(queue.depth)).toBe(0);
  });
});
