/**
 * Benchmark of the payment batch export and of a bank's answer, on SQLite (issue 13 targets):
 *
 * - export of a batch of N lines through the export use case (load the batch, decide, save it
 *   with its line rows, write the pain.001.001.09 file, store it), beside the npm package `sepa`
 *   building and serialising the same N transactions [export no slower than `sepa`]; and our
 *   pain.001 writer alone on the same transactions, which is what `sepa` does;
 * - import of a pain.002.001.10 answering every line (ACSC), through the ISO decoder and the
 *   status report use case;
 * - peak RSS growth of each step, measured in a process of its own: the high-water mark
 *   (getrusage maxrss) after the step minus the RSS before it [export: growth from 10,000 to
 *   100,000 lines under 64 MB].
 *
 *   pnpm --filter @batch/api bench:payments                 # 10,000 and 100,000 lines, 3 runs each
 *   BENCH_LINES=1000,10000 BENCH_RUNS=5 pnpm --filter @batch/api bench:payments
 *
 * Each measured step runs in a fresh child process (node with tsx) on a database prepared by
 * another child, so what one step allocates does not hide in another's peak. Medians of the runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Effect } from "effect";
import {
  Decimal,
  ibanWithCheckDigits,
  makeApplyPaymentStatusReport,
  makeCreateFinancialAccount,
  makeCreatePaymentBatch,
  makeExportPaymentBatch,
  PaymentStatusRecord,
  type Actor,
  type DecodedItem,
  type OrganizationId,
} from "@batch/core";
import { makePaymentFileWriter, makeRecordDecoder } from "@batch/codecs";
import { makeSqlStores, makeSqlUnitOfWork, openDatabase } from "@batch/store-sql";
import { randomIds, systemClock } from "../src/composition/system";

const ORG = "bench-org" as OrganizationId;
const ACTOR: Actor = { id: "00000000-0000-4000-8000-0000000000be", name: "bench" };
const BENCH_FILE = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

const creditorIban = (i: number) => ibanWithCheckDigits("DE", `37040044${String(i % 10_000_000_000).padStart(10, "0")}`);
const cents = (i: number) => 1 + ((i * 7919) % 9_999_999);
const amountText = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;
const partyOf = (i: number) => `Lieferant Müller & Söhne ${i}`;
const remittanceOf = (i: number) => `Rechnung ${i} – Größe`;

const open = async (dir: string) => {
  const database = await openDatabase(`sqlite:${path.join(dir, "bench.db")}`);
  const uow = makeSqlUnitOfWork(database, makeSqlStores);
  return { database, uow };
};

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);

/** Peak RSS of this process so far, in bytes (getrusage: kilobytes on Linux). */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

const report = (result: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(result)}\n`);

/** Child: a database with one financial account and one Draft batch of `n` lines. */
const setup = async (dir: string, n: number) => {
  const { database, uow } = await open(dir);
  const deps = { uow, clock: systemClock, ids: randomIds };
  await run(
    makeCreateFinancialAccount(deps)({
      orgId: ORG,
      body: { key: "BANK1", iban: ibanWithCheckDigits("DE", "500105175407324931"), bic: "INGDDEFFXXX", holderName: "Bench GmbH", country: "DE", townName: "Köln", streetName: "Domstraße", buildingNumber: "1", postCode: "50667" },
    }),
  );
  const lines = Array.from({ length: n }, (_, i) => ({
    party: partyOf(i),
    transferAmount: { amount: Number(amountText(cents(i))) },
    currency: "EUR",
    iBAN: creditorIban(i),
    paymentInstruction: remittanceOf(i),
    sourceDoc: `INV-${i}`,
  }));
  const batch = await run(
    makeCreatePaymentBatch(deps)({
      orgId: ORG,
      actor: ACTOR,
      body: { documentDate: "2026-12-01", currency: "EUR", company: "C1", exchangeRate: 1, paymentMethod: "TRA", bankAccountType: "01", financialAccount: "BANK1", allowExport: true, paymentBatchLines: lines },
    }),
  );
  await database.close();
  report({ batchKey: batch.paymentBatchKey });
};

/** Child: the export, measured. Writes the file beside the database for the import step. */
const exportStep = async (dir: string) => {
  const { database, uow } = await open(dir);
  const exportBatch = makeExportPaymentBatch({ uow, clock: systemClock, ids: randomIds, writer: makePaymentFileWriter() });
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const exported = await run(exportBatch({ orgId: ORG, actor: ACTOR, ref: { companyKey: "C1", paymentBatchKey: 1 } }));
  const ms = performance.now() - started;
  const growth = peakRss() - before;
  await database.close();
  writeFileSync(path.join(dir, "pain001.xml"), exported.file.content);
  report({ ms, rssGrowth: growth, bytes: Buffer.byteLength(exported.file.content), lines: exported.batch.lines.length });
};

/** Writes a pain.002.001.10 accepting (ACSC) every transaction of the exported file. */
const writeAnswer = (dir: string) => {
  const xml = readFileSync(path.join(dir, "pain001.xml"), "utf8");
  const msgId = /<MsgId>([^<]+)<\/MsgId>/.exec(xml)?.[1] ?? "";
  const pmtInfId = /<PmtInfId>([^<]+)<\/PmtInfId>/.exec(xml)?.[1] ?? "";
  const ids = [...xml.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((m) => m[1]);
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>`,
    `<GrpHdr><MsgId>STS-${msgId.slice(0, 20)}</MsgId><CreDtTm>2026-12-02T09:00:00</CreDtTm></GrpHdr>`,
    `<OrgnlGrpInfAndSts><OrgnlMsgId>${msgId}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId></OrgnlGrpInfAndSts>`,
    `<OrgnlPmtInfAndSts><OrgnlPmtInfId>${pmtInfId}</OrgnlPmtInfId>`,
    ...ids.map((id) => `<TxInfAndSts><OrgnlEndToEndId>${id}</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts>`),
    `</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>\n`,
  ];
  writeFileSync(path.join(dir, "pain002.xml"), parts.join("\n"));
};

/** Child: the import of the answer, measured (decoding the file and applying every status). */
const importStep = async (dir: string) => {
  const { database, uow } = await open(dir);
  const apply = makeApplyPaymentStatusReport({ uow, clock: systemClock, ids: randomIds });
  const decoder = makeRecordDecoder();
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const { createReadStream } = await import("node:fs");
  const items: Array<DecodedItem<PaymentStatusRecord>> = [];
  for await (const item of decoder.decode({ format: "ISO", isoMessage: "pain.002", schema: PaymentStatusRecord, bytes: createReadStream(path.join(dir, "pain002.xml")) })) {
    items.push(item as DecodedItem<PaymentStatusRecord>);
  }
  const result = await run(apply({ orgId: ORG, actor: ACTOR, report: { kind: "pain.002", items } }));
  const ms = performance.now() - started;
  const growth = peakRss() - before;
  await database.close();
  report({ ms, rssGrowth: growth, matched: result.matched, unmatched: result.unmatched });
};

/** Child: our pain.001.001.09 writer alone, on the same transactions as `sepa` gets (checks, transliteration, XML). */
const writerStep = async (n: number) => {
  const amounts = Array.from({ length: n }, (_, i) => Decimal.fromMinor(BigInt(cents(i)), 2));
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const xml = await run(
    makePaymentFileWriter().write(
      {
        messageId: "BENCHMSG1",
        createdAt: new Date().toISOString(),
        initiatingPartyName: "Bench GmbH",
        paymentInformationId: "BENCHMSG1",
        requestedExecutionDate: new Date().toISOString().slice(0, 10),
        debtor: { name: "Bench GmbH", iban: ibanWithCheckDigits("DE", "500105175407324931"), bic: "INGDDEFFXXX", address: { country: "DE", townName: "Köln" } },
        transactions: amounts.map((amount, i) => ({
          endToEndId: `E2E${i}`,
          amount,
          currency: "EUR",
          creditorName: partyOf(i),
          creditorIban: creditorIban(i),
          remittanceInformation: remittanceOf(i),
        })),
      },
      "pain.001.001.09",
    ),
  );
  const ms = performance.now() - started;
  report({ ms, rssGrowth: peakRss() - before, bytes: Buffer.byteLength(xml) });
};

/** Child: the npm package `sepa` building and serialising the same transactions. */
const sepaStep = async (n: number) => {
  const { default: SEPA } = (await import("sepa")) as unknown as { default: SepaModule };
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const doc = new SEPA.Document("pain.001.001.09");
  doc.grpHdr.id = "BENCHMSG1";
  doc.grpHdr.created = new Date();
  doc.grpHdr.initiatorName = "Bench GmbH";
  const info = doc.createPaymentInfo();
  info.requestedExecutionDate = new Date();
  info.debtorIBAN = ibanWithCheckDigits("DE", "500105175407324931");
  info.debtorBIC = "INGDDEFFXXX";
  info.debtorName = "Bench GmbH";
  doc.addPaymentInfo(info);
  for (let i = 0; i < n; i += 1) {
    const tx = info.createTransaction();
    tx.creditorName = partyOf(i);
    tx.creditorIBAN = creditorIban(i);
    tx.amount = Number(amountText(cents(i)));
    tx.remittanceInfo = remittanceOf(i);
    tx.end2endId = `E2E${i}`;
    info.addTransaction(tx);
  }
  const xml = doc.toString();
  const ms = performance.now() - started;
  report({ ms, rssGrowth: peakRss() - before, bytes: Buffer.byteLength(xml) });
};

interface SepaModule {
  readonly Document: new (format: string) => {
    grpHdr: { id: string; created: Date; initiatorName: string };
    createPaymentInfo: () => SepaPaymentInfo;
    addPaymentInfo: (info: SepaPaymentInfo) => void;
    toString: () => string;
  };
}
interface SepaPaymentInfo {
  requestedExecutionDate: Date;
  debtorIBAN: string;
  debtorBIC: string;
  debtorName: string;
  createTransaction: () => { creditorName: string; creditorIBAN: string; amount: number; remittanceInfo: string; end2endId: string };
  addTransaction: (tx: unknown) => void;
}

/** Runs this file in a child process in `mode`; answers its last JSON line. */
const child = (mode: string, ...args: ReadonlyArray<string>): Record<string, number> => {
  const result = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=4096", "--import", "tsx", BENCH_FILE, mode, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * MB,
  });
  if (result.status !== 0) throw new Error(`${mode} failed (${result.status}):\n${result.stderr}`);
  const last = result.stdout.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(last) as Record<string, number>;
};

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const main = async () => {
  const sizes = (process.env.BENCH_LINES ?? "10000,100000").split(",").map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? "3");
  const rows: Array<Record<string, string>> = [];
  const growthBySize = new Map<number, number>();
  for (const n of sizes) {
    const exports: Array<Record<string, number>> = [];
    const imports: Array<Record<string, number>> = [];
    const sepas: Array<Record<string, number>> = [];
    const writers: Array<Record<string, number>> = [];
    for (let r = 0; r < runs; r += 1) {
      const dir = mkdtempSync(path.join(tmpdir(), "bp-bench-pay-"));
      try {
        child("setup", dir, String(n));
        // Alternated, so drifts of a loaded machine touch both sides alike.
        sepas.push(child("sepa", String(n)));
        writers.push(child("writer", String(n)));
        exports.push(child("export", dir));
        writeAnswer(dir);
        imports.push(child("import", dir));
        const last = imports.at(-1);
        if (last?.matched !== n) throw new Error(`the answer matched ${last?.matched} of ${n} lines`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const exportMs = median(exports.map((e) => e.ms ?? 0));
    const sepaMs = median(sepas.map((e) => e.ms ?? 0));
    const exportGrowth = median(exports.map((e) => e.rssGrowth ?? 0));
    const writerMs = median(writers.map((e) => e.ms ?? 0));
    growthBySize.set(n, exportGrowth);
    rows.push({
      lines: String(n),
      "export ms": exportMs.toFixed(0),
      "sepa ms": sepaMs.toFixed(0),
      "export / sepa": (exportMs / sepaMs).toFixed(2),
      "writer ms": writerMs.toFixed(0),
      "writer / sepa": (writerMs / sepaMs).toFixed(2),
      "export RSS growth MB": (exportGrowth / MB).toFixed(1),
      "sepa RSS growth MB": (median(sepas.map((e) => e.rssGrowth ?? 0)) / MB).toFixed(1),
      "file MB": ((exports[0]?.bytes ?? 0) / MB).toFixed(1),
      "import ms": median(imports.map((e) => e.ms ?? 0)).toFixed(0),
      "import RSS growth MB": (median(imports.map((e) => e.rssGrowth ?? 0)) / MB).toFixed(1),
    });
    process.stdout.write(`${JSON.stringify(rows.at(-1))}\n`);
  }
  console.table(rows);
  const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
  const growth = ((growthBySize.get(large) ?? 0) - (growthBySize.get(small) ?? 0)) / MB;
  console.log(`export peak RSS growth from ${small} to ${large} lines: ${growth.toFixed(1)} MB (target: under 64 MB)`);
  for (const row of rows) {
    console.log(`${row.lines} lines: the export use case takes ${row["export / sepa"]} of sepa's time, the writer alone ${row["writer / sepa"]} (target: at most 1.00)`);
  }
};

const [mode, ...args] = process.argv.slice(2);
const steps: Record<string, () => Promise<void>> = {
  setup: () => setup(args[0] ?? "", Number(args[1])),
  export: () => exportStep(args[0] ?? ""),
  import: () => importStep(args[0] ?? ""),
  sepa: () => sepaStep(Number(args[0])),
  writer: () => writerStep(Number(args[0])),
};
await (mode === undefined ? main() : (steps[mode] ?? (() => Promise.reject(new Error(`unknown mode ${mode}`))))());
