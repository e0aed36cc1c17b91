/** The text of a PDF, page by page, as pdfjs-dist (Mozilla's PDF reader, an implementation independent of pdfkit) extracts it. */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export const pdfTextOf = async (bytes: Uint8Array): Promise<string> => {
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: Array<string> = [];
    for (let n = 1; n <= document.numPages; n += 1) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
    }
    return pages.join("\n");
  } finally {
    await document.destroy();
  }
};
