/**
 * Benchmark of `/odata` queries on a million AP invoices (issue targets in brackets), on SQLite
 * and on PostgreSQL:
 *
 * - loads BENCH_INVOICES AP invoices (default 1,000,000) through the invoice store's bulk upsert
 *   (the ingest path) and BENCH_BATCHES AP batches (default 10,000) through the create use case;
 * - for each query (eq on the natural key, startswith, contains, $search, $orderby on two
 *   properties with $skip 100000, $count=true with a filter) measures p50 and p99 over repeated
 *   HTTP requests to the service, and beside them, in the same run, the same SQL the service runs
 *   (compiled by the store's own query builder) sent straight through the driver
 *   [service within 1.5x of its SQL, p50 and p99];
 * - prints each query plan [no full scan for eq, startswith, $orderby; contains and $search served
 *   by the text index] and the contains and $search p99 against the eq p99 [at most 10x].
 *
 *   pnpm --filter @batch/api bench:odata
 *   BENCH_INVOICES=100000 BENCH_ROUNDS=3 pnpm --filter @batch/api bench:odata
 *   BENCH_BACKENDS=sqlite pnpm --filter @batch/api bench:odata
 *
 * Each figure is the median over BENCH_ROUNDS rounds (default 3) of that round's percentile;
 * service and SQL requests alternate, so load on the machine falls on both alike. The service
 * runs in this process (as the HTTP tests start it), on a temporary SQLite file or a PostgreSQL
 * schema of its own (BATCH_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test),
 * both dropped at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { Effect, Either } from "effect";
import { sql } from "kysely";
import { decodeJwt } from "jose";
import {
  validateCollectionQuery,
  type ApInvoiceData,
  type CollectionQuery,
  type OrganizationId,
  Decimal,
} from "@batch/core";
import { compileApInvoiceQuery, configureSqliteConnection, registerSqliteFunctions, type SqlDatabase } from "@batch/store-sql";
import { decodeConfig } from "../src/config";
import { makeLogger } from "../src/observability/logger";
import { startService, type RunningService } from "../src/service";
import { Tokens } from "../src/composition/tokens";
import { resolve } from "../src/composition/token";
import { INVOICES } from "../src/http/odata/model";
import { collectionRequest, readQueryOptions, COLLECTION_OPTIONS } from "../src/http/odata/query-options";

const N = Number(process.env.BENCH_INVOICES ?? "1000000");
const BATCHES = Number(process.env.BENCH_BATCHES ?? "10000");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "3");
const BACKENDS = (process.env.BENCH_BACKENDS ?? "sqlite,postgres").split(",");
const POSTGRES_URL = process.env.BATCH_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PAGE_SIZE = 100;
const CHUNK = 2000;
const SKIP = Math.min(100_000, Math.floor(N / 2));

const VENDORS = 2000;
const WORDS = ["alpha", "bravo", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper", "kestrel", "lumen", "meadow", "nimbus", "onyx", "prairie", "quartz", "raven", "sierra", "timber"];
const pad = (n: number, width: number) => String(n).padStart(width, "0");
const hex = (n: number) => n.toString(16).padStart(12, "0");

/** The invoice `i`: every field a realistic record fills, deterministic. */
const invoiceData = (i: number): ApInvoiceData => {
  const w = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length] ?? "x";
  const status = i % 3 === 0 ? "Pending" : i % 3 === 1 ? "Vouchered" : "Matched";
  return {
    vendorNo: `V${pad(i % VENDORS, 5)}`,
    invoiceNo: `INV-${pad(i, 7)}`,
    vendorName: `${w(1)} ${w(2)} ${i % 997}`,
    purchaseOrderNo: `PO-${pad(i % 50_000, 6)}`,
    poType: "Standard",
    facilityNo: `F${i % 40}`,
    facilityName: `${w(3)} plant`,
    locationNo: `L${i % 300}`,
    locationName: `${w(4)} site ${i % 300}`,
    matchedInvoiceStatusId: status === "Pending" ? 1 : status === "Matched" ? 2 : 3,
    matchedInvoiceStatus: status,
    reference: `REF-${pad(i * 31 % 1_000_003, 7)}`,
    notes: `${w(5)} ${w(6)} ${w(7)} order ${i % 10_007}`,
    invoiceDate: new Date(Date.UTC(2025, 0, 1) + (i % 365) * 86_400_000).toISOString(),
    invoiceValidationTotal: Decimal.fromMinor(BigInt(1000 + ((i * 7919) % 10_000_000)), 2),
    taxAmount: Decimal.fromMinor(BigInt((i * 131) % 100_000), 2),
    taxCode: `T${i % 12}`,
  } as ApInvoiceData;
};

const percentile = (sorted: ReadonlyArray<number>, p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const median = (values: ReadonlyArray<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (n: number) => `${n.toFixed(2)} ms`;

interface Case {
  readonly name: string;
  /** The query string for the k-th request (values rotate so no answer is cached along the way). */
  readonly options: (k: number) => string;
  readonly samples: number;
  /** Must not scan the table (no full scan, no sort of the whole table). */
  readonly indexed: boolean;
  /** Must be narrowed by the text index. */
  readonly textIndex: boolean;
}

const enc = encodeURIComponent;
const CASES: ReadonlyArray<Case> = [
  { name: "eq natural key", options: (k) => `$filter=${enc(`vendorNo eq 'V${pad(((k * 7777) % N) % VENDORS, 5)}' and invoiceNo eq 'INV-${pad((k * 7777) % N, 7)}'`)}`, samples: 200, indexed: true, textIndex: false },
  { name: "startswith", options: (k) => `$filter=${enc(`startswith(invoiceNo,'INV-${pad((k * 37) % Math.max(1, Math.floor(N / 100)), 5)}')`)}`, samples: 200, indexed: true, textIndex: false },
  { name: "contains", options: (k) => `$filter=${enc(`contains(notes,'order ${(k * 13) % 10_007}x')`)}`.replace("x'", "'"), samples: 100, indexed: false, textIndex: true },
  { name: "$search", options: (k) => `$search=${enc(`REF-${pad((k * 104_729) % 1_000_003, 7)}`)}`, samples: 100, indexed: false, textIndex: true },
  { name: `$orderby 2 + $skip ${SKIP}`, options: (k) => `$orderby=${enc("vendorNo,invoiceNo")}&$skip=${SKIP + (k % 50)}&$top=100`, samples: 30, indexed: true, textIndex: false },
  { name: "$count=true + filter", options: (k) => `$filter=${enc(`matchedInvoiceStatus eq '${["Pending", "Vouchered", "Matched"][k % 3]}'`)}&$count=true&$top=10`, samples: 30, indexed: false, textIndex: false },
];

/** The CollectionQuery the service runs for `options` (as the route builds it: the page's `$top`). */
const serviceQuery = (options: string): CollectionQuery => {
  const req = { query: Object.fromEntries(new URLSearchParams(options)) } as never;
  const request = collectionRequest(INVOICES, readQueryOptions(req, COLLECTION_OPTIONS));
  const checked = validateCollectionQuery(INVOICES.catalogue, request.query);
  if (Either.isLeft(checked)) throw new Error(checked.left.message);
  return { ...checked.right, top: Math.min(checked.right.top ?? PAGE_SIZE, PAGE_SIZE) };
};

interface Driver {
  readonly run: (sql: string, parameters: ReadonlyArray<unknown>) => Promise<number>;
  readonly plan: (sql: string, parameters: ReadonlyArray<unknown>) => Promise<string>;
  /** Refreshes the planner's statistics after the load. */
  readonly analyze: () => Promise<void>;
  readonly close: () => Promise<void>;
}

const sqliteDriver = (file: string): Driver => {
  const db = new BetterSqlite3(file, { readonly: false });
  configureSqliteConnection(db);
  registerSqliteFunctions(db);
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (s === undefined) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    run: async (sql, parameters) => prepared(sql).all(...(parameters as Array<unknown>)).length,
    plan: async (sql, parameters) =>
      (db.prepare(`explain query plan ${sql}`).all(...(parameters as Array<unknown>)) as Array<{ detail: string }>).map((r) => r.detail).join("\n"),
    analyze: async () => {
      db.exec("analyze");
    },
    close: async () => {
      db.close();
    },
  };
};

const postgresDriver = async (schema: string): Promise<Driver> => {
  const client = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
  await client.connect();
  return {
    run: async (sql, parameters) => (await client.query(sql, parameters as Array<unknown>)).rowCount ?? 0,
    plan: async (sql, parameters) => (await client.query<{ "QUERY PLAN": string }>(`explain ${sql}`, parameters as Array<unknown>)).rows.map((r) => r["QUERY PLAN"]).join("\n"),
    analyze: async () => {
      await client.query("analyze ap_invoices");
    },
    close: async () => client.end(),
  };
};

/**
 * PostgreSQL: the query indexes of migration 0009 are dropped for the load and built again after
 * it (a GIN index grows far faster in one build than row by row); their definitions are the
 * migration's own, read back from the catalogue.
 */
const withoutQueryIndexes = async (database: SqlDatabase, load: () => Promise<void>) => {
  if (database.dialect.name !== "postgres") return load();
  const { rows } = await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef from pg_indexes where schemaname = current_schema() and indexname in ('ap_invoices_invoice_no_idx', 'ap_invoices_vendor_order_idx', 'ap_invoices_text_trgm_idx')`.execute(database.db);
  for (const { indexname } of rows) await sql`drop index ${sql.id(indexname)}`.execute(database.db);
  await load();
  const started = performance.now();
  for (const { indexdef } of rows) await sql.raw(indexdef).execute(database.db);
  console.log(`  built ${rows.map((r) => r.indexname).join(", ")} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
};

const load = async (service: RunningService, orgId: OrganizationId) => {
  const uow = await resolve(service.container, Tokens.UnitOfWork);
  const useCases = await resolve(service.container, Tokens.ODataUseCases);
  const started = performance.now();
  const base = Date.UTC(2026, 0, 1);
  const database = await resolve(service.container, Tokens.Database);
  // PostgreSQL: the same invoices written by one INSERT ... SELECT per 100,000 (the bulk upsert
  // path runs at a few hundred rows a second on a loaded 2-core machine; the queries are measured,
  // not the load). SQLite loads through the store's bulk upsert, the ingest path.
  for (let from = database.dialect.name === "postgres" ? 0 : N; from < N; from += 100_000) {
    const to = Math.min(N, from + 100_000) - 1;

    const w = (k: number) => sql.raw(`(${"array[" + WORDS.map((x) => `'${x}'`).join(",") + "]"})[((i * 7 + ${k * 13}) % ${WORDS.length}) + 1]`);

    await sql`
      insert into ap_invoices (org_id, ap_matched_invoice_id, vendor_no, invoice_no, vendor_name, purchase_order_no, po_type, facility_no, facility_name,
        location_no, location_name, matched_invoice_status_id, matched_invoice_status, reference, notes, invoice_date, invoice_validation_total, tax_amount,
        tax_code, created_by, created_by_user_name, date_created, last_updated, last_updated_by, last_updated_by_user_name)
      select ${orgId}, '00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'), 'V' || lpad((i % ${VENDORS})::text, 5, '0'), 'INV-' || lpad(i::text, 7, '0'),
        ${w(1)} || ' ' || ${w(2)} || ' ' || (i % 997), 'PO-' || lpad((i % 50000)::text, 6, '0'), 'Standard', 'F' || (i % 40), ${w(3)} || ' plant',
        'L' || (i % 300), ${w(4)} || ' site ' || (i % 300),
        case i % 3 when 0 then 1 when 1 then 3 else 2 end, case i % 3 when 0 then 'Pending' when 1 then 'Vouchered' else 'Matched' end,
        'REF-' || lpad(((i * 31) % 1000003)::text, 7, '0'), ${w(5)} || ' ' || ${w(6)} || ' ' || ${w(7)} || ' order ' || (i % 10007),
        timestamptz '2025-01-01 00:00:00+00' + (i % 365) * interval '1 day', (1000 + (i * 7919) % 10000000)::numeric / 100, ((i * 131) % 100000)::numeric / 100,
        'T' || (i % 12), '00000000-0000-4000-8000-00000000beef', 'bench loader',
        to_timestamp(${base / 1000}) + (i - i % ${CHUNK}) * interval '1 second', to_timestamp(${base / 1000}) + (i - i % ${CHUNK}) * interval '1 second',
        '00000000-0000-4000-8000-00000000beef', 'bench loader'
      from generate_series(${from}::bigint, ${to}::bigint) as i`.execute(database.db);
    process.stdout.write(`  invoices ${to + 1}/${N} (${((performance.now() - started) / 1000).toFixed(0)} s)\r`);
  }
  for (let from = database.dialect.name === "postgres" ? N : 0; from < N; from += CHUNK) {
    const requests = Array.from({ length: Math.min(CHUNK, N - from) }, (_, j) => ({ apMatchedInvoiceId: `00000000-0000-4000-8000-${hex(from + j)}`, data: invoiceData(from + j) }));
    const stamp = { at: new Date(base + from * 1000).toISOString(), actor: { id: "00000000-0000-4000-8000-00000000beef", name: "bench loader" } };
    await Effect.runPromise(uow.run(({ apInvoices }) => apInvoices.upsertFromRecords(orgId, requests, stamp)));
    if ((from / CHUNK) % 50 === 0) process.stdout.write(`  invoices ${from + requests.length}/${N} (${((performance.now() - started) / 1000).toFixed(0)} s)\r`);
  }
  const invoicesSeconds = (performance.now() - started) / 1000;
  const batchesStarted = performance.now();
  for (let i = 0; i < BATCHES; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, BATCHES - i) }, (_, j) =>
        Effect.runPromise(useCases.createBatch({ orgId, actor: { id: "00000000-0000-4000-8000-00000000beef", name: "bench loader" }, reference: `bench ${i + j}` })),
      ),
    );
  }
  console.log(`  loaded ${N} invoices in ${invoicesSeconds.toFixed(0)} s (${Math.round(N / invoicesSeconds)}/s), ${BATCHES} batches in ${((performance.now() - batchesStarted) / 1000).toFixed(0)} s`);
};

const planIssues = (backend: string, c: Case, plan: string): ReadonlyArray<string> => {
  const issues: Array<string> = [];
  const lines = plan.split("\n");
  if (backend === "sqlite") {
    if (c.indexed && lines.some((l) => /SCAN ap_invoices(?! USING)/.test(l) && !/VIRTUAL TABLE/.test(l))) issues.push("full scan");
    // Sorting the few rows an index found is fine; sorting for $orderby means reading the table.
    if (c.indexed && c.name.startsWith("$orderby") && lines.some((l) => /USE TEMP B-TREE/.test(l))) issues.push("sorts the table");
    if (c.textIndex && !lines.some((l) => /ap_invoices_search VIRTUAL TABLE/.test(l))) issues.push("text index not used");
  } else {
    if (c.indexed && lines.some((l) => /Seq Scan on ap_invoices/.test(l))) issues.push("full scan");
    if (c.indexed && c.name.startsWith("$orderby") && lines.some((l) => /^\s*(->\s*)?Sort\b/.test(l))) issues.push("sorts the table");
    if (c.textIndex && !lines.some((l) => /ap_invoices_text_trgm_idx/.test(l))) issues.push("text index not used");
  }
  return issues;
};

const benchBackend = async (backend: "sqlite" | "postgres") => {
  const dir = mkdtempSync(path.join(tmpdir(), "bp-odata-bench-"));
  const schema = `bench_odata_${process.pid}`;
  const env: Record<string, string> =
    backend === "sqlite"
      ? { BATCH_DATABASE_URL: `sqlite:${path.join(dir, "bench.db")}` }
      : { BATCH_DATABASE_URL: `${POSTGRES_URL}${POSTGRES_URL.includes("?") ? "&" : "?"}schema=${schema}` };
  if (backend === "postgres") {
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  const config = decodeConfig(
    { PORT: "0", BATCH_TOKEN_SECRET: "bench-token-secret-0123456789abcdef0123", BATCH_BOOTSTRAP_API_KEY: "bench-key", BATCH_BOOTSTRAP_API_SECRET: "bench-secret-0123456789", BATCH_BLOB_URL: `file:${path.join(dir, "blobs")}`, BATCH_ROLE: "api", ...env },
    process.cwd(),
  );
  if (Either.isLeft(config)) throw config.left;
  const service = await startService(config.right, { host: "127.0.0.1", logger: makeLogger("silent") });
  let driver: Driver | undefined;
  try {
    // Access tokens live 15 minutes, less than a load: one is taken again for each query.
    const newToken = async () => {
      const tokenResponse = await fetch(`${service.publicUrl}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: "bench-key", client_secret: "bench-secret-0123456789" }).toString(),
      });
      return ((await tokenResponse.json()) as { access_token: string }).access_token;
    };
    let token = await newToken();
    const orgId = decodeJwt(token).org as OrganizationId;
    console.log(`\n${backend}: loading`);
    const database: SqlDatabase = await resolve(service.container, Tokens.Database);
    await withoutQueryIndexes(database, () => load(service, orgId));
    driver = backend === "sqlite" ? sqliteDriver(path.join(dir, "bench.db")) : await postgresDriver(schema);
    await driver.analyze();

    const results: Array<{ name: string; service: [number, number]; sql: [number, number]; issues: ReadonlyArray<string> }> = [];
    for (const c of CASES) {
      token = await newToken();
      const first = compileApInvoiceQuery(database, orgId, serviceQuery(c.options(0)));
      const plan = await driver.plan(first.rows.sql, first.rows.parameters);
      const countPlan = first.count === undefined ? "" : `\n  count: ${(await driver.plan(first.count.sql, first.count.parameters)).replace(/\n/g, "\n         ")}`;
      const issues = planIssues(backend, c, plan);
      console.log(`\n[${backend}] ${c.name}: ${c.options(0)}\n  plan:  ${plan.replace(/\n/g, "\n         ")}${countPlan}${issues.length === 0 ? "" : `\n  PLAN ISSUES: ${issues.join(", ")}`}`);
      const roundP50 = { service: [] as Array<number>, sql: [] as Array<number> };
      const roundP99 = { service: [] as Array<number>, sql: [] as Array<number> };
      let k = 0;
      // Warm-up: code paths compiled, pages cached, statements prepared.
      for (let w = 0; w < 5; w++, k++) {
        await (await fetch(`${service.publicUrl}/odata/Invoices?${c.options(k)}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
        const compiled = compileApInvoiceQuery(database, orgId, serviceQuery(c.options(k)));
        await driver.run(compiled.rows.sql, compiled.rows.parameters);
      }
      for (let round = 0; round < ROUNDS; round++) {
        const times = { service: [] as Array<number>, sql: [] as Array<number> };
        for (let s = 0; s < c.samples; s++, k++) {
          const options = c.options(k);
          const compiled = compileApInvoiceQuery(database, orgId, serviceQuery(options));
          const t0 = performance.now();
          const response = await fetch(`${service.publicUrl}/odata/Invoices?${options}`, { headers: { authorization: `Bearer ${token}` } });
          await response.arrayBuffer();
          const t1 = performance.now();
          if (response.status !== 200) throw new Error(`${c.name}: ${response.status}`);
          await driver.run(compiled.rows.sql, compiled.rows.parameters);
          if (compiled.count !== undefined) await driver.run(compiled.count.sql, compiled.count.parameters);
          const t2 = performance.now();
          times.service.push(t1 - t0);
          times.sql.push(t2 - t1);
        }
        for (const side of ["service", "sql"] as const) {
          const sorted = [...times[side]].sort((a, b) => a - b);
          roundP50[side].push(percentile(sorted, 50));
          roundP99[side].push(percentile(sorted, 99));
        }
      }
      const r = { name: c.name, service: [median(roundP50.service), median(roundP99.service)] as [number, number], sql: [median(roundP50.sql), median(roundP99.sql)] as [number, number], issues };
      results.push(r);
      console.log(`  service p50 ${ms(r.service[0])} p99 ${ms(r.service[1])} | SQL p50 ${ms(r.sql[0])} p99 ${ms(r.sql[1])} | ratio p50 ${(r.service[0] / r.sql[0]).toFixed(2)}x p99 ${(r.service[1] / r.sql[1]).toFixed(2)}x`);
    }
    const eqP99 = results[0]?.service[1] ?? NaN;
    console.log(`\n[${backend}] summary (${N} invoices, ${BATCHES} batches, median of ${ROUNDS} rounds)`);
    console.log("| query | service p50 | service p99 | SQL p50 | SQL p99 | p50 ratio | p99 ratio | p99 / eq p99 | plan |");
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const r of results) {
      console.log(
        `| ${r.name} | ${ms(r.service[0])} | ${ms(r.service[1])} | ${ms(r.sql[0])} | ${ms(r.sql[1])} | ${(r.service[0] / r.sql[0]).toFixed(2)}x | ${(r.service[1] / r.sql[1]).toFixed(2)}x | ${(r.service[1] / eqP99).toFixed(1)}x | ${r.issues.length === 0 ? "ok" : r.issues.join(", ")} |`,
      );
    }
  } finally {
    await driver?.close();
    await service.stop();
    if (backend === "postgres") {
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
};

for (const backend of BACKENDS) await benchBackend(backend as "sqlite" | "postgres");
