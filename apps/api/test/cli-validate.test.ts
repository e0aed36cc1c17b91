/**
 * The `validate` command end to end: real files, the real decoder of @batch/codecs and the
 * record schemas of @batch/core; in process for the output, and as `batchport` processes for
 * the exit statuses.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payloadRecordSchemas } from "@batch/core";
import { runValidateCommand, type PayloadRecordSchemas } from "../src/cli/validate-command";

const ROOT = join(import.meta.dirname, "../../..");
// The official samples the codecs test with, kept in the repository so a clone anywhere has them.
const SAMPLES = join(ROOT, "packages/codecs/test/fixtures/iso20022/samples");
const dir = mkdtempSync(join(tmpdir(), "batchport-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const validate = async (argv: ReadonlyArray<string>, registry: PayloadRecordSchemas = payloadRecordSchemas) => {
  let stdout = "";
  let stderr = "";
  const status = await runValidateCommand(argv, registry, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
  });
  const lines = stdout
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status, lines, stderr };
};

describe("validate", () => {
  it("prints one line per failed record and a summary, with the Company schema of @batch/core (exit 1)", async () => {
    const csv = file("companies.csv", "ReferenceId,Name,registeredCountry,notes\nC1,Acme,DE,x\n,No reference,FR,y\nC3,\"Smith, Jones\",NL,z\nC4,Short\n");
    const { status, lines } = await validate(["--type", "COMPANY", "--format", "CSV", csv], { COMPANY: payloadRecordSchemas.COMPANY });
    expect(status).toBe(1);
    expect(lines).toEqual([
      { itemNumber: 2, position: "line 3", field: "referenceId", message: "is required", errors: [{ field: "referenceId", message: "is required" }] },
      {
        itemNumber: 4,
        position: "line 5",
        field: "",
        message: "the row has 2 fields but the header has 4",
        errors: [{ field: "", message: "the row has 2 fields but the header has 4" }],
      },
      { total: 4, valid: 2, invalid: 2 },
    ]);
  });

  it("exits 0 with only the summary when every record is valid (JSON array and NDJSON)", async () => {
    const json = file("companies.json", JSON.stringify([{ referenceId: "C1", name: "Acme" }, { referenceId: "C2" }]));
    expect(await validate(["--type", "company", "--format", "json", json])).toMatchObject({ status: 0, lines: [{ total: 2, valid: 2, invalid: 0 }] });
    const ndjson = file("companies.ndjson", '{"referenceId":"C1"}\n{"referenceId":"C2","name":"Beta"}\n');
    expect(await validate(["--type", "COMPANY", "--format", "JSON", ndjson])).toMatchObject({ status: 0, lines: [{ total: 2, valid: 2, invalid: 0 }] });
  });

  it("reads XML and ISO 20022 files with the registry's schemas and messages", async () => {
    const xml = file("companies.xml", "<companies><company><referenceId>C1</referenceId></company><company><name>x</name></company></companies>");
    const { status, lines } = await validate(["--type", "COMPANY", "--format", "XML", xml]);
    expect(status).toBe(1);
    expect(lines[0]).toMatchObject({ itemNumber: 2, position: "/companies/company[2]", field: "referenceId" });
    const pain001 = await validate(["--type", "PAYMENT_REQUEST", "--format", "ISO", join(SAMPLES, "pain.001.001.09-php-sepa-xml-1.xml")]);
    expect(pain001).toMatchObject({ status: 0, lines: [{ total: 1, valid: 1, invalid: 0 }] });
    const pain002 = await validate(["--type", "PAYMENT_STATUS", "--format", "ISO", join(SAMPLES, "pain.002.001.03-batchport-1.xml")]);
    expect(pain002).toMatchObject({ status: 0, lines: [{ total: 4, valid: 4, invalid: 0 }] });
  });

  it("exits 2 with an error line when the file cannot be read at all", async () => {
    const truncated = file("truncated.json", '[{"referenceId":"C1"},{"referenceId":');
    const malformed = await validate(["--type", "COMPANY", "--format", "JSON", truncated]);
    expect(malformed.status).toBe(2);
    expect(malformed.lines[0]).toMatchObject({ error: { code: "Payload.Malformed" } });
    expect(malformed.lines[1]).toEqual({ total: 1, valid: 1, invalid: 0 });

    const binary = file("binary.csv", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]));
    expect(await validate(["--type", "COMPANY", "--format", "CSV", binary])).toMatchObject({
      status: 2,
      lines: [{ error: { code: "Payload.Malformed", message: "the payload is binary, not text: it contains a NUL byte" } }, { total: 0 }],
    });

    const missing = await validate(["--type", "COMPANY", "--format", "CSV", join(dir, "missing.csv")]);
    expect(missing.status).toBe(2);
    expect(missing.lines[0]).toMatchObject({ error: { code: "File.Unreadable" } });
    expect(String((missing.lines[0]?.error as { message: string }).message)).toContain("ENOENT");
    expect((await validate(["--type", "COMPANY", "--format", "CSV", dir])).status).toBe(2);
  });

  it("exits 2 on a wrong command line, naming the problem", async () => {
    const csv = file("ok.csv", "referenceId\nC1\n");
    for (const [argv, message] of [
      [["--format", "CSV", csv], "--type must be one of"],
      [["--type", "VENDOR", "--format", "CSV", csv], '--type must be one of COMPANY_CODE, COMPANY, INVOICE, PURCHASE_ORDER, PAYMENT_REQUEST, PAYMENT_STATUS, BANK_STATEMENT, got "VENDOR"'],
      [["--type", "COMPANY", "--format", "XLSX", csv], '--format must be one of JSON, CSV, XML, ISO, got "XLSX"'],
      [["--type", "COMPANY", "--format", "CSV"], "expected exactly one file"],
      [["--type", "COMPANY", "--format", "CSV", "--verbose", csv], "Unknown option '--verbose'"],
      [["--type", "COMPANY", "--format", "ISO", csv], "COMPANY has no ISO 20022 form; use JSON, CSV or XML"],
    ] as const) {
      const result = await validate(argv);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.lines).toEqual([]);
    }
  });
});

describe("batchport, the built program that `npx batchport` runs, from the repository root", () => {
  // The bin a user runs: apps/api/bin/batchport.mjs starting the bundle of scripts/build-cli.mjs.
  beforeAll(() => {
    const built = spawnSync(process.execPath, [join(ROOT, "apps/api/scripts/build-cli.mjs")], { cwd: ROOT, encoding: "utf8" });
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
  }, 120_000);
  const batchport = (...args: ReadonlyArray<string>) =>
    spawnSync(join(ROOT, "node_modules/.bin/batchport"), args, { cwd: ROOT, encoding: "utf8" });

  it("prints every command with --help", () => {
    const help = batchport("--help");
    expect(help.status).toBe(0);
    for (const command of ["tenants create", "tenants list", "orgs create", "orgs list", "clients create", "clients list", "clients revoke", "validate --type"]) {
      expect(help.stdout).toContain(command);
    }
  });

  it("exits 0, 1 and 2 as the file is valid, has invalid records, or cannot be read", { timeout: 120_000 }, () => {
    const valid = relative(ROOT, file("valid.csv", "referenceId,name\nC1,Acme\n"));
    const invalid = relative(ROOT, file("invalid.csv", "referenceId,name\nC1,Acme\n,Nobody\n"));
    const ok = batchport("validate", "--type", "COMPANY", "--format", "CSV", valid);
    expect({ status: ok.status, stdout: ok.stdout }).toEqual({ status: 0, stdout: '{"total":1,"valid":1,"invalid":0}\n' });
    const bad = batchport("validate", "--type", "COMPANY", "--format", "CSV", invalid);
    expect(bad.status).toBe(1);
    expect(bad.stdout.trim().split("\n").map((l) => JSON.parse(l) as unknown)).toEqual([
      { itemNumber: 2, position: "line 3", field: "referenceId", message: "is required", errors: [{ field: "referenceId", message: "is required" }] },
      { total: 2, valid: 1, invalid: 1 },
    ]);
    expect(batchport("validate", "--type", "COMPANY", "--format", "CSV", "no/such/file.csv").status).toBe(2);
    const usage = batchport("validate", "--type", "COMPANY");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage:");
  });
});
