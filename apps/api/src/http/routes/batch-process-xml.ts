/**
 * The XML of seed 004: reading a `<batchProcess>` request into its element texts, writing
 * responses, and problem+xml refusals. A request is refused before any parsing when it declares a
 * document type or an entity (XXE, billion laughs): this API has no use for either.
 */
import type { Request, Response } from "express";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { STATUS_CODES } from "node:http";
import { mediaTypeOf, readSmallBody } from "../body";
import { fail, type Problem } from "../problem";
import type { ErrorEnvelope } from "../route";

export const APPLICATION_XML = "application/xml";
export const PROBLEM_XML = "application/problem+xml";

/** Requests are a handful of short elements. */
export const MAX_XML_REQUEST_BYTES = 64 * 1024;

const XML_MEDIA_TYPES = new Set(["application/xml", "text/xml"]);

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;"));

/** An element: `<name>text</name>`, or `<name></name>` when the value is absent (the seed writes empty elements so). */
export const element = (name: string, value: string | number | undefined): string =>
  `<${name}>${value === undefined ? "" : escapeXml(String(value))}</${name}>`;

/** An element holding other elements. */
export const parentElement = (name: string, children: ReadonlyArray<string>): string => `<${name}>${children.join("")}</${name}>`;

export const xmlDocument = (root: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;

// RFC 7807 appendix A: the problem members as elements in the urn:ietf:rfc:7807 namespace.
const problemXml = (problem: Problem): string => {
  const errors = problem.errors ?? [];
  return xmlDocument(
    `<problem xmlns="urn:ietf:rfc:7807">${[
      element("type", `urn:batchport:problem:${problem.code}`),
      element("title", problem.title ?? STATUS_CODES[problem.status] ?? "Error"),
      element("status", problem.status),
      element("detail", problem.detail),
      element("code", problem.code),
      ...(errors.length === 0 ? [] : [parentElement("errors", errors.map((e) => parentElement("i", [element("field", e.field), element("message", e.message)])))]),
    ].join("")}</problem>`,
  );
};

export const sendProblemXml = (res: Response, problem: Problem): void => {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
  res.status(problem.status).type(PROBLEM_XML).send(problemXml(problem));
};

export const problemXmlFormat: ErrorEnvelope = { contentType: PROBLEM_XML, send: sendProblemXml };

/** `<!DOCTYPE` or `<!ENTITY` anywhere (case-insensitive, as a parser would meet them). */
const DECLARATION = /<!\s*(doctype|entity)/i;

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  // Only the five predefined entities and character references: no document type is ever let in.
  processEntities: true,
  htmlEntities: false,
  isArray: () => true,
});

/**
 * The element texts of a `<batchProcess>` request body: `{jobId: "X", ...}`, an empty element
 * absent. Refusals: 415 (not XML), 413 (larger than MAX_XML_REQUEST_BYTES), 400 (a document type
 * or entity declaration, not well-formed, another root, an element holding elements, an element
 * given twice).
 */
export const readBatchProcessXml = async (req: Request, options: { readonly required: boolean }): Promise<Readonly<Record<string, string>>> => {
  const type = mediaTypeOf(req);
  if (type !== undefined && !XML_MEDIA_TYPES.has(type)) {
    fail(415, "Request.UnsupportedMediaType", `this operation takes ${APPLICATION_XML}, not ${type}`);
  }
  const text = (await readSmallBody(req, MAX_XML_REQUEST_BYTES, "XML request")).toString("utf8");
  if (text.trim() === "") {
    if (options.required) fail(400, "Request.BodyMissing", "this operation needs an XML <batchProcess> body (Content-Type: application/xml)");
    return {};
  }
  if (DECLARATION.test(text)) {
    fail(400, "Request.XmlDeclarationRefused", "a document type (<!DOCTYPE) or entity declaration (<!ENTITY) is not accepted");
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    fail(400, "Request.XmlMalformed", `the body is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  const parsed = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(parsed);
  if (roots.length !== 1 || roots[0] !== "batchProcess") {
    fail(400, "Request.XmlMalformed", `the root element must be <batchProcess>, got ${roots.map((r) => `<${r}>`).join(", ") || "none"}`);
  }
  const root = (parsed.batchProcess as ReadonlyArray<unknown>);
  if (root.length !== 1) fail(400, "Request.XmlMalformed", "the body must hold one <batchProcess> element");
  const fields: Record<string, string> = {};
  const content = root[0];
  if (typeof content !== "object" || content === null) return fields;
  for (const [name, values] of Object.entries(content as Record<string, ReadonlyArray<unknown>>)) {
    if (name === "#text") fail(400, "Request.XmlMalformed", "<batchProcess> holds elements, not text");
    if (values.length !== 1) fail(400, "Request.ValidationFailed", `<${name}> is given ${values.length} times`, [{ field: name, message: "must be given at most once" }]);
    const value = values[0];
    if (typeof value === "object" && value !== null) {
      // An element with only empty or whitespace content parses as an empty object when it has none.
      if (Object.keys(value).length === 0) continue;
      fail(400, "Request.ValidationFailed", `<${name}> must hold text, not elements`, [{ field: name, message: "must hold text, not elements" }]);
    }
    const text = typeof value === "string" ? value : String(value);
    if (text !== "") fields[name] = text;
  }
  return fields;
};
