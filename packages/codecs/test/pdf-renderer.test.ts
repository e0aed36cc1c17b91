import { inflateSync } from "node:zlib";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { PrintTemplateUnknown, type PaymentBatchPrintout } from "@batch/core";
import { makePdfRenderer } from "../src/index";
import { concatBytes, run, runEither } from "./payload-support";

/** The text drawn on the pages: pdfkit writes it as hex strings in TJ arrays of deflated content streams. */
const textOf = (pdf: Buffer): string => {
  const source = pdf.toString("latin1");
  const texts: string[] = [];
  for (const match of source.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = source.indexOf("endstream", start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString("latin1");
    } catch {
      continue; // not a deflated content stream (fonts are not embedded, but be safe)
    }
    for (const [, array] of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      texts.push((array ?? "").replace(/<([0-9a-fA-F]*)>|[^<]+/g, (_, hex: string | undefined) => (hex === undefined ? "" : Buffer.from(hex, "hex").toString("latin1"))));
    }
  }
  return texts.join("\n");
};

const printout = (lines: number, original = false): PaymentBatchPrintout => ({
  title: "Payment batch ACME/7",
  fields: [
    ["Company", "ACME"],
    ["State", "Submitted"],
    ["Note", "Łódź branch — straße"],
  ],
  lines: Array.from({ length: lines }, (_, i) => ({
    party: `Party ${i + 1} Société`,
    sourceDoc: `INV-${i + 1}`,
    iban: "DE89370400440532013000",
    swift: "COBADEFFXXX",
    status: i % 3 === 0 ? "Error" : "Open",
    amount: "12.30",
    currency: "EUR",
  })),
  total: "EUR 12.30",
  printedAt: "2025-03-01T10:00:00.000Z",
  original,
});

const render = async (p: PaymentBatchPrintout, template?: string): Promise<Buffer> =>
  Buffer.from(await concatBytes(await run(makePdfRenderer().render(p, template))));

const pageCount = (pdf: Buffer): number => (pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;

describe("PDF renderer", () => {
  it("offers at least two templates", () => {
    expect(makePdfRenderer().templates).toEqual(["standard", "detailed"]);
  });

  it("renders a PDF of the batch, its fields, lines and total (standard template by default)", async () => {
    const pdf = await render(printout(3));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1").trimEnd().endsWith("%%EOF")).toBe(true);
    const text = textOf(pdf);
    for (const expected of ["Payment batch ACME/7", "Company: ", "Submitted", "Party 1 Société", "INV-3", "Error", "12.30", "Total: EUR 12.30", "page 1 of 1"]) {
      expect(text).toContain(expected);
    }
    // Windows-1252 text prints as is (ß); other letters lose their accents or are spelled out (Ł is L, ź is z).
    expect(text).toContain("Lódz branch");
    expect(text).toContain("straße");
    expect(text).not.toContain("DE89370400440532013000");
  });

  it("adds IBAN and SWIFT in the detailed template, and marks an original print", async () => {
    const text = textOf(await render(printout(2, true), "detailed"));
    expect(text).toContain("DE89370400440532013000");
    expect(text).toContain("COBADEFFXXX");
    expect(text).toContain("Payment batch ACME/7 (original)");
  });

  it("paginates long batches, repeating the table header and numbering pages", async () => {
    const pdf = await render(printout(200));
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(3);
    const text = textOf(pdf);
    expect(text).toContain(`page ${pages} of ${pages}`);
    expect(text.match(/Source document/g)).toHaveLength(pages);
    expect(text).toContain("Party 200 Société");
  });

  it("refuses an unknown template naming the known ones", async () => {
    const result = await runEither(makePdfRenderer().render(printout(1), "fancy"));
    expect(Either.isLeft(result)).toBe(true);
    const error = Either.isLeft(result) ? result.left : undefined;
    expect(error).toBeInstanceOf(PrintTemplateUnknown);
    expect(error?.message).toBe('unknown template "fancy"; known templates: standard, detailed');
  });
});
