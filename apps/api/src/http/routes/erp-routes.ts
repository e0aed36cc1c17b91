/**
 * Seed 000, the ERP integration surface: `/erp/v1` (scope `erp`), exactly as API.md's table.
 * Uploads stream from the socket through the use cases into the blob store; nothing here holds a
 * payload in memory.
 */
import type { Request } from "express";
import { Schema } from "effect";
import {
  erpBatchView,
  ErpBatchStatuses,
  PayloadFormats,
  PayloadObjectType,
  type ExistingErpBatch,
  type makeAcknowledgeOutboundBatch,
  type makeCancelErpBatch,
  type makeCreateErpBatch,
  type makeGetErpBatch,
  type makeGetOutboundPayload,
  type makeListErpBatchItems,
  type makeListErpBatches,
  type makeListOutboundBatches,
  type makeReceiveBlock,
  type makeUploadWholeBatch,
  type PayloadFormat,
  type PayloadObjectType as PayloadObjectTypeName,
} from "@batch/core";
import type { Metrics } from "../../observability/metrics";
import type { Principal } from "../authentication";
import { contentLength, countingStream, mediaTypeOf, refuseDeclaredLargerThan } from "../body";
import { contentDigestOf, sha256FromContentDigest } from "../content-digest";
import { fail } from "../problem";
import { defineRoute, type RouteDefinition } from "../route";
import { orFail } from "../run-effect";

export interface ErpUseCases {
  readonly create: ReturnType<typeof makeCreateErpBatch>;
  readonly receiveBlock: ReturnType<typeof makeReceiveBlock>;
  readonly uploadWhole: ReturnType<typeof makeUploadWholeBatch>;
  readonly get: ReturnType<typeof makeGetErpBatch>;
  readonly list: ReturnType<typeof makeListErpBatches>;
  readonly listItems: ReturnType<typeof makeListErpBatchItems>;
  readonly cancel: ReturnType<typeof makeCancelErpBatch>;
  readonly listOutbound: ReturnType<typeof makeListOutboundBatches>;
  readonly outboundPayload: ReturnType<typeof makeGetOutboundPayload>;
  readonly acknowledge: ReturnType<typeof makeAcknowledgeOutboundBatch>;
}

export interface ErpRoutesDeps {
  readonly useCases: ErpUseCases;
  readonly metrics: Metrics;
  /** BATCH_MAX_PAYLOAD_SIZE: a body declared larger is refused (413) before it is read. */
  readonly maxPayloadSize: number;
  readonly publicUrl: string;
  /** Called when a request queued a batch for processing. */
  readonly batchQueued: () => void;
}

const BASE = "/erp/v1";
const TAGS = ["ERP integration (seed 000)"];

// ---- Schemas of the wire --------------------------------------------------------------------

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const BatchId = Schema.String.pipe(
  Schema.filter((s) => UUID.test(s), { message: () => "must be a batch id (a UUID)" }),
  Schema.transform(Schema.String, { strict: true, decode: (s) => s.toLowerCase(), encode: (s) => s }),
).annotations({ description: "The batch id (a UUID)" });

/** A whole number written in a path or query string. */
const WholeNumberText = (description: string) =>
  Schema.String.pipe(
    Schema.filter((s) => /^[0-9]{1,15}$/.test(s), { message: () => "must be a whole number" }),
    Schema.transform(Schema.Number, { strict: true, decode: Number, encode: String }),
  ).annotations({ description });

const Format = Schema.Literal(...PayloadFormats).annotations({ description: "JSON (array or NDJSON), CSV (header row), XML, or ISO (ISO 20022 for the type)" });
const Status = Schema.Literal(...ErpBatchStatuses);
const ItemStatus = Schema.Literal("PENDING", "COMPLETE", "FAILED");
const FieldError = Schema.Struct({ field: Schema.String, message: Schema.String }).annotations({ identifier: "FieldError" });
const WholeNumber = Schema.Int.pipe(Schema.nonNegative());

const BatchParams = Schema.Struct({ batchId: BatchId });
const BlockParams = Schema.Struct({ batchId: BatchId, dataBlockNumber: WholeNumberText("1-based number of the data block") });

const CreateBatchBody = Schema.Struct({
  clientRefId: Schema.String.annotations({ description: "Client reference ID" }),
  referenceId: Schema.String.annotations({ description: "Reference ID for the batch" }),
  payloadObjectType: PayloadObjectType,
  totalPayloadSize: WholeNumber.annotations({ description: "Total size of the payload in bytes" }),
  totalLineItemCount: Schema.optionalWith(WholeNumber, { nullable: true }).annotations({ description: "Total number of the line item objects in this batch" }),
  format: Schema.optionalWith(Format, { nullable: true }),
}).annotations({ identifier: "CreateErpBatchRequest" });

const UploadQuery = Schema.Struct({
  clientRefId: Schema.String,
  referenceId: Schema.String,
  payloadObjectType: PayloadObjectType,
  totalLineItemCount: WholeNumberText("Total number of the line item objects in this batch"),
  totalPayloadSize: WholeNumberText("Total size of the payload in bytes; the body must be exactly this long"),
  format: Schema.optional(Format),
});

const ListQuery = Schema.Struct({
  status: Schema.optional(Status),
  payloadObjectType: Schema.optional(PayloadObjectType),
  clientRefId: Schema.optional(Schema.String),
  limit: Schema.optional(WholeNumberText("Page size, 1 to 1000 (default 100)")),
  cursor: Schema.optional(Schema.String.annotations({ description: "nextCursor of the previous page" })),
});

const ItemsQuery = Schema.Struct({
  status: Schema.optional(ItemStatus),
  limit: Schema.optional(WholeNumberText("Page size, 1 to 1000 (default 100)")),
  cursor: Schema.optional(Schema.String.annotations({ description: "nextCursor of the previous page" })),
});

const OutboundQuery = Schema.Struct({ payloadObjectType: Schema.optional(PayloadObjectType) });

const AcknowledgeBody = Schema.Struct({
  itemNumbers: Schema.optionalWith(Schema.Array(Schema.Int), { nullable: true }).annotations({ description: "The items acknowledged; every item when absent" }),
}).annotations({ identifier: "AcknowledgeRequest" });

const TransferParameters = Schema.Struct({
  batchId: Schema.String,
  status: Status,
  format: Format,
  dataBlockSize: Schema.Int,
  totalDataBlocks: Schema.Int,
  uploadPath: Schema.String.annotations({ description: "Path template of the block uploads: PUT it with {dataBlockNumber} replaced" }),
}).annotations({ identifier: "ErpBatchTransferParameters" });

const BlockReceipt = Schema.Struct({
  batchId: Schema.String,
  dataBlockNumber: Schema.Int,
  digest: Schema.String.annotations({ description: "SHA-256 of the block as received, in RFC 9530 form: sha-256=:<base64>:" }),
  receivedBlocks: Schema.Int,
  totalDataBlocks: Schema.Int,
  status: Status,
}).annotations({ identifier: "ErpBlockReceipt" });

const BatchView = Schema.Struct({
  batchId: Schema.String,
  clientRefId: Schema.NullOr(Schema.String),
  referenceId: Schema.NullOr(Schema.String),
  direction: Schema.Literal("INBOUND", "OUTBOUND"),
  payloadObjectType: PayloadObjectType,
  format: Schema.NullOr(Format),
  status: Status,
  totalPayloadSize: Schema.NullOr(Schema.Int),
  totalLineItemCount: Schema.NullOr(Schema.Int),
  dataBlockSize: Schema.NullOr(Schema.Int),
  totalDataBlocks: Schema.NullOr(Schema.Int),
  receivedBlocks: Schema.NullOr(Schema.Int),
  itemCounts: Schema.Struct({ total: Schema.Int, succeeded: Schema.Int, failed: Schema.Int }),
  errors: Schema.Array(FieldError),
  createdAt: Schema.String,
  updatedAt: Schema.String,
  completedAt: Schema.NullOr(Schema.String),
}).annotations({ identifier: "ErpBatch" });

const BatchPage = Schema.Struct({ batches: Schema.Array(BatchView), nextCursor: Schema.NullOr(Schema.String) }).annotations({ identifier: "ErpBatchPage" });

const ItemPage = Schema.Struct({
  items: Schema.Array(
    Schema.Struct({ itemNumber: Schema.Int, status: ItemStatus, key: Schema.NullOr(Schema.String), errors: Schema.Array(FieldError) }).annotations({ identifier: "ErpBatchItem" }),
  ),
  nextCursor: Schema.NullOr(Schema.String),
}).annotations({ identifier: "ErpBatchItemPage" });

const OutboundList = Schema.Struct({
  batches: Schema.Array(
    Schema.Struct({ batchId: Schema.String, payloadObjectType: PayloadObjectType, status: Status, itemCount: Schema.Int, createdAt: Schema.String }).annotations({
      identifier: "OutboundErpBatch",
    }),
  ),
}).annotations({ identifier: "OutboundErpBatchList" });

const AcknowledgeResponse = Schema.Struct({ batchId: Schema.String, status: Status }).annotations({ identifier: "AcknowledgeResponse" });

// ---- Rendering ---------------------------------------------------------------------------------

const renderBatch = (state: ExistingErpBatch): typeof BatchView.Type => {
  const view = erpBatchView(state);
  return {
    batchId: view.batchId,
    clientRefId: view.clientRefId ?? null,
    referenceId: view.referenceId ?? null,
    direction: view.direction,
    payloadObjectType: view.payloadObjectType,
    format: view.format ?? null,
    status: view.status,
    totalPayloadSize: view.totalPayloadSize ?? null,
    totalLineItemCount: view.totalLineItemCount ?? null,
    dataBlockSize: view.dataBlockSize ?? null,
    totalDataBlocks: view.totalDataBlocks ?? null,
    receivedBlocks: view.receivedBlocks ?? null,
    itemCounts: view.itemCounts,
    errors: view.errors,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    completedAt: view.completedAt ?? null,
  };
};

const uploadPathOf = (batchId: string) => `${BASE}/batches/${batchId}/blocks/{dataBlockNumber}`;

// ---- Format of an upload (API.md: parameter, client default, Content-Type) ---------------------

const FORMAT_BY_MEDIA_TYPE: Readonly<Record<string, PayloadFormat>> = {
  "application/json": "JSON",
  "application/x-ndjson": "JSON",
  "application/ndjson": "JSON",
  "text/csv": "CSV",
  "application/xml": "XML",
  "text/xml": "XML",
};

const defaultFormatOf = (principal: Principal, type: PayloadObjectTypeName): PayloadFormat | undefined => principal.client.defaultFormats[type];

const uploadFormat = (req: Request, principal: Principal, type: PayloadObjectTypeName, given: PayloadFormat | undefined): PayloadFormat => {
  const chosen = given ?? defaultFormatOf(principal, type);
  if (chosen !== undefined) return chosen;
  const mediaType = mediaTypeOf(req);
  const byType = mediaType === undefined ? undefined : FORMAT_BY_MEDIA_TYPE[mediaType];
  if (byType !== undefined) return byType;
  return fail(
    415,
    "Request.UnsupportedMediaType",
    `cannot tell the payload's format from ${mediaType === undefined ? "a body without Content-Type" : `Content-Type ${mediaType}`}: ` +
      `pass format=JSON|CSV|XML|ISO, configure the client's default for ${type}, or send ${Object.keys(FORMAT_BY_MEDIA_TYPE).join(", ")}`,
  );
};

/** Outbound payload formats by the media types of `Accept`, JSON first (the default). */
const OUTBOUND_MEDIA_TYPES: ReadonlyArray<readonly [string, "JSON" | "CSV" | "XML"]> = [
  ["application/json", "JSON"],
  ["text/csv", "CSV"],
  ["application/xml", "XML"],
  ["text/xml", "XML"],
];

// ---- Routes ------------------------------------------------------------------------------------

export const erpRoutes = (deps: ErpRoutesDeps): ReadonlyArray<RouteDefinition> => {
  const { useCases } = deps;

  /** The request body as a stream that feeds the bytes-received metric; a body declared too large is refused first. */
  const uploadBody = (req: Request, route: string) => {
    refuseDeclaredLargerThan(req, deps.maxPayloadSize, "payload");
    return countingStream(req, (n) => deps.metrics.bytesReceived.inc({ route }, n));
  };

  return [
    defineRoute({
      method: "post",
      path: `${BASE}/batches`,
      operationId: "createErpBatch",
      summary: "Create an inbound batch for block transfer",
      description:
        "Creates a new batch job and returns data block transfer parameters. The batch is processed when all data blocks are uploaded. " +
        "The same clientRefId and referenceId with the same parameters again answers 200 with the batch; with other parameters 409. " +
        "format: the given one, else the client's default for the type, else JSON.",
      tags: TAGS,
      scope: "erp",
      idempotent: true,
      body: { kind: "json", schema: CreateBatchBody, required: true },
      responses: {
        201: { description: "Created: the transfer parameters", schema: TransferParameters },
        200: { description: "The batch already created with the same parameters", schema: TransferParameters },
      },
      problems: [400, 409, 413, 415],
      handler: async ({ body, principal }) => {
        const request = body as typeof CreateBatchBody.Type;
        const format = request.format ?? defaultFormatOf(principal, request.payloadObjectType) ?? "JSON";
        const created = await orFail(
          useCases.create({
            orgId: principal.orgId,
            actor: principal.actor,
            clientRefId: request.clientRefId,
            referenceId: request.referenceId,
            payloadObjectType: request.payloadObjectType,
            format,
            totalPayloadSize: request.totalPayloadSize,
            ...(request.totalLineItemCount === undefined ? {} : { totalLineItemCount: request.totalLineItemCount }),
          }),
        );
        const batch = created.batch;
        return {
          status: created.existing ? 200 : 201,
          headers: { Location: `${deps.publicUrl}${BASE}/batches/${batch.batchId}` },
          body: {
            batchId: batch.batchId,
            status: erpBatchView(batch).status,
            format: batch.format,
            dataBlockSize: batch.dataBlockSize,
            totalDataBlocks: batch.totalDataBlocks,
            uploadPath: uploadPathOf(batch.batchId),
          },
        };
      },
    }),

    defineRoute({
      method: "put",
      path: `${BASE}/batches/{batchId}/blocks/{dataBlockNumber}`,
      operationId: "uploadErpBatchBlock",
      summary: "Upload one data block, streaming",
      description:
        "Block n < N is exactly dataBlockSize bytes, block N the remainder. An optional Content-Digest (RFC 9530, sha-256) is checked. " +
        "201 on first receipt, 200 for an identical repeat (in any state); the batch turns QUEUED with its last block.",
      tags: TAGS,
      scope: "erp",
      params: BlockParams,
      body: { kind: "stream", contentTypes: ["application/octet-stream"], description: "The bytes of the block" },
      responses: {
        201: { description: "Block stored", schema: BlockReceipt },
        200: { description: "The same block again: nothing changed", schema: BlockReceipt },
      },
      problems: [400, 404, 409, 413],
      handler: async ({ params, principal, req }) => {
        const { batchId, dataBlockNumber } = params;
        const expectedDigest = sha256FromContentDigest(req.headers["content-digest"]);
        const received = await orFail(
          useCases.receiveBlock({
            orgId: principal.orgId,
            batchId,
            blockNumber: dataBlockNumber,
            body: uploadBody(req, "/erp/v1/batches/{batchId}/blocks/{dataBlockNumber}"),
            ...(expectedDigest === undefined ? {} : { expectedDigest }),
            actor: principal.actor,
          }),
        );
        const view = erpBatchView(received.batch);
        if (!received.repeat && received.batch._tag === "Queued") deps.batchQueued();
        return {
          status: received.repeat ? 200 : 201,
          body: {
            batchId: received.batch.batchId,
            dataBlockNumber: received.blockNumber,
            digest: contentDigestOf(received.digest),
            receivedBlocks: view.receivedBlocks ?? 0,
            totalDataBlocks: received.batch.totalDataBlocks,
            status: view.status,
          },
        };
      },
    }),

    defineRoute({
      method: "post",
      path: `${BASE}/batches/upload`,
      operationId: "uploadWholeErpBatch",
      summary: "Upload a whole batch, streaming",
      description:
        "The body is the whole payload, exactly totalPayloadSize bytes (else 400 and nothing is kept). " +
        "Format: the format parameter, else the client's default for the type, else the Content-Type (application/json, application/x-ndjson, text/csv, application/xml). " +
        "The same clientRefId and referenceId with the same parameters and bytes again answers 200.",
      tags: TAGS,
      scope: "erp",
      idempotent: true,
      query: UploadQuery,
      body: { kind: "stream", contentTypes: ["application/json", "application/x-ndjson", "text/csv", "application/xml"], description: "The whole payload" },
      responses: {
        202: { description: "Stored and queued for processing", schema: BatchView },
        200: { description: "The same upload again: the existing batch", schema: BatchView },
      },
      problems: [400, 409, 413, 415],
      handler: async ({ query, principal, req }) => {
        const q = query;
        const declared = contentLength(req);
        if (declared !== undefined && declared > deps.maxPayloadSize) refuseDeclaredLargerThan(req, deps.maxPayloadSize, "payload");
        if (declared !== undefined && declared !== q.totalPayloadSize) {
          fail(400, "ErpBatch.PayloadSizeWrong", `the body is ${declared} bytes (Content-Length), but totalPayloadSize is ${q.totalPayloadSize}`);
        }
        const format = uploadFormat(req, principal, q.payloadObjectType, q.format);
        const created = await orFail(
          useCases.uploadWhole({
            orgId: principal.orgId,
            actor: principal.actor,
            clientRefId: q.clientRefId,
            referenceId: q.referenceId,
            payloadObjectType: q.payloadObjectType,
            format,
            totalPayloadSize: q.totalPayloadSize,
            totalLineItemCount: q.totalLineItemCount,
            body: uploadBody(req, "/erp/v1/batches/upload"),
          }),
        );
        if (!created.existing) deps.batchQueued();
        return {
          status: created.existing ? 200 : 202,
          headers: { Location: `${deps.publicUrl}${BASE}/batches/${created.batch.batchId}` },
          body: renderBatch(created.batch),
          // The whole payload is the batch's single block: its digest is this body's.
          ...(created.batch.receivedBlocks["1"] === undefined ? {} : { bodyDigest: created.batch.receivedBlocks["1"] }),
        };
      },
    }),

    defineRoute({
      method: "get",
      path: `${BASE}/batches/{batchId}`,
      operationId: "getErpBatch",
      summary: "Batch status",
      tags: TAGS,
      scope: "erp",
      params: BatchParams,
      responses: { 200: { description: "The batch", schema: BatchView } },
      problems: [400, 404],
      handler: async ({ params, principal }) => {
        const batch = await orFail(useCases.get({ orgId: principal.orgId, batchId: params.batchId }));
        return { status: 200, body: renderBatch(batch) };
      },
    }),

    defineRoute({
      method: "get",
      path: `${BASE}/batches/{batchId}/items`,
      operationId: "listErpBatchItems",
      summary: "Per-item results",
      tags: TAGS,
      scope: "erp",
      params: BatchParams,
      query: ItemsQuery,
      responses: { 200: { description: "A page of items in item order", schema: ItemPage } },
      problems: [400, 404],
      handler: async ({ params, query, principal }) => {
        const q = query;
        const page = await orFail(
          useCases.listItems({
            orgId: principal.orgId,
            batchId: params.batchId,
            ...(q.status === undefined ? {} : { status: q.status }),
            ...(q.limit === undefined ? {} : { limit: q.limit }),
            ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
          }),
        );
        return {
          status: 200,
          body: {
            items: page.items.map((item) => ({ itemNumber: item.itemNumber, status: item.status, key: item.key ?? null, errors: item.errors })),
            nextCursor: page.nextCursor ?? null,
          },
        };
      },
    }),

    defineRoute({
      method: "get",
      path: `${BASE}/batches`,
      operationId: "listErpBatches",
      summary: "The organization's batches, newest first",
      tags: TAGS,
      scope: "erp",
      query: ListQuery,
      responses: { 200: { description: "A page of batches", schema: BatchPage } },
      problems: [400],
      handler: async ({ query, principal }) => {
        const q = query;
        const page = await orFail(
          useCases.list({
            orgId: principal.orgId,
            ...(q.status === undefined ? {} : { status: q.status }),
            ...(q.payloadObjectType === undefined ? {} : { payloadObjectType: q.payloadObjectType }),
            ...(q.clientRefId === undefined ? {} : { clientRefId: q.clientRefId }),
            ...(q.limit === undefined ? {} : { limit: q.limit }),
            ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
          }),
        );
        return { status: 200, body: { batches: page.items.map(renderBatch), nextCursor: page.nextCursor ?? null } };
      },
    }),

    defineRoute({
      method: "delete",
      path: `${BASE}/batches/{batchId}`,
      operationId: "cancelErpBatch",
      summary: "Cancel a batch still receiving data",
      tags: TAGS,
      scope: "erp",
      params: BatchParams,
      responses: { 200: { description: "Cancelled", schema: BatchView } },
      problems: [400, 404, 409],
      handler: async ({ params, principal }) => {
        const batch = await orFail(useCases.cancel({ orgId: principal.orgId, batchId: params.batchId, actor: principal.actor }));
        return { status: 200, body: renderBatch(batch) };
      },
    }),

    defineRoute({
      method: "get",
      path: `${BASE}/outbound-batches`,
      operationId: "listOutboundErpBatches",
      summary: "Outbound batches waiting for pick-up (PENDING, PARTIAL_PENDING), oldest first",
      tags: TAGS,
      scope: "erp",
      query: OutboundQuery,
      responses: { 200: { description: "The pending outbound batches", schema: OutboundList } },
      problems: [400],
      handler: async ({ query, principal }) => {
        const q = query;
        const batches = await orFail(
          useCases.listOutbound({ orgId: principal.orgId, ...(q.payloadObjectType === undefined ? {} : { payloadObjectType: q.payloadObjectType }) }),
        );
        return {
          status: 200,
          body: {
            batches: batches.map((b) => ({
              batchId: b.batchId,
              payloadObjectType: b.payloadObjectType,
              status: erpBatchView(b).status,
              itemCount: b.itemCount,
              createdAt: b.createdAt,
            })),
          },
        };
      },
    }),

    defineRoute({
      method: "get",
      path: `${BASE}/outbound-batches/{batchId}/payload`,
      operationId: "getOutboundErpBatchPayload",
      summary: "The items of an outbound batch, in the format Accept asks for",
      description: "application/json (the default), text/csv or application/xml. Each record starts with its itemNumber, for partial acknowledgement.",
      tags: TAGS,
      scope: "erp",
      params: BatchParams,
      responses: { 200: { description: "The payload", contentTypes: ["application/json", "text/csv", "application/xml"] } },
      problems: [400, 404, 406],
      handler: async ({ params, principal, req }) => {
        const accepted = req.accepts(OUTBOUND_MEDIA_TYPES.map(([type]) => type));
        const chosen = OUTBOUND_MEDIA_TYPES.find(([type]) => type === accepted);
        if (chosen === undefined) {
          fail(406, "Request.NotAcceptable", `the payload is available as ${OUTBOUND_MEDIA_TYPES.map(([type]) => type).join(", ")}; Accept allows none of them`);
        }
        const [mediaType, format] = chosen as (typeof OUTBOUND_MEDIA_TYPES)[number];
        const payload = await orFail(useCases.outboundPayload({ orgId: principal.orgId, batchId: params.batchId, format }));
        return {
          status: 200,
          contentType: format === "JSON" ? mediaType : `${mediaType}; charset=utf-8`,
          content: payload.bytes,
          headers: { Vary: "Accept" },
        };
      },
    }),

    defineRoute({
      method: "post",
      path: `${BASE}/outbound-batches/{batchId}/acknowledge`,
      operationId: "acknowledgeOutboundErpBatch",
      summary: "Acknowledge all items of an outbound batch, or some",
      description: "No body (or no itemNumbers) acknowledges every item: COMPLETE_SUCCESS. Some items: PARTIAL_PENDING until all are acknowledged.",
      tags: TAGS,
      scope: "erp",
      params: BatchParams,
      body: { kind: "json", schema: AcknowledgeBody, required: false },
      responses: { 200: { description: "The batch's new status", schema: AcknowledgeResponse } },
      problems: [400, 404, 409],
      handler: async ({ params, body, principal }) => {
        const request = body as typeof AcknowledgeBody.Type | undefined;
        const batch = await orFail(
          useCases.acknowledge({
            orgId: principal.orgId,
            batchId: params.batchId,
            ...(request?.itemNumbers === undefined ? {} : { itemNumbers: request.itemNumbers }),
            actor: principal.actor,
          }),
        );
        return { status: 200, body: { batchId: batch.batchId, status: erpBatchView(batch).status } };
      },
    }),
  ];
};
