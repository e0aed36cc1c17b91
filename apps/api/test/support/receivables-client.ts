/**
 * A client of the receivables surfaces for tests: seed 002's JSON upload and seed 004's XML
 * batch processes. Responses are checked well-formed and read with fast-xml-parser; output CSVs
 * are read with csv-parse: implementations independent of the service's own writers.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface XmlReply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The root element's content, element texts as strings ("" for empty elements). */
  readonly root: Record<string, unknown>;
  readonly rootName: string;
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, ignoreDeclaration: true });

export const parseXml = (text: string): { rootName: string; root: Record<string, unknown> } => {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg}\n${text}`);
  const parsed = parser.parse(text) as Record<string, unknown>;
  const [rootName] = Object.keys(parsed);
  if (rootName === undefined) throw new Error(`no root element in ${text}`);
  const root = parsed[rootName];
  return { rootName, root: typeof root === "object" && root !== null ? (root as Record<string, unknown>) : {} };
};

/** `<batchProcess>` with one element per field, values escaped. */
export const batchProcessXml = (fields: Readonly<Record<string, string | number | boolean>>): string =>
  `<batchProcess>${Object.entries(fields)
    .map(([name, value]) => `<${name}>${String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;")}</${name}>`)
    .join("")}</batchProcess>`;

export interface ReceivablesClient {
  readonly baseUrl: string;
  readonly send: (method: "GET" | "POST" | "PUT", query: string, body?: string, headers?: Record<string, string>) => Promise<XmlReply>;
  readonly init: (fields: Readonly<Record<string, string | number | boolean>>) => Promise<XmlReply>;
  readonly createUpload: (fields: Readonly<Record<string, string | number | boolean>>) => Promise<XmlReply>;
  readonly finalize: (fields: Readonly<Record<string, string | number | boolean>>) => Promise<XmlReply>;
  readonly status: (query: Readonly<Record<string, string | number>>) => Promise<XmlReply>;
  /** Polls the status until terminal (Success, PartialSuccess, Failed); the worker runs meanwhile. */
  readonly untilTerminal: (query: Readonly<Record<string, string | number>>, timeoutMs?: number) => Promise<XmlReply>;
  readonly jsonUpload: (
    kind: "invoices" | "customers",
    body: string,
    options?: { readonly jobId?: string; readonly headers?: Record<string, string> },
  ) => Promise<{ status: number; contentType: string; body: Record<string, unknown> }>;
}

export const TERMINAL_PROCESS = new Set(["Success", "PartialSuccess", "Failed"]);

export const makeReceivablesClient = (baseUrl: string, token: string): ReceivablesClient => {
  const send: ReceivablesClient["send"] = async (method, query, body, headers = {}) => {
    const response = await fetch(`${baseUrl}/rest/batchProcess${query}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/xml" }), ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const contentType = response.headers.get("content-type") ?? "";
    const { rootName, root } = contentType.includes("xml") ? parseXml(text) : { rootName: "", root: {} };
    return { status: response.status, contentType, text, root, rootName };
  };
  const status: ReceivablesClient["status"] = (query) => send("GET", `?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`);
  return {
    baseUrl,
    send,
    init: (fields) => send("POST", "?mode=BatchInit", batchProcessXml(fields)),
    createUpload: (fields) => send("POST", "?mode=S3FileUpload", batchProcessXml(fields)),
    finalize: (fields) => send("PUT", "?mode=BatchFinalize", batchProcessXml(fields)),
    status,
    untilTerminal: async (query, timeoutMs = 120_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const reply = await status(query);
        if (reply.status !== 200 || TERMINAL_PROCESS.has(String(reply.root.status))) return reply;
        if (Date.now() > deadline) throw new Error(`the process did not end within ${timeoutMs} ms: ${reply.text}`);
        // Polling, as a client of the seed does; the worker is woken by the finalize itself.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    jsonUpload: async (kind, body, options = {}) => {
      const response = await fetch(`${baseUrl}/jsonApi/upload/${kind}${options.jobId === undefined ? "" : `?jobId=${encodeURIComponent(options.jobId)}`}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(options.headers ?? { authorization: `Bearer ${token}` }) },
        body,
      });
      const text = await response.text();
      return { status: response.status, contentType: response.headers.get("content-type") ?? "", body: JSON.parse(text) as Record<string, unknown> };
    },
  };
};

/** An output CSV read with csv-parse: header row, then records by column name. */
export const readCsv = (text: string): Array<Record<string, string>> => parseCsv(text, { columns: true, skip_empty_lines: true, bom: true }) as Array<Record<string, string>>;

/** A CSV text from a header and rows (cells quoted when they need it). */
export const csvOf = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): string => {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
};
