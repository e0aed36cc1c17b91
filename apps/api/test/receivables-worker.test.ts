/**
 * A worker process killed with SIGKILL in the middle of a large seed 004 CSV and another started
 * after it: the process completes, no row is applied twice (every invoice adds 1.00 to a balance,
 * so a row applied twice would show in the sum), and the counts equal the rows read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Effect, Option } from "effect";
import { Decimal, type OrganizationId } from "@batch/core";
import { resolve } from "../src/composition/token";
import { Tokens } from "../src/composition/tokens";
import { BACKENDS, type Backend } from "./support/backends";
import { spawnService, type ChildService } from "./support/child-service";
import { csvOf, makeReceivablesClient, readCsv, type ReceivablesClient } from "./support/receivables-client";
import { accessToken, startTestService, TOKEN_SECRET, type TestService } from "./support/service";

/** Enough rows that the kill lands mid-file (SQLite applies them in about 10 s, PostgreSQL in about a minute on a loaded machine). */
const ROWS = 10_000;
const TEST_TIMEOUT_MS = 600_000;
const CUSTOMERS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(BACKENDS)("a batch-process worker killed mid-file on $name", (factory) => {
  let backend: Backend;
  let api: TestService;
  let rp: ReceivablesClient;
  const children: Array<ChildService> = [];

  beforeAll(async () => {
    backend = await factory.create();
    api = await startTestService(backend, { BATCH_ROLE: "api" });
    rp = makeReceivablesClient(api.baseUrl, await accessToken(api));
  });
  afterAll(async () => {
    for (const child of children) child.child.kill("SIGKILL");
    await api?.stop();
    await backend?.dispose();
  });

  const spawnWorker = () => {
    const child = spawnService({ ...backend.env, BATCH_ROLE: "worker", BATCH_TOKEN_SECRET: TOKEN_SECRET, BATCH_JOB_LEASE_SECONDS: "2" });
    children.push(child);
    return child;
  };

  const orgId = async () => {
    const identity = await resolve(api.service.container, Tokens.IdentityStore);
    return Option.getOrThrow(await Effect.runPromise(identity.findOrganization("demo", "main"))).id as OrganizationId;
  };

  const documentCount = async () => {
    const database = await resolve(api.service.container, Tokens.Database);
    const org = await orgId();
    const row = await database.db
      .selectFrom("receivable_documents")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("org_id", "=", org)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  const balanceSum = async () => {
    const uow = await resolve(api.service.container, Tokens.UnitOfWork);
    const org = await orgId();
    const balances = await Effect.runPromise(
      uow.run((stores) => Effect.forEach(Array.from({ length: CUSTOMERS }, (_, i) => `K${i}`), (no) => stores.customers.get(org, no))),
    );
    return Decimal.format(
      balances.reduce((sum, c) => Decimal.add(sum, Option.getOrThrow(c).balance), Decimal.zero),
      2,
    );
  };

  it("is replaced by a restarted worker: the process completes, every row applied once, counts equal to the rows read", async () => {
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({ customerno: `K${i}`, emailaddress1: `k${i}@example.com` }));
    expect((await rp.jsonUpload("customers", JSON.stringify(customers))).status).toBe(200);

    const csv = csvOf(
      ["customerNumber", "invoiceNumber", "invoiceAmount", "currency"],
      Array.from({ length: ROWS }, (_, i) => [`K${i % CUSTOMERS}`, `KI-${i + 1}`, "1.00", "EUR"]),
    );
    const created = await rp.createUpload({ jobId: "KILL_INV", inputType: "API", operation: "eBill-Import", subOperation: "Invoice", inputFilename: "kill.csv" });
    expect(created.status).toBe(200);
    expect((await fetch(String(created.root.uploadUrl), { method: "PUT", body: csv })).status).toBe(200);
    const id = Number(created.root.id);
    expect((await rp.finalize({ id })).status).toBe(200);

    const first = spawnWorker();
    // Kill it once it has applied some rows but not all.
    const until = Date.now() + 120_000;
    for (;;) {
      const applied = await documentCount();
      const status = String((await rp.status({ id })).root.status);
      if (applied > 0 && status === "Processing") break;
      if (status !== "Queued" && status !== "Processing") throw new Error(`the process finished before the kill: ${status}`);
      if (Date.now() > until) throw new Error(`the worker never started the process\n${first.lines().slice(-10).map((l) => JSON.stringify(l)).join("\n")}\n${first.stderr()}`);
      await sleep(20);
    }
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    const appliedAtKill = await documentCount();
    expect(appliedAtKill).toBeGreaterThan(0);
    expect(appliedAtKill).toBeLessThan(ROWS);

    const second = spawnWorker();
    const done = await rp.untilTerminal({ id }, 480_000);
    expect(done.root).toMatchObject({ status: "Success", successCount: String(ROWS), failCount: "0" });
    expect(await documentCount()).toBe(ROWS);
    // Each row adds 1.00 once: a row applied twice would add 2.00.
    expect(await balanceSum()).toBe(`${ROWS}.00`);
    const output = readCsv(await (await fetch(String(done.root.downloadUrl))).text());
    expect(output).toHaveLength(ROWS);
    expect(new Set(output.map((r) => r.invoiceNumber)).size).toBe(ROWS);
    expect(output.every((r) => r.status === "Success")).toBe(true);
    const claim = second.lines().find((l) => l.msg === "job claimed" && l.kind === "batch-process");
    expect(claim?.attempt).toBe(2);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, TEST_TIMEOUT_MS);
});
