/**
 * The service on PostgreSQL + S3 under load and faults (docs/adr/0016-s3-deadlines-and-bounded-waits.md):
 *
 * - load with both cores kept busy by other processes: many concurrent block uploads, each block
 *   sent twice at once, and whole uploads beside them;
 * - the S3 server killed in the middle of uploads, then started again;
 * - the service's database connections ended by the server (pg_terminate_backend) while the
 *   worker applies a batch and uploads arrive.
 *
 * Every request is answered within a bound (the client gives up after REQUEST_BOUND_MS, which
 * fails the test), a refusal during a fault is a 503 with Retry-After (never a 500), the client
 * retries as a real one would, and afterwards every batch that was accepted is complete exactly
 * once: each item applied once, no job left. The service then stops within its bound.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Effect } from "effect";
import { sql } from "kysely";
import { openDatabase } from "@batch/store-sql";
import { resolve } from "../src/composition/token";
import { Tokens } from "../src/composition/tokens";
import { CLOSE_TIMEOUT_MS } from "../src/service";
import { POSTGRES_URL, postgresS3, type Backend } from "./support/backends";
import { makeErpClient, type ErpClient, type Reply } from "./support/erp-client";
import { accessToken, startTestService, type TestService } from "./support/service";

const BLOCK = 64;
/** Longest wait for any one answer; far above what a request takes, far below a hang. */
const REQUEST_BOUND_MS = 30_000;
const SHUTDOWN_TIMEOUT_SECONDS = 5;

const SERVICE_ENV = {
  BATCH_DATA_BLOCK_SIZE: String(BLOCK),
  BATCH_DATABASE_POOL_SIZE: "4",
  BATCH_DATABASE_POOL_TIMEOUT_SECONDS: "2",
  BATCH_BLOB_TIMEOUT_SECONDS: "5",
  BATCH_JOB_LEASE_SECONDS: "3",
  BATCH_SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
};

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const companies = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ referenceId: `${prefix}-${i + 1}`, name: `Company ${i + 1}`, registeredCountry: "DE" }));
const blocksOf = (bytes: Uint8Array): Array<Uint8Array> => {
  const blocks: Array<Uint8Array> = [];
  for (let offset = 0; offset < bytes.byteLength; offset += BLOCK) blocks.push(bytes.slice(offset, offset + BLOCK));
  return blocks;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sequence = 0;
const ref = (label: string) => `${label}-${process.pid}-${++sequence}`;

/** What the client saw: every status, and how long the slowest answer took. */
class Observed {
  readonly statuses = new Map<number, number>();
  slowestMs = 0;
  refusalsWithoutRetryAfter = 0;
  record(reply: Reply, ms: number) {
    this.statuses.set(reply.status, (this.statuses.get(reply.status) ?? 0) + 1);
    this.slowestMs = Math.max(this.slowestMs, ms);
    if (reply.status === 503 && reply.headers.get("retry-after") === null) this.refusalsWithoutRetryAfter += 1;
  }
  count(status: number) {
    return this.statuses.get(status) ?? 0;
  }
  get total() {
    return [...this.statuses.values()].reduce((a, b) => a + b, 0);
  }
  serverErrorsOtherThan503() {
    return [...this.statuses.entries()].filter(([status]) => status >= 500 && status !== 503);
  }
}

/** Sends until the answer is not a 503, as a client honouring Retry-After does (capped at 1 s here). */
const untilServed = async (observed: Observed, send: () => Promise<Reply>, giveUpAfterMs = 90_000): Promise<Reply> => {
  const until = Date.now() + giveUpAfterMs;
  for (;;) {
    const started = Date.now();
    const reply = await send();
    observed.record(reply, Date.now() - started);
    if (reply.status !== 503 || Date.now() > until) return reply;
    await sleep(Math.min(1000, Number(reply.headers.get("retry-after") ?? "1") * 1000));
  }
};

/** Runs `tasks` with at most `width` at once. */
const inParallel = async <A>(width: number, tasks: ReadonlyArray<() => Promise<A>>): Promise<Array<A>> => {
  const results: Array<A> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await (tasks[i] as () => Promise<A>)();
      }
    }),
  );
  return results;
};

/** Busy processes, one per core: the CPU contention of a full test run on a small machine. */
const burnCores = (n: number): (() => void) => {
  const burners: Array<ChildProcess> = Array.from({ length: n }, () =>
    spawn(process.execPath, ["-e", "const end = Date.now() + 300000; while (Date.now() < end) {}"], { stdio: "ignore" }),
  );
  return () => {
    for (const burner of burners) burner.kill("SIGKILL");
  };
};

describe("the service on PostgreSQL + S3 under load and faults", () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await postgresS3.create();
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  /** A service of its own for each test, stopped (and timed) at its end. */
  const withService = async (test: (svc: TestService, erp: ErpClient) => Promise<void>) => {
    const svc = await startTestService(backend, SERVICE_ENV);
    try {
      await test(svc, makeErpClient(svc.baseUrl, await accessToken(svc), { timeoutMs: REQUEST_BOUND_MS }));
    } finally {
      const started = Date.now();
      await svc.stop();
      expect(Date.now() - started).toBeLessThan(SHUTDOWN_TIMEOUT_SECONDS * 1000 + CLOSE_TIMEOUT_MS);
    }
  };

  /** A block batch: created, then every block sent twice at once. Answers the batch id. */
  const blockBatch = (observed: Observed, erp: ErpClient, records: ReadonlyArray<unknown>) => async () => {
    const payload = json(records);
    const created = await untilServed(observed, () =>
      erp.createBatch({ clientRefId: ref("load"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalPayloadSize: payload.byteLength, totalLineItemCount: records.length }),
    );
    expect(created.status).toBe(201);
    const batchId = String(created.body.batchId);
    const blocks = blocksOf(payload);
    const firstReceipts = (
      await inParallel(
        4,
        blocks.map((block, i) => async () => {
          const twice = await Promise.all([untilServed(observed, () => erp.putBlock(batchId, i + 1, block)), untilServed(observed, () => erp.putBlock(batchId, i + 1, block))]);
          expect(twice.map((r) => r.status).sort()).toEqual([200, 201]);
          return 1;
        }),
      )
    ).length;
    expect(firstReceipts).toBe(blocks.length);
    return batchId;
  };

  const wholeUpload = (observed: Observed, erp: ErpClient, records: ReadonlyArray<unknown>) => async () => {
    const payload = json(records);
    const query = { clientRefId: ref("whole"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalLineItemCount: records.length, totalPayloadSize: payload.byteLength };
    const reply = await untilServed(observed, () => erp.uploadWhole(query, payload));
    // A retry after a 503 whose first attempt had been stored answers 200 with the same batch.
    expect([200, 202]).toContain(reply.status);
    return String(reply.body.batchId);
  };

  /** Every accepted batch completed, each item applied exactly once, and no job left behind. */
  const expectCompleteExactlyOnce = async (svc: TestService, erp: ErpClient, batches: ReadonlyArray<{ readonly batchId: string; readonly items: number }>) => {
    for (const { batchId, items } of batches) {
      const done = await erp.waitForTerminal(batchId, 120_000);
      expect(done.body, `${batchId}: ${JSON.stringify(done.body.errors)}`).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: items, succeeded: items, failed: 0 } });
      const listed: Array<{ itemNumber: number; status: string }> = [];
      let cursor: string | null = null;
      do {
        const page: Reply<{ items: Array<{ itemNumber: number; status: string }>; nextCursor: string | null }> = await erp.call(
          "GET",
          `/erp/v1/batches/${batchId}/items?limit=1000${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
        );
        listed.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect(listed.map((i) => i.itemNumber)).toEqual(Array.from({ length: items }, (_, i) => i + 1));
      expect(listed.every((i) => i.status === "COMPLETE")).toBe(true);
    }
    const queue = await resolve(svc.service.container, Tokens.JobQueue);
    const until = Date.now() + 30_000;
    while ((await Effect.runPromise(queue.depth)) > 0 && Date.now() < until) await sleep(200);
    expect(await Effect.runPromise(queue.depth)).toBe(0);
  };

  const readiness = (svc: TestService) => fetch(`${svc.baseUrl}/readyz`, { signal: AbortSignal.timeout(REQUEST_BOUND_MS) }).then((r) => r.status);

  it("answers every request within its bound with both cores busy, and completes every accepted batch exactly once", { timeout: 300_000 }, async () => {
    const stopBurning = burnCores(2);
    try {
      await withService(async (svc, erp) => {
        const observed = new Observed();
        const started = Date.now();
        const tasks = [
          ...Array.from({ length: 6 }, (_, i) => async () => ({ batchId: await blockBatch(observed, erp, companies(12, ref(`b${i}`)))(), items: 12 })),
          ...Array.from({ length: 8 }, (_, i) => async () => ({ batchId: await wholeUpload(observed, erp, companies(30, ref(`w${i}`)))(), items: 30 })),
        ];
        // Readiness and listings are asked while the uploads run: they too answer within the bound.
        let uploading = true;
        const probes = (async () => {
          const seen: Array<number> = [];
          while (uploading) {
            const t = Date.now();
            seen.push(await readiness(svc));
            const listed = await erp.call("GET", "/erp/v1/batches?limit=5");
            observed.record(listed, Date.now() - t);
            await sleep(250);
          }
          return seen;
        })();
        const batches = await inParallel(6, tasks);
        uploading = false;
        const readySeen = await probes;
        await expectCompleteExactlyOnce(svc, erp, batches);
        expect(observed.serverErrorsOtherThan503()).toEqual([]);
        expect(observed.refusalsWithoutRetryAfter).toBe(0);
        expect(observed.slowestMs).toBeLessThan(REQUEST_BOUND_MS);
        expect(readySeen.every((status) => status === 200 || status === 503)).toBe(true);
        console.info(
          `load: ${observed.total} requests in ${Date.now() - started} ms, statuses ${JSON.stringify(Object.fromEntries(observed.statuses))}, slowest answer ${observed.slowestMs} ms`,
        );
      });
    } finally {
      stopBurning();
    }
  });

  it("answers 503 while the S3 server is down and serves the same requests once it is back; nothing accepted is lost or applied twice", { timeout: 300_000 }, async () => {
    const s3 = backend.s3;
    if (s3 === undefined) throw new Error("the PostgreSQL + S3 backend has an S3 server");
    await withService(async (svc, erp) => {
      const observed = new Observed();
      // Accepted before the fault, some of them still being processed when it comes.
      const before = await inParallel(4, Array.from({ length: 6 }, (_, i) => async () => ({ batchId: await wholeUpload(observed, erp, companies(25, ref(`pre${i}`)))(), items: 25 })));
      await s3.kill();
      const downAt = Date.now();
      // During the fault: uploads and block puts are refused with 503 at once, readiness says so.
      const records = companies(10, ref("during"));
      const payload = json(records);
      const created = await erp.createBatch({ clientRefId: ref("d"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalPayloadSize: payload.byteLength });
      expect(created.status).toBe(201);
      const duringBatchId = String(created.body.batchId);
      const duringWhole = { clientRefId: ref("dw"), referenceId: ref("r"), payloadObjectType: "COMPANY", totalLineItemCount: records.length, totalPayloadSize: payload.byteLength };
      const refused: Array<Reply> = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const t = Date.now();
        const replies = [await erp.uploadWhole(duringWhole, payload), await erp.putBlock(duringBatchId, 1, blocksOf(payload)[0] ?? new Uint8Array())];
        for (const reply of replies) observed.record(reply, Date.now() - t);
        refused.push(...replies);
      }
      expect(refused.map((r) => r.status)).toEqual(Array(6).fill(503));
      expect(refused.every((r) => r.headers.get("retry-after") !== null)).toBe(true);
      expect(await readiness(svc)).toBe(503);
      // Back: the same requests succeed, and readiness recovers by itself.
      await s3.restart();
      const upAt = Date.now();
      const readyAgainAt = await (async () => {
        while ((await readiness(svc)) !== 200) await sleep(100);
        return Date.now();
      })();
      const whole = await untilServed(observed, () => erp.uploadWhole(duringWhole, payload));
      expect(whole.status).toBe(202);
      const blocks = blocksOf(payload);
      for (const [i, block] of blocks.entries()) expect((await untilServed(observed, () => erp.putBlock(duringBatchId, i + 1, block))).status).toBe(201);
      const after = await inParallel(4, Array.from({ length: 4 }, (_, i) => async () => ({ batchId: await wholeUpload(observed, erp, companies(25, ref(`post${i}`)))(), items: 25 })));
      await expectCompleteExactlyOnce(svc, erp, [...before, ...after, { batchId: String(whole.body.batchId), items: 10 }, { batchId: duringBatchId, items: 10 }]);
      expect(observed.serverErrorsOtherThan503()).toEqual([]);
      console.info(
        `S3 fault: down ${upAt - downAt} ms; ${observed.total} requests, statuses ${JSON.stringify(Object.fromEntries(observed.statuses))}; ready again ${readyAgainAt - upAt} ms after the restart`,
      );
    });
  });

  it("loses nothing and applies nothing twice when the database ends the service's connections in the middle of units of work", { timeout: 300_000 }, async () => {
    const schema = backend.schema;
    if (schema === undefined) throw new Error("the PostgreSQL + S3 backend has a schema");
    const admin = await openDatabase(POSTGRES_URL, { migrate: false, poolSize: 1 });
    try {
      await withService(async (svc, erp) => {
        const observed = new Observed();
        // A batch the worker applies in several chunks while its connections are ended.
        const big = { batchId: await wholeUpload(observed, erp, companies(12_000, ref("big")))(), items: 12_000 };
        const waitProcessing = Date.now() + 60_000;
        while ((await erp.getBatch(big.batchId)).body.status !== "PROCESSING" && Date.now() < waitProcessing) await sleep(20);
        let terminated = 0;
        let faulting = true;
        const faults = (async () => {
          while (faulting) {
            const { rows } = await sql<{ ended: boolean }>`
              select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = ${`batchport/${schema}`}`.execute(admin.db);
            terminated += rows.filter((r) => r.ended).length;
            await sleep(150);
          }
        })();
        // Uploads and reads while connections keep being ended: served, or refused with 503, never a 500.
        const during = await inParallel(3, Array.from({ length: 6 }, (_, i) => async () => ({ batchId: await wholeUpload(observed, erp, companies(15, ref(`pg${i}`)))(), items: 15 })));
        for (let i = 0; i < 10; i++) {
          const t = Date.now();
          observed.record(await erp.getBatch(big.batchId), Date.now() - t);
        }
        faulting = false;
        await faults;
        expect(terminated).toBeGreaterThan(0);
        await expectCompleteExactlyOnce(svc, erp, [big, ...during]);
        expect(observed.serverErrorsOtherThan503()).toEqual([]);
        console.info(`database fault: ${terminated} connections ended; ${observed.total} requests, statuses ${JSON.stringify(Object.fromEntries(observed.statuses))}`);
      });
    } finally {
      await admin.close();
    }
  });
});
