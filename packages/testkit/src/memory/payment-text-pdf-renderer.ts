/**
 * A small, real PdfRenderer for tests of @batch/core (which must not depend on @batch/codecs):
 * it renders the printout as a plain-text document (UTF-8) in one of two layouts, "default"
 * (a header of labelled fields, then one block per line) and "compact" (one row per line).
 */
import { Effect } from "effect";
import { PrintTemplateUnknown, type PaymentBatchPrintout, type PdfRenderer } from "@batch/core";

const layouts: Record<string, (p: PaymentBatchPrintout) => ReadonlyArray<string>> = {
  default: (p) => [
    p.title,
    ...p.fields.map(([label, value]) => `${label}: ${value}`),
    "",
    ...p.lines.flatMap((l, i) => [
      `Line ${i + 1}: ${l.party}`,
      ...(l.sourceDoc === undefined ? [] : [`  Source document: ${l.sourceDoc}`]),
      ...(l.iban === undefined ? [] : [`  IBAN: ${l.iban}`]),
      ...(l.swift === undefined ? [] : [`  SWIFT: ${l.swift}`]),
      `  Status: ${l.status}`,
      `  Amount: ${l.amount} ${l.currency}`,
    ]),
    `Total: ${p.total}`,
    `Printed at ${p.printedAt}${p.original ? " (original values)" : ""}`,
  ],
  compact: (p) => [
    p.title,
    ...p.lines.map((l) => [l.party, l.iban ?? "", l.status, `${l.amount} ${l.currency}`].join(" | ")),
    `Total: ${p.total}`,
  ],
};

export const TEXT_PRINT_TEMPLATES = Object.keys(layouts);

export const makeTextPdfRenderer = (): PdfRenderer => ({
  templates: TEXT_PRINT_TEMPLATES,
  render: (printout, template) => {
    const name = template ?? "default";
    const layout = layouts[name];
    if (layout === undefined) return Effect.fail(new PrintTemplateUnknown({ template: name, known: TEXT_PRINT_TEMPLATES }));
    const bytes = new TextEncoder().encode(`${layout(printout).join("\n")}\n`);
    return Effect.succeed(
      (async function* () {
        yield bytes;
      })(),
    );
  },
});
