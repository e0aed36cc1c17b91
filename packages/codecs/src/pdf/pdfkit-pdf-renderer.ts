/**
 * The PdfRenderer port for the print and printOriginal operations of seed 003: a payment batch,
 * its attributes and its lines, as a PDF streamed out of pdfkit.
 *
 * Templates: `standard` (the default; A4 portrait, one line per payment with party, source
 * document, status and amount) and `detailed` (A4 landscape, adding the IBAN and SWIFT of each
 * line). Both repeat the table header on every page, end with the total, and number the pages.
 * A printOriginal is marked as such in the title.
 *
 * The document uses the PDF standard fonts, which cover the Windows-1252 characters; other text is
 * transliterated (accents dropped) or shown as "?", so a name never prints as garbage.
 *
 * pdfkit is loaded on the first printout, not with the service: with its font metrics it holds
 * about 5 MB of heap that a service printing nothing would carry for its whole life.
 */
import type PDFDocumentClass from "pdfkit";
import { Effect } from "effect";
import { PrintTemplateUnknown, type PaymentBatchPrintout, type PdfRenderer } from "@batch/core";
import { asciiFormOf } from "../latin-letters";

type Line = PaymentBatchPrintout["lines"][number];

interface Column {
  readonly title: string;
  readonly width: number;
  readonly align: "left" | "right";
  readonly value: (line: Line) => string;
}

interface Template {
  readonly layout: "portrait" | "landscape";
  readonly columns: ReadonlyArray<Column>;
}

const party: Column = { title: "Party", width: 3, align: "left", value: (l) => l.party };
const sourceDoc: Column = { title: "Source document", width: 2, align: "left", value: (l) => l.sourceDoc ?? "" };
const status: Column = { title: "Status", width: 1.2, align: "left", value: (l) => l.status };
const amount: Column = { title: "Amount", width: 1.6, align: "right", value: (l) => l.amount };
const currency: Column = { title: "Currency", width: 0.9, align: "left", value: (l) => l.currency };
const iban: Column = { title: "IBAN", width: 3, align: "left", value: (l) => l.iban ?? "" };
const swift: Column = { title: "SWIFT", width: 1.5, align: "left", value: (l) => l.swift ?? "" };

const TEMPLATES: Readonly<Record<string, Template>> = {
  standard: { layout: "portrait", columns: [party, sourceDoc, status, amount, currency] },
  detailed: { layout: "landscape", columns: [party, sourceDoc, iban, swift, status, amount, currency] },
};

// Windows-1252 beyond Latin-1: the characters the standard fonts can show in 0x80-0x9F.
const CP1252_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the standard fonts can show: Windows-1252 as is, accents dropped from the rest, else "?". */
export const printable = (text: string): string =>
  Array.from(text, (c) => {
    const code = c.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(c)) return c;
    if (c === "\t" || c === "\n" || c === "\r") return " ";
    return asciiFormOf(c) ?? "?";
  }).join("");

const MARGIN = 40;
const ROW = 16;

let pdfkit: Promise<typeof PDFDocumentClass> | undefined;
const loadPdfKit = (): Promise<typeof PDFDocumentClass> => (pdfkit ??= import("pdfkit").then((module) => module.default));

const render = (PDFDocument: typeof PDFDocumentClass, printout: PaymentBatchPrintout, template: Template): PDFKit.PDFDocument => {
  const doc = new PDFDocument({
    size: "A4",
    layout: template.layout,
    margin: MARGIN,
    bufferPages: true,
    info: { Title: printable(printout.title), CreationDate: new Date(printout.printedAt), Producer: "Batchport" },
  });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN - 24;
  const totalWeight = template.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = template.columns.map((c) => (c.width / totalWeight) * width);

  const cells = (values: ReadonlyArray<string>, y: number, bold: boolean): void => {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
    let x = MARGIN;
    template.columns.forEach((column, i) => {
      const w = widths[i] ?? 0;
      doc.text(printable(values[i] ?? ""), x + 2, y + 4, { width: w - 4, align: column.align, lineBreak: false, ellipsis: true });
      x += w;
    });
  };
  const tableHeader = (y: number): number => {
    doc.rect(MARGIN, y, width, ROW).fill("#e8e8e8").fillColor("black");
    cells(template.columns.map((c) => c.title), y, true);
    return y + ROW;
  };

  doc.font("Helvetica-Bold").fontSize(16).text(printable(printout.original ? `${printout.title} (original)` : printout.title));
  doc.moveDown(0.5);
  for (const [label, value] of printout.fields) {
    doc.font("Helvetica-Bold").fontSize(9).text(`${printable(label)}: `, { continued: true });
    doc.font("Helvetica").text(printable(value));
  }
  doc.moveDown(1);

  let y = tableHeader(doc.y);
  printout.lines.forEach((line, index) => {
    if (y + ROW > bottom) {
      doc.addPage();
      y = tableHeader(MARGIN);
    }
    if (index % 2 === 1) doc.rect(MARGIN, y, width, ROW).fill("#f6f6f6").fillColor("black");
    cells(template.columns.map((c) => c.value(line)), y, false);
    y += ROW;
  });
  if (y + ROW > bottom) {
    doc.addPage();
    y = MARGIN;
  }
  doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).stroke();
  doc.font("Helvetica-Bold").fontSize(9).text(`Total: ${printable(printout.total)}`, MARGIN, y + 4, { width: width - 2, align: "right" });
  doc.font("Helvetica").text(`Lines: ${printout.lines.length}`, MARGIN + 2, y + 4, { lineBreak: false });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    doc.font("Helvetica").fontSize(8).text(
      `Printed ${printable(printout.printedAt)} - page ${i - range.start + 1} of ${range.count}`,
      MARGIN,
      doc.page.height - MARGIN - 10,
      { width, align: "right", lineBreak: false },
    );
  }
  doc.end();
  return doc;
};

export const makePdfRenderer = (): PdfRenderer => ({
  templates: Object.keys(TEMPLATES),
  render: (printout, templateName = "standard") => {
    const template = TEMPLATES[templateName];
    if (template === undefined) return Effect.fail(new PrintTemplateUnknown({ template: templateName, known: Object.keys(TEMPLATES) }));
    return Effect.promise(loadPdfKit).pipe(Effect.map((PDFDocument) => render(PDFDocument, printout, template) as AsyncIterable<Uint8Array>));
  },
});
