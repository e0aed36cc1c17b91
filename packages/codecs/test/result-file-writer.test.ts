import { parse } from "csv-parse/sync";
import { FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import type { ResultRow } from "@batch/core";
import { makeResultFileWriter, neutraliseFormula } from "../src/index";
import { concatBytes } from "./payload-support";

const write = async (columns: ReadonlyArray<string>, rows: ReadonlyArray<ResultRow>): Promise<string> =>
  new TextDecoder().decode(await concatBytes(makeResultFileWriter().write(columns, rows)));

describe("result file writer", () => {
  it("repeats every input row with status and errorMessage columns", async () => {
    const csv = await write(
      ["customerno", "companyname", "balance"],
      [
        { raw: { customerno: "C1", companyname: "Acme, Inc.", balance: "-30.00" }, status: "Success", errorMessage: "" },
        { raw: { customerno: "C2", balance: 12.5 }, status: "Failed", errorMessage: "emailaddress1: is required" },
      ],
    );
    expect(csv).toBe(
      'customerno,companyname,balance,status,errorMessage\nC1,"Acme, Inc.",-30.00,Success,\nC2,,12.5,Failed,emailaddress1: is required\n',
    );
  });

  it("neutralises cells that a spreadsheet would run as formulas, but keeps plain numbers", async () => {
    const csv = await write(
      ["a", "b", "c", "d", "e", "f", "g"],
      [
        {
          raw: { a: "=HYPERLINK(\"http://x\")", b: "+1+2", c: "-30", d: "@SUM(A1)", e: "\tx", f: "-30.00", g: "+49 170 1234" },
          status: "Failed",
          errorMessage: "=cmd|' /C calc'!A0",
        },
      ],
    );
    const [, row] = parse(csv) as string[][];
    expect(row).toEqual(["'=HYPERLINK(\"http://x\")", "'+1+2", "-30", "'@SUM(A1)", "'\tx", "-30.00", "'+49 170 1234", "Failed", "'=cmd|' /C calc'!A0"]);
  });

  it("writes values that are not text (from JSON or XML inputs) as their JSON text", async () => {
    const csv = await write(["n", "o", "b"], [{ raw: { n: -4, o: { x: [1] }, b: true }, status: "Success", errorMessage: "" }]);
    expect(parse(csv)).toEqual([["n", "o", "b", "status", "errorMessage"], ["-4", '{"x":[1]}', "true", "Success", ""]]);
  });

  it("streams large files in chunks", async () => {
    const rows = Array.from({ length: 20000 }, (_, i): ResultRow => ({ raw: { id: `ID-${i}`, note: "x".repeat(20) }, status: "Success", errorMessage: "" }));
    const chunks: Uint8Array[] = [];
    for await (const chunk of makeResultFileWriter().write(["id", "note"], rows)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(5);
    expect((parse(Buffer.concat(chunks)) as string[][]).length).toBe(20001);
  });

  it("property: every cell reads back as written, except that formula-like text gains a leading apostrophe", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 6 }), async (cells) => {
        const columns = cells.map((_, i) => `c${i}`);
        const raw = Object.fromEntries(cells.map((cell, i) => [`c${i}`, cell]));
        const [, row] = parse(await write(columns, [{ raw, status: "Success", errorMessage: "" }])) as string[][];
        expect(row?.slice(0, cells.length)).toEqual(cells.map(neutraliseFormula));
        for (const cell of row ?? []) expect(/^[=+\-@\t\r]/.test(cell) && !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cell)).toBe(false);
      }),
    );
  });
});
