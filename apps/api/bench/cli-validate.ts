/**
 * Benchmark of `batchport validate` as a user runs it (issue targets in brackets): the built
 * program, started as `npx batchport` starts it (node_modules/.bin/batchport, the shim of
 * apps/api/bin/batchport.mjs, with the node flags of its first line) in a child process, beside bare
 * csv-parse reading the same file in a child process of its own.
 *
 * - CSV, 600,000 INVOICE records: validate's time against bare csv-parse's, start-up included
 *   [ratio >= 0.6], wall clock and CPU (user + system);
 * - CSV, JSON and XML at 60,000 and 600,000 records: validate's peak RSS [< 150 MB] and its
 *   growth from 60,000 to 600,000 records [< 32 MB].
 *
 * Each figure is the median of `BENCH_RUNS` runs (3 when unset); the command and its baseline
 * alternate, so a busy machine slows both alike. Peak RSS is the process's own
 * `resourceUsage().maxRSS`, reported at exit by bench/report-usage.mjs, a module loaded through
 * NODE_OPTIONS=--import before the program (the baseline gets the same module).
 *
 *   pnpm --filter @batch/api bench:cli                  # writes the figures into docs/benchmarks/codecs.md
 *   BENCH_RECORDS=100000 pnpm --filter @batch/api bench:cli   # a quicker look, nothing written
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../../..");
// The command as `npx batchport` runs it: the shim pnpm links, which passes the bin's node flags.
const BIN = path.join(ROOT, "node_modules/.bin/batchport");
const REPORT_USAGE = pathToFileURL(path.join(HERE, "report-usage.mjs")).href;
const BARE = path.join(HERE, "bare-csv-parse.mjs");
const DOC = path.join(ROOT, "docs/benchmarks/codecs.md");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LARGE = Number(process.env.BENCH_RECORDS ?? 600_000);
const SMALL = LARGE / 10;
const MB = 1_000_000;
const MiB = 1024 * 1024;

type Format = "CSV" | "JSON" | "XML";

// ---------------------------------------------------------------------------------------------
// Payloads: INVOICE records of seven fields (about 70 bytes a CSV row), every one valid.

const invoiceOf = (i: number): Record<string, string> => ({
  vendorNo: `V-${String(i % 5000).padStart(6, "0")}`,
  invoiceNo: `INV-${String(i).padStart(9, "0")}`,
  invoiceDate: `2026-03-${String((i % 28) + 1).padStart(2, "0")}`,
  invoiceDueDate: `2026-04-${String((i % 28) + 1).padStart(2, "0")}`,
  invoiceValidationTotal: `${(i % 100000) + 1}.${String(i % 100).padStart(2, "0")}`,
  taxAmount: `${i % 997}.50`,
  reference: `PO ${i}`,
});
const COLUMNS = Object.keys(invoiceOf(0));

const generate = async (file: string, format: Format, records: number): Promise<void> => {
  const out = createWriteStream(file);
  out.write(format === "CSV" ? `${COLUMNS.join(",")}\n` : format === "JSON" ? "[\n" : `<?xml version="1.0" encoding="UTF-8"?>\n<invoices>\n`);
  let block = "";
  for (let i = 0; i < records; i++) {
    const r = invoiceOf(i);
    if (format === "CSV") block += `${COLUMNS.map((c) => r[c]).join(",")}\n`;
    else if (format === "JSON") block += `${i === 0 ? "" : ",\n"}${JSON.stringify(r)}`;
    else block += `  <invoice>${COLUMNS.map((c) => `<${c}>${r[c]}</${c}>`).join("")}</invoice>\n`;
    if (block.length >= 1 << 16) {
      if (!out.write(block)) await once(out, "drain");
      block = "";
    }
  }
  out.end(`${block}${format === "CSV" ? "" : format === "JSON" ? "\n]\n" : "</invoices>\n"}`);
  await once(out, "finish");
};

// ---------------------------------------------------------------------------------------------
// One measured process

interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  readonly stdout: string;
}

/** Runs `command args` (a program, or node when `command` is undefined) with report-usage.mjs loaded. */
const measure = async (command: string | undefined, args: ReadonlyArray<string>, dir: string): Promise<Run> => {
  const usageFile = path.join(dir, `usage-${process.hrtime.bigint()}.json`);
  const started = performance.now();
  const child = spawn(command ?? process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, BENCH_USAGE_FILE: usageFile, NODE_OPTIONS: `--import=${REPORT_USAGE}` },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    // Keep the end only: the summary line is last.
    stdout = (stdout + text).slice(-4096);
  });
  const [code] = (await once(child, "exit")) as [number | null];
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}: ${stdout}`);
  const usage = JSON.parse(readFileSync(usageFile, "utf8")) as { userCPU: number; systemCPU: number; maxRSS: number };
  return { wallMs, cpuMs: (usage.userCPU + usage.systemCPU) / 1000, maxRssMiB: usage.maxRSS / 1024, stdout };
};

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

interface Figures {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  /** The worst run's peak RSS: the memory target holds for every run. */
  readonly worstRssMiB: number;
}

const summarise = (runs: ReadonlyArray<Run>): Figures => ({
  wallMs: median(runs.map((r) => r.wallMs)),
  cpuMs: median(runs.map((r) => r.cpuMs)),
  maxRssMiB: median(runs.map((r) => r.maxRssMiB)),
  worstRssMiB: Math.max(...runs.map((r) => r.maxRssMiB)),
});

const validateArgs = (format: Format, file: string) => ["validate", "--type", "INVOICE", "--format", format, file];

// ---------------------------------------------------------------------------------------------

const dir = mkdtempSync(path.join(tmpdir(), "batchport-cli-bench-"));
try {
  const files = new Map<string, { file: string; bytes: number }>();
  for (const format of ["CSV", "JSON", "XML"] as const) {
    for (const records of [SMALL, LARGE]) {
      const file = path.join(dir, `invoices-${records}.${format.toLowerCase()}`);
      await generate(file, format, records);
      files.set(`${format}/${records}`, { file, bytes: statSync(file).size });
    }
  }
  const fileOf = (format: Format, records: number) => files.get(`${format}/${records}`) ?? { file: "", bytes: 0 };

  // 1. Speed: CSV, LARGE records, validate beside bare csv-parse (arrays, its default, and objects).
  const speed = { validate: [] as Array<Run>, bareArrays: [] as Array<Run>, bareObjects: [] as Array<Run> };
  const csv = fileOf("CSV", LARGE).file;
  for (let i = 0; i < RUNS; i++) {
    speed.bareArrays.push(await measure(undefined, [BARE, csv], dir));
    const run = await measure(BIN, validateArgs("CSV", csv), dir);
    if (!run.stdout.includes(`"total":${LARGE},"valid":${LARGE},"invalid":0`)) throw new Error(`validate did not read every record: ${run.stdout}`);
    speed.validate.push(run);
    speed.bareObjects.push(await measure(undefined, [BARE, csv, "--columns"], dir));
    process.stderr.write(`speed run ${i + 1}/${RUNS}: validate ${(run.wallMs / 1000).toFixed(2)} s\n`);
  }

  // 2. Memory: every format at SMALL and LARGE records.
  const memory: Array<{ format: Format; records: number; bytes: number; figures: Figures }> = [];
  for (const format of ["CSV", "JSON", "XML"] as const) {
    for (const records of [SMALL, LARGE]) {
      const { file, bytes } = fileOf(format, records);
      const runs = format === "CSV" && records === LARGE ? speed.validate : [];
      while (runs.length < RUNS) runs.push(await measure(BIN, validateArgs(format, file), dir));
      memory.push({ format, records, bytes, figures: summarise(runs) });
      process.stderr.write(`memory ${format} ${records}: ${summarise(runs).worstRssMiB.toFixed(0)} MiB\n`);
    }
  }

  const v = summarise(speed.validate);
  const arrays = summarise(speed.bareArrays);
  const objects = summarise(speed.bareObjects);
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const met = (ok: boolean) => (ok ? "met" : "**not met**");
  const csvBytes = fileOf("CSV", LARGE).bytes;

  const speedRows = [
    ["bare csv-parse, arrays (its default)", arrays, 1],
    ["bare csv-parse, objects (`columns: true`)", objects, undefined],
    ["`batchport validate --type INVOICE --format CSV`", v, undefined],
  ] as const;
  const lines: Array<string> = [
    `### \`batchport validate\` as a user runs it`,
    ``,
    `\`pnpm --filter @batch/api bench:cli\` (apps/api/bench/cli-validate.ts) runs the built program through its bin`,
    `(node_modules/.bin/batchport, start-up included) in a child process, beside bare csv-parse`,
    `reading the same file in a child process, on generated INVOICE files (seven fields, every record valid). Each`,
    `figure is the median of ${RUNS} runs, the command and its baselines alternating; peak RSS is the process's`,
    `\`resourceUsage().maxRSS\` (the worst run in the memory table). Speed ratio = baseline time / validate time.`,
    ``,
    `Targets (issue 16): validate at least 0.6 of bare csv-parse's speed on a 600,000-row CSV; peak RSS under`,
    `150 MB for any size and format, and less than 32 MB growth from 60,000 to 600,000 records.`,
    ``,
    `CSV, ${LARGE.toLocaleString("en")} INVOICE records (${(csvBytes / MB).toFixed(1)} MB):`,
    ``,
    `| process | wall s | CPU s | peak RSS MiB | speed ratio, wall (CPU) against arrays | against objects |`,
    `|---|---|---|---|---|---|`,
    ...speedRows.map(([name, f]) => {
      const ratio = (base: Figures) => `${pct(base.wallMs / f.wallMs)} (${pct(base.cpuMs / f.cpuMs)})`;
      return `| ${name} | ${(f.wallMs / 1000).toFixed(2)} | ${(f.cpuMs / 1000).toFixed(2)} | ${f.maxRssMiB.toFixed(0)} | ${f === arrays ? "100%" : ratio(arrays)} | ${f === arrays ? "" : ratio(objects)} |`;
    }),
    ``,
    `Speed target (0.6 of bare csv-parse, wall): ${met(arrays.wallMs / v.wallMs >= 0.6)} against its default arrays (${pct(arrays.wallMs / v.wallMs)}); ${met(objects.wallMs / v.wallMs >= 0.6)} against objects (${pct(objects.wallMs / v.wallMs)}).`,
    ``,
    `Memory, \`batchport validate --type INVOICE\`:`,
    ``,
    `| format | records | MB | wall s | peak RSS MiB (worst of ${RUNS}) | under 150 MB | growth MiB (${SMALL.toLocaleString("en")} → ${LARGE.toLocaleString("en")}) | under 32 MB |`,
    `|---|---|---|---|---|---|---|---|`,
    ...memory.map(({ format, records, bytes, figures }) => {
      const small = memory.find((m) => m.format === format && m.records === SMALL);
      const growth = records === LARGE && small !== undefined ? figures.worstRssMiB - small.figures.worstRssMiB : undefined;
      const rssMB = (figures.worstRssMiB * MiB) / MB;
      return `| ${format} | ${records.toLocaleString("en")} | ${(bytes / MB).toFixed(1)} | ${(figures.wallMs / 1000).toFixed(2)} | ${figures.worstRssMiB.toFixed(0)} | ${met(rssMB < 150)} | ${growth === undefined ? "" : growth.toFixed(0)} | ${growth === undefined ? "" : met((growth * MiB) / MB < 32)} |`;
    }),
    ``,
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  ];
  const section = lines.join("\n");
  process.stdout.write(`${section}\n`);

  if (process.env.BENCH_RECORDS === undefined) {
    const START = "<!-- cli-validate:start -->";
    const END = "<!-- cli-validate:end -->";
    const doc = readFileSync(DOC, "utf8");
    const block = `${START}\n${section}\n${END}`;
    const next = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*${END}`), () => block) : `${doc.trimEnd()}\n\n${block}\n`;
    writeFileSync(DOC, next);
    process.stderr.write(`wrote ${path.relative(ROOT, DOC)}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
