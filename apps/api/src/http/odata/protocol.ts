/**
 * OData v4 protocol details every `/odata` response shares: the `OData-Version` header, the
 * error envelope `{"error": {"code", "message"}}` (OData JSON Format §21), and `Accept`
 * negotiation with q-values (what Excel and Power BI send).
 */
import type { Request, Response } from "express";
import { Schema } from "effect";
import { HttpProblem, type Problem } from "../problem";
import type { ErrorEnvelope } from "../route";

export const ODATA_VERSION = "4.0";

/** The media type of every JSON answer: OData minimal metadata, numbers as JSON numbers. */
export const ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
export const CSDL_XML = "application/xml;charset=utf-8";

const ODataErrorDetail = Schema.Struct({ code: Schema.String, message: Schema.String, target: Schema.optional(Schema.String) });

export const ODataErrorBody = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String.annotations({ description: "Stable error code: the domain error tag (ApBatch.NoInvoices) or OData.*, Request.*, Auth.*" }),
    message: Schema.String.annotations({ description: "The seed's message, or one naming the option, property or rule at fault" }),
    target: Schema.optional(Schema.String),
    details: Schema.optional(Schema.Array(ODataErrorDetail)),
  }),
}).annotations({ identifier: "ODataError", description: "OData v4 JSON error response" });

/** The OData error body of a problem; a field error becomes a detail whose target is the field. */
export const odataErrorOf = (problem: Problem) => ({
  error: {
    code: problem.code,
    message: problem.detail,
    ...(problem.errors === undefined || problem.errors.length === 0
      ? {}
      : { details: problem.errors.map((e) => ({ code: problem.code, message: e.message, ...(e.field === "" ? {} : { target: e.field }) })) }),
  },
});

export const sendODataError = (res: Response, problem: Problem): void => {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
  res.setHeader("OData-Version", ODATA_VERSION);
  res.status(problem.status).type("application/json;charset=utf-8").send(JSON.stringify(odataErrorOf(problem)));
};

export const odataErrorEnvelope: ErrorEnvelope = { contentType: "application/json", schema: ODataErrorBody, send: sendODataError };

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

const parseAccept = (header: string): ReadonlyArray<MediaRange> =>
  header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const [range = "", ...rest] = part.split(";");
      const [type = "", subtype = ""] = range.trim().toLowerCase().split("/");
      const params = new Map<string, string>();
      let q = 1;
      for (const param of rest) {
        const eq = param.indexOf("=");
        if (eq < 0) continue;
        const name = param.slice(0, eq).trim().toLowerCase();
        const value = param.slice(eq + 1).trim().replace(/^"|"$/g, "").toLowerCase();
        if (name === "q") {
          const n = Number(value);
          q = Number.isFinite(n) ? Math.min(Math.max(n, 0), 1) : 0;
        } else params.set(name, value);
      }
      return { type, subtype, params, q };
    });

/** The q-value the Accept header gives `type/subtype` (the most specific range that matches wins). */
const qualityOf = (ranges: ReadonlyArray<MediaRange>, type: string, subtype: string): number => {
  let best: { readonly specificity: number; readonly q: number } | undefined;
  for (const r of ranges) {
    const matches = (r.type === "*" || r.type === type) && (r.subtype === "*" || r.subtype === subtype);
    if (!matches) continue;
    // odata.metadata=full/none are answered with minimal, which OData allows a service to do.
    const specificity = r.type === "*" ? 0 : r.subtype === "*" ? 1 : 2;
    if (best === undefined || specificity > best.specificity || (specificity === best.specificity && r.q > best.q)) best = { specificity, q: r.q };
  }
  return best?.q ?? 0;
};

/**
 * Refuses (406) a request whose Accept header (or `$format`) allows none of `produces`. No
 * Accept header, or `*\/*`, accepts anything. `$format` overrides Accept (OData §11.2.11).
 */
export const requireAcceptable = (req: Request, produces: ReadonlyArray<"json" | "xml">, format: string | undefined): void => {
  if (format !== undefined) {
    const f = format.toLowerCase().split(";")[0]?.trim() ?? "";
    const wants = f === "json" || f === "application/json" ? "json" : f === "xml" || f === "application/xml" ? "xml" : undefined;
    if (wants === undefined || !produces.includes(wants)) {
      throw new HttpProblem({ status: 406, code: "OData.FormatUnsupported", detail: `$format "${format}" is not supported here; use ${produces.join(" or ")}` });
    }
    return;
  }
  const header = req.headers.accept;
  if (header === undefined || header.trim() === "") return;
  const ranges = parseAccept(header);
  const candidates: Record<"json" | "xml", ReadonlyArray<readonly [string, string]>> = {
    json: [["application", "json"]],
    xml: [["application", "xml"], ["text", "xml"]],
  };
  const acceptable = produces.some((p) => candidates[p].some(([t, s]) => qualityOf(ranges, t, s) > 0));
  if (!acceptable) {
    const types = produces.flatMap((p) => candidates[p].map(([t, s]) => `${t}/${s}`)).join(", ");
    throw new HttpProblem({ status: 406, code: "OData.NotAcceptable", detail: `the Accept header allows none of ${types}, which this resource is served as` });
  }
};
