/**
 * Seed 002, the JSON upload: `POST /jsonApi/upload/invoices` and `/customers` (scope `ebill`; the
 * seed's `api_key` / `api_secret` headers or a bearer token). Each record fails alone with its
 * index, field and rule; each upload is an `eBill-Import` BatchProcess with input type `JSON`,
 * visible through `/rest/batchProcess?id=` and `?jobId=`.
 */
import { createHash } from "node:crypto";
import { Schema } from "effect";
import type { makeUploadJsonCustomers, makeUploadJsonInvoices } from "@batch/core";
import { isJsonMediaType, mediaTypeOf, readSmallBody, refuseDeclaredLargerThan } from "../body";
import { fail } from "../problem";
import { defineRoute, type RouteDefinition } from "../route";
import { orFail } from "../run-effect";

export interface JsonUploadUseCases {
  readonly invoices: ReturnType<typeof makeUploadJsonInvoices>;
  readonly customers: ReturnType<typeof makeUploadJsonCustomers>;
}

export interface JsonUploadRoutesDeps {
  readonly useCases: JsonUploadUseCases;
  /** BATCH_JSON_UPLOAD_MAX_BYTES: a body declared larger is refused (413) before it is read. */
  readonly maxBytes: number;
}

const TAGS = ["JSON upload (seed 002)"];

const Query = Schema.Struct({
  jobId: Schema.optional(Schema.String.annotations({ description: "A jobId of your choosing, unique in the organization; generated when absent" })),
});

const UploadResult = Schema.Struct({
  batchProcessId: Schema.Int,
  jobId: Schema.String,
  status: Schema.String.annotations({ description: "Success, PartialSuccess or Failed (no record applied)" }),
  successCount: Schema.Int,
  failCount: Schema.Int,
  errors: Schema.Array(
    Schema.Struct({
      index: Schema.Int.annotations({ description: "0-based position of the record in the array" }),
      field: Schema.String,
      message: Schema.String,
    }),
  ),
}).annotations({ identifier: "JsonUploadResult" });

const FIELDS = {
  invoices:
    "the seed 002 invoice fields: customerNumber, invoiceNumber and invoiceAmount required; companyCode, profitCenter, customerName, accountingDocNumber, postDate, dueDate, paymentTerms, documentType (Invoice, CreditMemo, DebitMemo), postingKey, debitCreditIndicator, balanceAmount, billAddr, shipAddr, currency, reasonCode, reasonCodeDescription, fiscalYear, invoiceDate, reference1, reference2, localAmount, itemText, fiscalPeriod, issueDate, soldTo, lineItem, referenceDocNo, status",
  customers: "the seed 002 customer fields: emailaddress1 and customerno required; companyname, firstname, lastname, phoneno, cocode",
} as const;

const uploadRoute = (
  name: "invoices" | "customers",
  upload: JsonUploadUseCases["invoices"],
  maxBytes: number,
): RouteDefinition =>
  defineRoute({
    method: "post",
    path: `/jsonApi/upload/${name}`,
    operationId: `jsonUpload${name === "invoices" ? "Invoices" : "Customers"}`,
    summary: `Upload ${name} as a JSON array; each record is applied or fails alone`,
    description: `A body that is not a JSON array: 400. More records or bytes than BATCH_JSON_UPLOAD_MAX_RECORDS / _MAX_BYTES: 413 (from Content-Length before the body is read, where it is given).`,
    tags: TAGS,
    scope: "ebill",
    apiKeyHeaders: true,
    query: Query,
    body: { kind: "stream", contentTypes: ["application/json"], description: `A JSON array of ${name}, each with ${FIELDS[name]}` },
    responses: { 200: { description: "The upload's BatchProcess and its per-record errors", schema: UploadResult } },
    problems: [400, 409, 413, 415],
    idempotent: true,
    handler: async ({ query, req, principal }) => {
      refuseDeclaredLargerThan(req, maxBytes, "JSON upload");
      const type = mediaTypeOf(req);
      if (type !== undefined && !isJsonMediaType(type)) fail(415, "Request.UnsupportedMediaType", `this operation takes application/json, not ${type}`);
      const bytes = await readSmallBody(req, maxBytes, "JSON upload");
      const text = bytes.toString("utf8");
      const result = await orFail(upload({ orgId: principal.orgId, actor: principal.actor, body: text, ...(query.jobId === undefined ? {} : { jobId: query.jobId }) }));
      return {
        status: 200,
        body: {
          batchProcessId: result.batchProcessId,
          jobId: result.jobId,
          status: result.status,
          successCount: result.successCount,
          failCount: result.failCount,
          errors: result.errors,
        },
        bodyDigest: createHash("sha256").update(bytes).digest("hex"),
      };
    },
  });

export const jsonUploadRoutes = (deps: JsonUploadRoutesDeps): ReadonlyArray<RouteDefinition> => [
  uploadRoute("invoices", deps.useCases.invoices, deps.maxBytes),
  uploadRoute("customers", deps.useCases.customers, deps.maxBytes),
];
