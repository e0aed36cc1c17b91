/**
 * Workers as real processes: one killed with SIGKILL in the middle of a batch and another started
 * after it (the batch completes, no item is recorded or applied twice); two workers sharing one
 * PostgreSQL queue (every batch processed exactly once); SIGTERM stops a worker gracefully,
 * releasing its job at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Effect, Option } from "effect";
import type { OrganizationId } from "@batch/core";
import { resolve } from "../src/composition/token";
import { Tokens } from "../src/composition/tokens";
import { BACKENDS, postgresS3, type Backend } from "./support/backends";
import { spawnService, type ChildService } from "./support/child-service";
import { makeErpClient, type ErpClient } from "./support/erp-client";
import { accessToken, startTestService, TOKEN_SECRET, type TestService } from "./support/service";

const companies = (n: number, prefix: string) =>
  new TextEncoder().encode(JSON.stringify(Array.from({ length: n }, (_, i) => ({ referenceId: `${prefix}-${i + 1}`, name: `Company ${i + 1}`, registeredCountry: "DE" }))));

const workerEnv = (backend: Backend) => ({ ...backend.env, BATCH_ROLE: "worker", BATCH_TOKEN_SECRET: TOKEN_SECRET, BATCH_JOB_LEASE_SECONDS: "2" });

/**
 * An api-only service on a fresh backend and its ERP client, for the tests of one describe; the
 * worker processes a test starts with `spawnWorker` are killed after them.
 */
const withApiService = (create: () => Promise<Backend>) => {
  let backend: Backend | undefined;
  let api: TestService | undefined;
  let erp: ErpClient | undefined;
  const children: Array<ChildService> = [];
  const ready = <A>(value: A | undefined): A => {
    if (value === undefined) throw new Error("used before beforeAll started the service");
    return value;
  };
  beforeAll(async () => {
    backend = await create();
    api = await startTestService(backend, { BATCH_ROLE: "api" });
    erp = makeErpClient(api.baseUrl, await accessToken(api));
  });
  afterAll(async () => {
    for (const child of children) child.child.kill("SIGKILL");
    await api?.stop();
    await backend?.dispose();
  });
  return {
    get api() {
      return ready(api);
    },
    get erp() {
      return ready(erp);
    },
    /** A worker process on the backend (lease 2 s unless overridden). */
    spawnWorker: (overrides: Readonly<Record<string, string>> = {}): ChildService => {
      const child = spawnService({ ...workerEnv(ready(backend)), ...overrides });
      children.push(child);
      return child;
    },
  };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const companyCount = async (svc: TestService): Promise<number> => {
  const uow = await resolve(svc.service.container, Tokens.UnitOfWork);
  const identity = await resolve(svc.service.container, Tokens.IdentityStore);
  const org = Option.getOrThrow(await Effect.runPromise(identity.findOrganization("demo", "main")));
  return Effect.runPromise(uow.run((stores) => stores.companies.count(org.id as OrganizationId)));
};

const itemNumbers = async (erp: ErpClient, batchId: string): Promise<Array<number>> => {
  const numbers: Array<number> = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: Array<{ itemNumber: number; status: string }>; nextCursor: string | null } } = await erp.call(
      "GET",
      `/erp/v1/batches/${batchId}/items?limit=1000${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    numbers.push(...page.body.items.map((i) => i.itemNumber));
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return numbers;
};

describe.each(BACKENDS)("a worker killed mid-batch on $name", (factory) => {
  const env = withApiService(() => factory.create());

  it("is replaced by a restarted worker: the batch completes and every item is recorded and applied once", async () => {
    const count = 30_000;
    const payload = companies(count, "K");
    const upload = await env.erp.uploadWhole({ clientRefId: "crash", referenceId: "crash", payloadObjectType: "COMPANY", totalLineItemCount: count, totalPayloadSize: payload.byteLength }, payload);
    expect(upload.status).toBe(202);
    const batchId = upload.body.batchId as string;

    const first = env.spawnWorker();
    // Kill it once it has recorded some items but not all.
    const until = Date.now() + 120_000;
    for (;;) {
      const items = await env.erp.call<{ items: Array<unknown> }>("GET", `/erp/v1/batches/${batchId}/items?limit=1`);
      const batch = await env.erp.getBatch(batchId);
      if (items.body.items.length > 0 && batch.body.status === "PROCESSING") break;
      if (batch.body.status !== "QUEUED" && batch.body.status !== "PROCESSING") throw new Error(`the batch finished before the kill: ${String(batch.body.status)}`);
      if (Date.now() > until) {
        throw new Error(`the worker never started the batch\n${first.lines().slice(-10).map((l) => JSON.stringify(l)).join("\n")}\n${first.stderr()}`);
      }
      await sleep(20);
    }
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const recordedAtKill = (await itemNumbers(env.erp, batchId)).length;
    expect(recordedAtKill).toBeGreaterThan(0);
    expect(recordedAtKill).toBeLessThan(count);

    const second = env.spawnWorker();
    const done = await env.erp.waitForTerminal(batchId, 120_000);
    expect(done.body).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: count, succeeded: count, failed: 0 } });
    const numbers = await itemNumbers(env.erp, batchId);
    expect(numbers).toHaveLength(count);
    expect(new Set(numbers).size).toBe(count);
    expect(await companyCount(env.api)).toBe(count);
    const claim = second.lines().find((l) => l.msg === "job claimed" && l.subjectId === batchId);
    expect(claim?.attempt).toBe(2);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});

describe("a worker stopped with SIGTERM mid-batch", () => {
  const env = withApiService(() => BACKENDS[0]!.create());

  it("releases its job at once, so the next worker takes it over without waiting for the lease", async () => {
    const count = 30_000;
    const payload = companies(count, "T");
    const upload = await env.erp.uploadWhole({ clientRefId: "term", referenceId: "term", payloadObjectType: "COMPANY", totalLineItemCount: count, totalPayloadSize: payload.byteLength }, payload);
    const batchId = upload.body.batchId as string;
    // A lease far longer than the test: only a release lets the second worker in.
    const longLease = { BATCH_JOB_LEASE_SECONDS: "600" };
    const first = env.spawnWorker(longLease);
    await first.waitFor((l) => l.msg === "job claimed" && l.subjectId === batchId);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.lines().some((l) => l.msg === "job released at shutdown" || (l.msg === "job completed" && l.subjectId === batchId))).toBe(true);
    const second = env.spawnWorker(longLease);
    const done = await env.erp.waitForTerminal(batchId, 120_000);
    expect(done.body).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: count, succeeded: count, failed: 0 } });
    expect(await companyCount(env.api)).toBe(count);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});

describe("two workers on one PostgreSQL queue", () => {
  const env = withApiService(() => postgresS3.create());

  it("share the batches: each is processed exactly once", async () => {
    const workers = [env.spawnWorker(), env.spawnWorker()];
    await Promise.all(workers.map((w) => w.waitFor((l) => l.msg === "worker started")));
    const batchIds: Array<string> = [];
    for (let i = 0; i < 12; i++) {
      const payload = companies(1500, `W${i}`);
      const upload = await env.erp.uploadWhole({ clientRefId: "pair", referenceId: `pair-${i}`, payloadObjectType: "COMPANY", totalLineItemCount: 1500, totalPayloadSize: payload.byteLength }, payload);
      expect(upload.status).toBe(202);
      batchIds.push(upload.body.batchId as string);
    }
    for (const batchId of batchIds) {
      const done = await env.erp.waitForTerminal(batchId, 120_000);
      expect(done.body).toMatchObject({ status: "COMPLETE_SUCCESS", itemCounts: { total: 1500, succeeded: 1500, failed: 0 } });
    }
    const completions = workers.flatMap((w, index) => w.lines().filter((l) => l.msg === "job completed").map((l) => ({ index, subjectId: l.subjectId as string })));
    const claims = workers.flatMap((w) => w.lines().filter((l) => l.msg === "job claimed").map((l) => l.subjectId as string));
    expect(completions.map((c) => c.subjectId).sort()).toEqual([...batchIds].sort());
    expect(claims.sort()).toEqual([...batchIds].sort());
    expect(await companyCount(env.api)).toBe(12 * 1500);
    for (const worker of workers) worker.child.kill("SIGTERM");
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    // Both took part (reported, not required: the queue gives work to whoever asks first).
    console.info(`batches per worker: ${[0, 1].map((i) => completions.filter((c) => c.index === i).length).join(" / ")}`);
  });
});
