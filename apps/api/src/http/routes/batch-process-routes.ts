/**
 * Seed 004, the XML batch processes: `/rest/batchProcess` (scope `ebill`), exactly as API.md's
 * table. Requests and responses are application/xml with the seed's element names; refusals,
 * authentication's included, are application/problem+xml.
 */
import { Either, Schema } from "effect";
import {
  BatchInitRequest,
  BatchInitSteps,
  fieldErrorsOf,
  FileUploadRequest,
  ProcessRefRequest,
  type BatchInitStep,
  type BatchProcessRef,
  type BatchProcessDetail,
  type BatchProcessView,
  type makeCreateFileUploadProcess,
  type makeFinalizeBatchProcess,
  type makeGetBatchProcess,
  type makeRunBatchInit,
} from "@batch/core";
import { fail } from "../problem";
import { defineRoute, type Reply, type RouteDefinition } from "../route";
import { orFail } from "../run-effect";
import { APPLICATION_XML, element, parentElement, problemXmlFormat, readBatchProcessXml, xmlDocument } from "./batch-process-xml";

export interface BatchProcessUseCases {
  readonly runBatchInit: ReturnType<typeof makeRunBatchInit>;
  readonly createFileUpload: ReturnType<typeof makeCreateFileUploadProcess>;
  readonly finalize: ReturnType<typeof makeFinalizeBatchProcess>;
  readonly get: ReturnType<typeof makeGetBatchProcess>;
}

export interface BatchProcessRoutesDeps {
  readonly useCases: BatchProcessUseCases;
  /** Called when a request queued a process, so an in-process worker starts on it at once. */
  readonly processQueued: () => void;
}

const PATH = "/rest/batchProcess";
const TAGS = ["XML batch processes (seed 004)"];

// ---- Reading ----------------------------------------------------------------------------------

/** Decodes the element texts with one of the core's request Schemas; 400 naming each failing element. */
const decodeFields = <A, I>(schema: Schema.Schema<A, I, never>, fields: unknown, where: string): A => {
  const decoded = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "ignore" })(fields);
  if (Either.isRight(decoded)) return decoded.right;
  const errors = fieldErrorsOf(decoded.left).slice(0, 50);
  const detail = errors.map((e) => (e.field === "" ? e.message : `<${e.field}>: ${e.message}`)).join("; ");
  return fail(400, "Request.ValidationFailed", `invalid ${where}: ${detail}`, errors);
};

// ---- Writing ----------------------------------------------------------------------------------

/** The elements every process answer starts with, in the seed's order. */
const statusElements = (p: BatchProcessView | undefined): ReadonlyArray<string> => [
  element("id", p?.id),
  element("jobId", p?.jobId),
  element("status", p?.status),
  element("operation", p?.operation),
  element("subOperation", p?.subOperation),
  element("successCount", p?.successCount),
  element("successMessage", p?.successMessage),
  element("errorMessage", p?.errorMessage),
  element("failCount", p?.failCount),
];

/** A child joins its parent: the parent's id and jobId follow the counts (an extension; the seed's requests name them so). */
const parentElements = (p: BatchProcessView): ReadonlyArray<string> =>
  p.parentBatchProcess === undefined ? [] : [element("parentBatchProcess", p.parentBatchProcess), element("parentBatchProcessJobId", p.parentBatchProcessJobId)];

/** A process with its download URL (empty until terminal) and a `<child>` holding a `<batchProcess>` per child. */
const processXml = (p: BatchProcessDetail): string =>
  parentElement("batchProcess", [
    ...statusElements(p),
    ...parentElements(p),
    element("downloadUrl", p.downloadUrl),
    ...(p.children.length === 0 ? [] : [parentElement("child", p.children.map(processXml))]),
  ]);

/** The BatchInit answer: every step node present, its elements empty when the step was not chosen. */
const batchInitXml = (p: BatchProcessDetail): string => {
  const byStep = new Map<BatchInitStep, BatchProcessDetail>();
  for (const child of p.children) if (child.step !== undefined) byStep.set(child.step, child);
  return parentElement("batchProcess", [
    element("id", p.id),
    element("jobId", p.jobId),
    element("status", p.status),
    element("successMessage", p.successMessage),
    element("errorMessage", p.errorMessage),
    parentElement(
      "child",
      BatchInitSteps.map((step) => parentElement(step, statusElements(byStep.get(step)))),
    ),
  ]);
};

const detailXml = (p: BatchProcessDetail): string => (p.operation === "BatchInit" ? batchInitXml(p) : processXml(p));

/** The decoded `id` / `jobId` as the use cases' ref (the request Schema guarantees one of them). */
const refOf = (ref: ProcessRefRequest): BatchProcessRef =>
  ref.id !== undefined ? { id: ref.id, ...(ref.jobId === undefined ? {} : { jobId: ref.jobId }) } : { jobId: ref.jobId ?? "" };

const xmlReply = (root: string): Reply => ({ status: 200, contentType: APPLICATION_XML, content: xmlDocument(root) });

// ---- Routes -----------------------------------------------------------------------------------

const PostQuery = Schema.Struct({
  mode: Schema.Literal("BatchInit", "S3FileUpload").annotations({ description: "BatchInit (carry forward, zero out balances) or S3FileUpload (a Draft import with a signed upload URL)" }),
});
const PutQuery = Schema.Struct({ mode: Schema.Literal("BatchFinalize").annotations({ description: "BatchFinalize: queue the process and its line-item children" }) });
const GetQuery = Schema.Struct({
  id: Schema.optional(Schema.String.annotations({ description: "The process id" })),
  jobId: Schema.optional(Schema.String.annotations({ description: "The process jobId" })),
});

const XmlResponse = { description: "application/xml <batchProcess>", contentTypes: [APPLICATION_XML] } as const;

const BatchInitOrUploadBody = Schema.Struct({
  ...BatchInitRequest.fields,
  ...FileUploadRequest.fields,
}).annotations({ identifier: "BatchProcessRequest", description: "The <batchProcess> elements: BatchInit takes jobId and the four step flags; S3FileUpload takes jobId, inputType, operation, subOperation, inputFilename and, for a line-item file, parentBatchProcess and/or parentBatchProcessJobId" });

export const batchProcessRoutes = (deps: BatchProcessRoutesDeps): ReadonlyArray<RouteDefinition> => [
  defineRoute({
    method: "post",
    path: PATH,
    operationId: "batchProcessInitOrUpload",
    summary: "BatchInit (mode=BatchInit) or a CSV import with a signed upload URL (mode=S3FileUpload)",
    description:
      "mode=BatchInit carries forward the Open documents of the chosen types and zeroes out customer balances, synchronously; every step node is answered, empty when not chosen. " +
      "mode=S3FileUpload creates a Draft eBill-Import process (Customer, Invoice, or Invoice Line Item with parentBatchProcess / parentBatchProcessJobId) and answers an absolute, signed, expiring uploadUrl: PUT the CSV there with no other credential.",
    tags: TAGS,
    scope: "ebill",
    query: PostQuery,
    body: { kind: "custom", schema: BatchInitOrUploadBody, contentTypes: [APPLICATION_XML] },
    responses: { 200: XmlResponse },
    problems: [400, 404, 409, 413, 415],
    errorEnvelope: problemXmlFormat,
    handler: async ({ query, req, principal }) => {
      const fields = await readBatchProcessXml(req, { required: true });
      const { orgId, actor } = principal;
      if (query.mode === "BatchInit") {
        const request = decodeFields(BatchInitRequest, fields, "BatchInit request");
        const result = await orFail(deps.useCases.runBatchInit({ ...request, orgId, actor }));
        return xmlReply(batchInitXml(result.process));
      }
      const request = decodeFields(FileUploadRequest, fields, "S3FileUpload request");
      const isChild = request.parentBatchProcess !== undefined || request.parentBatchProcessJobId !== undefined;
      if (isChild !== (request.subOperation === "Invoice Line Item")) {
        fail(
          400,
          "Request.ValidationFailed",
          isChild ? "only an Invoice Line Item file has a parent process" : "an Invoice Line Item file needs parentBatchProcess or parentBatchProcessJobId",
          [{ field: isChild ? "subOperation" : "parentBatchProcess", message: isChild ? "must be Invoice Line Item when a parent is given" : "give the Invoice process's id or jobId" }],
        );
      }
      const created = await orFail(deps.useCases.createFileUpload({ ...request, orgId, actor }));
      return xmlReply(parentElement("batchProcess", [...statusElements(created), ...parentElements(created), element("uploadUrl", created.uploadUrl)]));
    },
  }),
  defineRoute({
    method: "put",
    path: PATH,
    operationId: "batchProcessFinalize",
    summary: "BatchFinalize: queue an uploaded import (with its Invoice Line Item children) by <id> and/or <jobId>",
    description: "Answers the process in Queued. No uploaded file: 400; a line-item child (it is finalized with its parent): 400; a process not in Draft: 400.",
    tags: TAGS,
    scope: "ebill",
    query: PutQuery,
    body: { kind: "custom", schema: ProcessRefRequest, contentTypes: [APPLICATION_XML] },
    responses: { 200: XmlResponse },
    problems: [400, 404, 413, 415],
    errorEnvelope: problemXmlFormat,
    handler: async ({ req, principal }) => {
      const ref = decodeFields(ProcessRefRequest, await readBatchProcessXml(req, { required: true }), "BatchFinalize request");
      const detail = await orFail(deps.useCases.finalize({ ...refOf(ref), orgId: principal.orgId, actor: principal.actor }));
      deps.processQueued();
      return xmlReply(processXml(detail));
    },
  }),
  defineRoute({
    method: "get",
    path: PATH,
    operationId: "batchProcessStatus",
    summary: "A process by ?id= or ?jobId=: status, counts, messages, downloadUrl once terminal, a <child> per child",
    tags: TAGS,
    scope: "ebill",
    query: GetQuery,
    responses: { 200: XmlResponse },
    problems: [400, 404],
    errorEnvelope: problemXmlFormat,
    handler: async ({ query, principal }) => {
      const ref = decodeFields(ProcessRefRequest, query, "query");
      return xmlReply(detailXml(await orFail(deps.useCases.get({ ...refOf(ref), orgId: principal.orgId }))));
    },
  }),
];
