/**
 * Benchmark of the seed 004 surface on SQLite + filesystem (issue targets in brackets):
 *
 * - a CSV of BENCH_ROWS customers and one of BENCH_ROWS invoices (one per customer) through
 *   `S3FileUpload`, a plain PUT to the signed URL, `BatchFinalize` and status polling to
 *   `Success`: records/s from the finalize to the `Success` answer, the worker in the service
 *   process;
 * - the storage floor in the same run: csv-parse feeding the same rows into the same tables
 *   (`receivable_customers`, `receivable_documents`, and each invoice's amount added to its
 *   customer's balance) with raw better-sqlite3 prepared statements, 500 rows per transaction as
 *   the worker commits, with the service's connection settings [service >= 70 % of the floor];
 * - the service's peak RSS (VmHWM) [< 300 MB].
 *
 *   pnpm --filter @batch/api bench:receivables                       # 1,000,000 rows, 1 run
 *   BENCH_ROWS=100000 BENCH_RUNS=3 pnpm --filter @batch/api bench:receivables
 *   BENCH_PROFILE_DIR=/tmp/prof BENCH_ROWS=20000 pnpm --filter @batch/api bench:receivables   # with a CPU profile of the service
 *
 * Each run starts from empty stores (a new temporary folder); the ratio is of the medians. The
 * service runs as `pnpm start` runs it (the bundle, the start script's node flags).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configureSqliteConnection, openDatabase } from "@batch/store-sql";

const ROWS = Number(process.env.BENCH_ROWS ?? "1000000");
const RUNS = Number(process.env.BENCH_RUNS ?? "1");
const CHUNK = 500;
const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const API_KEY = "bench-client-key";
const API_SECRET = "bench-client-secret-0123456789";

const packages = fileURLToPath(new URL("../../../packages/", import.meta.url));
const { parse } = createRequire(path.join(packages, "codecs/package.json"))("csv-parse") as {
  parse: (options: Record<string, unknown>) => NodeJS.ReadWriteStream & AsyncIterable<Array<string>>;
};
type Statement = { run: (...parameters: ReadonlyArray<unknown>) => unknown };
type Sqlite = { exec: (sql: string) => void; prepare: (sql: string) => Statement; close: () => void };
const Database = createRequire(path.join(packages, "store-sql/package.json"))("better-sqlite3") as new (file: string) => Sqlite;

const CUSTOMER_COLUMNS = ["customerno", "emailaddress1", "companyname", "firstname", "lastname", "phoneno", "cocode"];
const INVOICE_COLUMNS = ["customerNumber", "invoiceNumber", "invoiceAmount", "documentType", "currency", "dueDate", "itemText"];

const write = async (file: string, header: ReadonlyArray<string>, line: (i: number) => string) => {
  const out = createWriteStream(file);
  const put = async (text: string) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await put(`${header.join(",")}\n`);
  for (let i = 1; i <= ROWS; i++) await put(line(i));
  out.end();
  await once(out, "finish");
};

const customerNo = (i: number) => `C${String(i).padStart(8, "0")}`;
const amountOf = (i: number) => {
  const cents = (i * 7919) % 1_000_000;
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
};

const generate = async (dir: string) => {
  const customers = path.join(dir, "customers.csv");
  const invoices = path.join(dir, "invoices.csv");
  await write(customers, CUSTOMER_COLUMNS, (i) => `${customerNo(i)},c${i}@example.com,Company ${i},Ann,Lee,+4930${i},XY22\n`);
  await write(invoices, INVOICE_COLUMNS, (i) => `${customerNo(i)},INV-${i},${amountOf(i)},Invoice,EUR,2026-02-${String((i % 28) + 1).padStart(2, "0")},"Invoice ${i}, services"\n`);
  return { customers, invoices };
};

/** The storage floor: the same rows into the same tables, raw. Answers seconds per file. */
const floor = async (dir: string, files: { customers: string; invoices: string }) => {
  const dbFile = path.join(dir, "floor.db");
  const migrated = await openDatabase(`sqlite:${dbFile}`);
  await migrated.close();
  const db = new Database(dbFile);
  configureSqliteConnection(db as never);
  const org = "bench-org";
  const insertCustomer = db.prepare("INSERT INTO receivable_customers (org_id, customerno, balance, updated_at, data) VALUES (?, ?, ?, ?, ?)");
  const insertDocument = db.prepare(
    "INSERT INTO receivable_documents (org_id, customer_number, invoice_number, document_type, status, applied_to_balance, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const addBalance = db.prepare("UPDATE receivable_customers SET balance = ?, updated_at = ? WHERE org_id = ? AND customerno = ?");
  const timed = async (file: string, apply: (row: ReadonlyArray<string>, at: string) => void) => {
    const started = process.hrtime.bigint();
    let pending: Array<ReadonlyArray<string>> = [];
    const flush = () => {
      const at = new Date().toISOString();
      db.exec("BEGIN");
      for (const row of pending) apply(row, at);
      db.exec("COMMIT");
      pending = [];
    };
    for await (const row of createReadStream(file).pipe(parse({ from_line: 2 }))) {
      pending.push(row);
      if (pending.length === CHUNK) flush();
    }
    if (pending.length > 0) flush();
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  const customers = await timed(files.customers, (r, at) => {
    const record = Object.fromEntries(CUSTOMER_COLUMNS.map((c, i) => [c, r[i]]));
    insertCustomer.run(org, r[0], "0", at, JSON.stringify({ ...record, balance: "0", createdAt: at, updatedAt: at }));
  });
  const invoices = await timed(files.invoices, (r, at) => {
    const record = Object.fromEntries(INVOICE_COLUMNS.map((c, i) => [c, r[i]]));
    insertDocument.run(org, r[0], r[1], "Invoice", "Open", r[2], at, JSON.stringify({ ...record, status: "Open", appliedToBalance: r[2], createdAt: at, updatedAt: at }));
    addBalance.run(r[2], at, org, r[0]);
  });
  db.close();
  return { customers, invoices };
};

const peakRssMb = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

const waitForLine = (child: ChildProcessWithoutNullStreams, predicate: (line: Record<string, unknown>) => boolean) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    let pending = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        try {
          const value = JSON.parse(line) as Record<string, unknown>;
          if (predicate(value)) resolve(value);
        } catch {
          // not a JSON line
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`the service exited (${code}) before starting`)));
  });

const element = (xml: string, name: string) => {
  const found = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? "";
  return found.replace(/&amp;/g, "&");
};

/** The service on empty stores: each file through the XML API. Answers seconds per file (finalize to Success), upload seconds and peak RSS. */
const service = async (dir: string, files: { customers: string; invoices: string }) => {
  const startScript = (JSON.parse(readFileSync(path.join(APP_DIR, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const runCommand = startScript.split("&&")[1]?.trim().split(/\s+/);
  if (runCommand === undefined) throw new Error(`unexpected start script: ${startScript}`);
  // BENCH_PROFILE_DIR=<dir>: the service writes a V8 CPU profile there when it stops.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const args = profileDir === undefined ? runCommand.slice(1) : ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`, ...runCommand.slice(1)];
  const child = spawn(process.execPath, args, {
    cwd: APP_DIR,
    env: { ...process.env, PORT: "0", INIT_CWD: dir, BATCH_LOG_LEVEL: "info", BATCH_BOOTSTRAP_API_KEY: API_KEY, BATCH_BOOTSTRAP_API_SECRET: API_SECRET },
    stdio: ["pipe", "pipe", "pipe"],
  });
  try {
    const started = await waitForLine(child, (l) => l.msg === "batchport started");
    const base = `http://127.0.0.1:${String(started.port)}`;
    // Access tokens live 15 minutes and a million rows take longer: a new token every 5 minutes.
    let token = { value: "", at: 0 };
    const authorization = async () => {
      if (Date.now() - token.at > 5 * 60_000) {
        const reply = await fetch(`${base}/oauth/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `grant_type=client_credentials&client_id=${API_KEY}&client_secret=${API_SECRET}`,
        });
        token = { value: ((await reply.json()) as { access_token: string }).access_token, at: Date.now() };
      }
      return `Bearer ${token.value}`;
    };
    const call = async (method: string, query: string, body?: string) => {
      const reply = await fetch(`${base}/rest/batchProcess${query}`, { method, headers: { authorization: await authorization(), "content-type": "application/xml" }, ...(body === undefined ? {} : { body }) });
      const text = await reply.text();
      if (reply.status !== 200) throw new Error(`${method} ${query}: ${reply.status} ${text}`);
      return text;
    };
    const load = async (subOperation: string, file: string) => {
      const created = await call("POST", "?mode=S3FileUpload", `<batchProcess><jobId>BENCH_${subOperation}</jobId><inputType>API</inputType><operation>eBill-Import</operation><subOperation>${subOperation}</subOperation><inputFilename>${path.basename(file)}</inputFilename></batchProcess>`);
      const id = element(created, "id");
      const uploadStarted = process.hrtime.bigint();
      const put = await fetch(element(created, "uploadUrl"), {
        method: "PUT",
        headers: { "content-length": String(statSync(file).size) },
        body: createReadStream(file) as unknown as ReadableStream,
        duplex: "half",
      } as RequestInit);
      if (put.status !== 200) throw new Error(`upload: ${put.status} ${await put.text()}`);
      const uploadSeconds = Number(process.hrtime.bigint() - uploadStarted) / 1e9;
      const processStarted = process.hrtime.bigint();
      await call("PUT", "?mode=BatchFinalize", `<batchProcess><id>${id}</id></batchProcess>`);
      for (;;) {
        const status = await call("GET", `?id=${id}`);
        const state = element(status, "status");
        if (state === "Success") break;
        if (state === "PartialSuccess" || state === "Failed") throw new Error(`${subOperation} ended ${state}: ${status}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      return { seconds: Number(process.hrtime.bigint() - processStarted) / 1e9, uploadSeconds };
    };
    const customers = await load("Customer", files.customers);
    const invoices = await load("Invoice", files.invoices);
    return { customers, invoices, peakRssMb: peakRssMb(child.pid ?? 0) };
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
};

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

const built = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: APP_DIR, stdio: "inherit" });
if (built.status !== 0) throw new Error("building the service failed");

const results: Array<{ floor: { customers: number; invoices: number }; service: Awaited<ReturnType<typeof service>> }> = [];
for (let run = 1; run <= RUNS; run++) {
  const dir = mkdtempSync(path.join(tmpdir(), "bp-bench-rcv-"));
  try {
    const files = await generate(dir);
    const floorResult = await floor(dir, files);
    const serviceResult = await service(dir, files);
    results.push({ floor: floorResult, service: serviceResult });
    console.error(JSON.stringify({ run, rows: ROWS, floor: floorResult, service: serviceResult }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rate = (seconds: number) => Math.round(ROWS / seconds);
const summary = Object.fromEntries(
  (["customers", "invoices"] as const).map((kind) => {
    const floorRate = median(results.map((r) => rate(r.floor[kind])));
    const serviceRate = median(results.map((r) => rate(r.service[kind].seconds)));
    return [kind, { floorRecordsPerSecond: floorRate, serviceRecordsPerSecond: serviceRate, ratio: Number((serviceRate / floorRate).toFixed(3)), uploadSeconds: Number(median(results.map((r) => r.service[kind].uploadSeconds)).toFixed(2)) }];
  }),
);
console.log(
  JSON.stringify(
    {
      rows: ROWS,
      runs: RUNS,
      ...summary,
      peakRssMb: Math.max(...results.map((r) => Math.round(r.service.peakRssMb))),
      targets: { ratio: ">= 0.70", peakRssMb: "< 300" },
    },
    null,
    2,
  ),
);
