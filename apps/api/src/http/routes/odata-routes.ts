/**
 * Seed 001, AP batches over OData v4: `/odata` (scope `ap`), exactly as API.md's table, with the
 * seed's property names, envelopes and messages. Every answer carries `OData-Version: 4.0`;
 * refusals are OData errors `{"error": {"code", "message"}}` (odata/protocol.ts); the query
 * options are read as OData 4.01 reads them (odata/query-options.ts) and `$filter` by an OData
 * parser (odata/filter.ts). Collections page by keyset: `@odata.nextLink` (`nextPageLink` for a
 * batch's invoices) carries the last row's position as `$skiptoken` (ADR 0017).
 */
import { Router, type Request } from "express";
import { Either, ParseResult, Schema, type Effect } from "effect";
import {
  InvoiceRecord,
  cursorOf,
  encodeApBatchView,
  encodeApInvoice,
  validateCollectionQuery,
  type ApBatchView,
  type ApInvoice,
  type CollectionQuery,
  type makeAddInvoiceToApBatch,
  type makeCreateApBatch,
  type makeCreateApInvoice,
  type makeExportApBatch,
  type makeGetApBatch,
  type makeGetApInvoice,
  type makeListApBatches,
  type makeListApBatchInvoices,
  type makeListApInvoices,
  type makeRemoveInvoiceFromApBatch,
  type makeSubmitApBatchToQueued,
  type PropertyType,
  type QueryResult,
} from "@batch/core";
import type { Principal } from "../authentication";
import { HttpProblem } from "../problem";
import { defineRoute, type Reply, type RouteDefinition } from "../route";
import { orFail } from "../run-effect";
import { BATCHES, INVOICES, NAMESPACE, csdlDocument, entityJson, selectClause, serviceDocument, type EntitySetModel } from "../odata/model";
import { CSDL_XML, ODATA_JSON, ODATA_VERSION, odataErrorEnvelope, requireAcceptable, sendODataError } from "../odata/protocol";
import {
  COLLECTION_OPTIONS,
  ENTITY_OPTIONS,
  FORMAT_ONLY,
  collectionRequest,
  entitySelect,
  nextPageLink,
  readQueryOptions,
  type CollectionRequest,
} from "../odata/query-options";

export interface ODataUseCases {
  readonly listBatches: ReturnType<typeof makeListApBatches>;
  readonly createBatch: ReturnType<typeof makeCreateApBatch>;
  readonly getBatch: ReturnType<typeof makeGetApBatch>;
  readonly listBatchInvoices: ReturnType<typeof makeListApBatchInvoices>;
  readonly addInvoice: ReturnType<typeof makeAddInvoiceToApBatch>;
  readonly removeInvoice: ReturnType<typeof makeRemoveInvoiceFromApBatch>;
  readonly exportBatch: ReturnType<typeof makeExportApBatch>;
  readonly submitToQueued: ReturnType<typeof makeSubmitApBatchToQueued>;
  readonly listInvoices: ReturnType<typeof makeListApInvoices>;
  readonly getInvoice: ReturnType<typeof makeGetApInvoice>;
  readonly createInvoice: ReturnType<typeof makeCreateApInvoice>;
}

export interface ODataRoutesDeps {
  readonly useCases: ODataUseCases;
  /** BATCH_PUBLIC_URL: base of `@odata.context`, `@odata.nextLink`, `Location`. */
  readonly publicUrl: string;
  /** BATCH_ODATA_PAGE_SIZE: most rows of one page. */
  readonly pageSize: number;
}

const ROOT = "/odata";
const TAGS = ["AP batches over OData (seed 001)"];

// ---- Wire schemas: what /openapi.json documents; bodies are OData JSON already --------------

const WIRE_TYPES: Readonly<Record<PropertyType, Schema.Schema.Any>> = {
  string: Schema.String,
  guid: Schema.String.annotations({ format: "uuid" }),
  integer: Schema.Int,
  decimal: Schema.Number,
  boolean: Schema.Boolean,
  "date-time": Schema.String.annotations({ format: "date-time" }),
};

const wireEntity = (set: EntitySetModel) =>
  Schema.Struct({
    "@odata.context": Schema.optional(Schema.String),
    ...Object.fromEntries(set.properties.map((p) => [p.name, Schema.optional(p.nullable ? Schema.NullOr(WIRE_TYPES[p.type]) : WIRE_TYPES[p.type])])),
  }).annotations({
    identifier: `OData${set.typeName}`,
    description: `The ${set.typeName} entity (seed 001 properties, null where absent); with $select only the selected ones and the key`,
  });

const BatchEntity = wireEntity(BATCHES);
const InvoiceEntity = wireEntity(INVOICES);
const NextLink = Schema.String.annotations({ description: "Absolute URL of the next page, present when more of the requested results remain" });

const collectionOf = (entity: typeof BatchEntity | typeof InvoiceEntity, identifier: string) =>
  Schema.Struct({
    "@odata.context": Schema.String,
    "@odata.count": Schema.optional(Schema.Int),
    value: Schema.Array(entity),
    "@odata.nextLink": Schema.optional(NextLink),
  }).annotations({ identifier });

const BatchCollection = collectionOf(BatchEntity, "ODataBatchCollection");
const InvoiceCollection = collectionOf(InvoiceEntity, "ODataInvoiceCollection");

const BatchInvoicesPage = Schema.Struct({
  items: Schema.Array(InvoiceEntity),
  nextPageLink: Schema.optional(NextLink),
  count: Schema.Int,
}).annotations({ identifier: "ApBatchInvoicesPage", description: "Seed 001's envelope of a batch's invoices" });

const ServiceDocument = Schema.Struct({
  "@odata.context": Schema.String,
  value: Schema.Array(Schema.Struct({ name: Schema.String, kind: Schema.Literal("EntitySet"), url: Schema.String })),
}).annotations({ identifier: "ODataServiceDocument" });

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A key segment's content: `<guid>`, `'<guid>'` or `name=<guid>` (OData's named-key form); lower-cased. */
const KeyOf = (name: string, description: string) =>
  Schema.transformOrFail(Schema.String, Schema.String, {
    strict: true,
    decode: (raw, _, ast) => {
      const unnamed = raw.startsWith(`${name}=`) ? raw.slice(name.length + 1) : raw;
      const bare = /^'.*'$/.test(unnamed) ? unnamed.slice(1, -1) : unnamed;
      return GUID.test(bare)
        ? ParseResult.succeed(bare.toLowerCase())
        : ParseResult.fail(new ParseResult.Type(ast, raw, `must be a GUID, got '${raw.length > 80 ? `${raw.slice(0, 80)}...` : raw}'`));
    },
    encode: ParseResult.succeed,
  }).annotations({ description });

const BatchKey = Schema.Struct({ batchId: KeyOf("apBatchId", "The apBatchId of the batch (a GUID)") });
const InvoiceKey = Schema.Struct({ apMatchedInvoiceId: KeyOf("apMatchedInvoiceId", "The apMatchedInvoiceId of the invoice (a GUID)") });
const BatchInvoiceKey = Schema.Struct({ ...BatchKey.fields, ...InvoiceKey.fields });

const CreateBatchBody = Schema.Struct({
  batchNo: Schema.optionalWith(Schema.String, { nullable: true }).annotations({ description: "Identification Number of the Batch; generated (AP-000001, ...) when absent" }),
  reference: Schema.optionalWith(Schema.String, { nullable: true }).annotations({ description: "Information concerning the Transaction" }),
}).annotations({ identifier: "ODataCreateBatchRequest" });

const AddInvoiceBody = Schema.Struct({
  apMatchedInvoiceId: Schema.String.pipe(Schema.filter((s) => GUID.test(s), { message: () => "must be a GUID" })).annotations({
    description: "The Vouchered invoice to add; other properties of the body are ignored",
  }),
}).annotations({ identifier: "ODataAddInvoiceRequest" });

/** Documents the system query options (read case-insensitively, `$` optional, by readQueryOptions). */
const option = (description: string) => Schema.optional(Schema.String.annotations({ description }));
const CollectionOptions = Schema.Struct({
  $filter: option("eq, ne, contains, startswith, endswith, and, or, not, parentheses; at most 100 expressions; in, gt, ge, lt, le answer 501"),
  $orderby: option("At most 5 properties, each optionally asc or desc; ties are broken by the key"),
  $search: option("Text looked for, case-insensitively, in every string property"),
  $top: option("The first n results after $skip; at most 1000"),
  $skip: option("Skips the first n results"),
  $count: option("true: the answer carries the number of matching rows"),
  $select: option("Comma-separated properties to return (the key always is)"),
  $skiptoken: option("Continuation position written by the service into next-page links"),
  $format: option("json"),
});
const EntityOptions = Schema.Struct({ $select: CollectionOptions.fields.$select, $format: CollectionOptions.fields.$format });
const FormatOption = Schema.Struct({ $format: CollectionOptions.fields.$format });
type Collection = typeof CollectionOptions.Type;
type Entity = typeof EntityOptions.Type;
type Format = typeof FormatOption.Type;

// ---- Protocol steps shared by the handlers ---------------------------------------------------

/** Seed 001's `api-version` header: `1.0` (the default) is the only version. */
const checkApiVersion = (req: Request): void => {
  const version = req.headers["api-version"];
  if (version === undefined || version === "1.0") return;
  throw new HttpProblem({ status: 400, code: "OData.ApiVersionUnsupported", detail: `api-version '${String(version)}' is not supported; the only version is 1.0` });
};

const odataHeaders = { "OData-Version": ODATA_VERSION };

const json = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Reply => ({
  status,
  body,
  headers: { ...odataHeaders, "content-type": ODATA_JSON, ...headers },
});

const noContent = (headers: Readonly<Record<string, string>> = {}): Reply => ({ status: 204, headers: { ...odataHeaders, ...headers } });

/** Whether the `Prefer` header asks `return=representation` (or `return=minimal`). */
const preferredReturn = (req: Request): "representation" | "minimal" | undefined => {
  const prefer = req.headers.prefer;
  const text = Array.isArray(prefer) ? prefer.join(",") : (prefer ?? "");
  const match = /(?:^|[,;\s])return\s*=\s*"?(representation|minimal)"?/i.exec(text);
  return match?.[1]?.toLowerCase() as "representation" | "minimal" | undefined;
};

/** Opens a request: api-version, Accept / `$format`, and the query options the resource takes. */
const open = (req: Request, allowed: typeof COLLECTION_OPTIONS, produces: "json" | "xml" = "json") => {
  checkApiVersion(req);
  const options = readQueryOptions(req, allowed);
  requireAcceptable(req, [produces], options.format);
  return options;
};

interface Page<A> {
  readonly rows: ReadonlyArray<A>;
  readonly count?: number;
  readonly nextLink?: string;
}

/**
 * One page of a collection: the client's query checked as asked (so `$top` 1001 gets the seed's
 * message), then run for at most `pageSize` rows; when a full page leaves more of the requested
 * results, the next-page link continues after the last row's keyset position.
 */
const pageOf = async <A extends object>(
  set: EntitySetModel,
  request: CollectionRequest,
  resourceUrl: string,
  pageSize: number,
  alwaysCount: boolean,
  run: (query: CollectionQuery) => Effect.Effect<QueryResult<A>, unknown>,
): Promise<Page<A>> => {
  const checked = validateCollectionQuery(set.catalogue, request.query);
  if (Either.isLeft(checked)) return orFail(Either.left(checked.left) as never);
  const asked = checked.right;
  const top = Math.min(asked.top ?? pageSize, pageSize);
  const result = await orFail(run({ ...asked, top, ...(alwaysCount ? { count: true } : {}) }));
  const last = result.rows.at(-1);
  const more = last !== undefined && result.rows.length === top && (asked.top === undefined || asked.top > top);
  return {
    rows: result.rows,
    ...(result.count === undefined ? {} : { count: result.count }),
    ...(more ? { nextLink: nextPageLink(resourceUrl, request, result.rows.length, cursorOf(set.catalogue, asked, last)) } : {}),
  };
};

const batchJson = (view: ApBatchView, select?: ReadonlySet<string>) => entityJson(BATCHES, encodeApBatchView(view), select);
const invoiceJson = (invoice: ApInvoice, select?: ReadonlySet<string>) => entityJson(INVOICES, encodeApInvoice(invoice), select);

const actorOf = (principal: Principal) => principal.actor;

/**
 * Mounted after every route: a path under /odata that names no resource is answered as OData
 * clients read errors, in the OData envelope with OData-Version, not as the service's problem+json.
 */
export const odataNotFound = (): Router => {
  const router = Router();
  router.use("/odata", (req, res) => {
    sendODataError(res, {
      status: 404,
      code: "OData.ResourceNotFound",
      detail: `no OData resource answers ${req.method} ${req.originalUrl.split("?", 1)[0] ?? ""}; the service document at /odata lists the entity sets`,
    });
  });
  return router;
};

export const odataRoutes = (deps: ODataRoutesDeps): ReadonlyArray<RouteDefinition> => {
  const { useCases, pageSize } = deps;
  const serviceRoot = `${deps.publicUrl}${ROOT}`;
  const metadataUrl = `${serviceRoot}/$metadata`;
  const batchUrl = (id: string) => `${serviceRoot}/Batches(${id})`;
  const invoiceUrl = (id: string) => `${serviceRoot}/Invoices(${id})`;
  const common = { tags: TAGS, errorEnvelope: odataErrorEnvelope } as const;
  const scoped = { ...common, scope: "ap" } as const;
  const collectionContext = (set: EntitySetModel, select?: ReadonlySet<string>) => `${metadataUrl}#${set.name}${selectClause(set, select)}`;
  const entityContext = (set: EntitySetModel, select?: ReadonlySet<string>) => `${metadataUrl}#${set.name}${selectClause(set, select)}/$entity`;

  const listBatchInvoices = (path: string, operationId: string, summary: string) =>
    defineRoute<{ batchId: string }, Collection>({
      ...scoped,
      method: "get",
      path,
      operationId,
      summary,
      params: BatchKey,
      query: CollectionOptions,
      responses: { 200: { description: "A page of the batch's invoices in seed 001's envelope", schema: BatchInvoicesPage } },
      problems: [400, 404, 406, 501],
      handler: async ({ req, params, principal }) => {
        const request = collectionRequest(INVOICES, open(req, COLLECTION_OPTIONS));
        const page = await pageOf(INVOICES, request, `${batchUrl(params.batchId)}/invoices`, pageSize, true, (query) =>
          useCases.listBatchInvoices({ orgId: principal.orgId, apBatchId: params.batchId, query }),
        );
        return json(200, {
          items: page.rows.map((invoice) => invoiceJson(invoice, request.select)),
          ...(page.nextLink === undefined ? {} : { nextPageLink: page.nextLink }),
          count: page.count ?? 0,
        });
      },
    });

  const addInvoice = (path: string, operationId: string) =>
    defineRoute<{ batchId: string }, Format>({
      ...scoped,
      method: "post",
      path,
      operationId,
      summary: "Add a Vouchered invoice to the batch (it becomes Batched)",
      params: BatchKey,
      query: FormatOption,
      body: { kind: "json", schema: AddInvoiceBody, required: true },
      responses: { 204: { description: "Added" } },
      problems: [400, 404, 415],
      handler: async ({ req, params, body, principal }) => {
        open(req, FORMAT_ONLY);
        const { apMatchedInvoiceId } = body as typeof AddInvoiceBody.Type;
        await orFail(
          useCases.addInvoice({ orgId: principal.orgId, actor: actorOf(principal), apBatchId: params.batchId, apMatchedInvoiceId: apMatchedInvoiceId.toLowerCase() }),
        );
        return noContent();
      },
    });

  const removeInvoice = (path: string, operationId: string) =>
    defineRoute<{ batchId: string; apMatchedInvoiceId: string }>({
      ...scoped,
      method: "delete",
      path,
      operationId,
      summary: "Remove an invoice from the batch (it is Vouchered again)",
      params: BatchInvoiceKey,
      responses: { 204: { description: "Removed" } },
      problems: [400, 404],
      handler: async ({ req, params, principal }) => {
        open(req, FORMAT_ONLY);
        await orFail(
          useCases.removeInvoice({ orgId: principal.orgId, actor: actorOf(principal), apBatchId: params.batchId, apMatchedInvoiceId: params.apMatchedInvoiceId }),
        );
        return noContent();
      },
    });

  const action = (name: "Export" | "SubmitToQueued", path: string, operationId: string, summary: string, run: (principal: Principal, apBatchId: string) => Effect.Effect<unknown, unknown>) =>
    defineRoute<{ batchId: string }>({
      ...scoped,
      method: "post",
      path,
      operationId,
      summary,
      description: `The bound action ${NAMESPACE}.${name}; no body and no Content-Type are needed (a body, if sent, is not read).`,
      params: BatchKey,
      responses: { 204: { description: "Done" } },
      problems: [400, 404],
      handler: async ({ req, params, principal }) => {
        open(req, FORMAT_ONLY);
        await orFail(run(principal, params.batchId));
        return noContent();
      },
    });

  const exportBatch = (principal: Principal, apBatchId: string) => useCases.exportBatch({ orgId: principal.orgId, actor: actorOf(principal), apBatchId });
  const submitToQueued = (principal: Principal, apBatchId: string) => useCases.submitToQueued({ orgId: principal.orgId, actor: actorOf(principal), apBatchId });

  return [
    defineRoute({
      ...scoped,
      method: "get",
      path: ROOT,
      operationId: "odataServiceDocument",
      summary: "The OData service document: every entity set",
      responses: { 200: { description: "Service document", schema: ServiceDocument } },
      problems: [406],
      handler: async ({ req }) => {
        open(req, FORMAT_ONLY);
        return json(200, serviceDocument(serviceRoot));
      },
    }),
    defineRoute({
      ...scoped,
      method: "get",
      path: `${ROOT}/$metadata`,
      operationId: "odataMetadata",
      summary: "The OData CSDL (XML) of the service: entity types, keys, navigation, bound actions, entity container",
      responses: { 200: { description: "CSDL XML 4.0", contentTypes: ["application/xml"] } },
      problems: [406],
      handler: async ({ req }) => {
        open(req, FORMAT_ONLY, "xml");
        return { status: 200, contentType: CSDL_XML, content: csdlDocument(), headers: odataHeaders };
      },
    }),
    defineRoute<Record<string, never>, Collection>({
      ...scoped,
      method: "get",
      path: `${ROOT}/Batches`,
      operationId: "odataListBatches",
      summary: "Get the list of AP Batches",
      query: CollectionOptions,
      responses: { 200: { description: "A page of the organization's AP batches", schema: BatchCollection } },
      problems: [400, 406, 501],
      handler: async ({ req, principal }) => {
        const request = collectionRequest(BATCHES, open(req, COLLECTION_OPTIONS));
        const page = await pageOf(BATCHES, request, `${serviceRoot}/Batches`, pageSize, true, (query) => useCases.listBatches({ orgId: principal.orgId, query }));
        return json(200, {
          "@odata.context": collectionContext(BATCHES, request.select),
          "@odata.count": page.count ?? 0,
          value: page.rows.map((view) => batchJson(view, request.select)),
          ...(page.nextLink === undefined ? {} : { "@odata.nextLink": page.nextLink }),
        });
      },
    }),
    defineRoute({
      ...scoped,
      method: "post",
      path: `${ROOT}/Batches`,
      operationId: "odataCreateBatch",
      summary: "Create a new AP Batch",
      description: "Answers 204 with Location and OData-EntityId; with `Prefer: return=representation`, 201 and the entity. A batchNo the organization already uses is 400.",
      body: { kind: "json", schema: CreateBatchBody, required: false },
      idempotent: true,
      responses: { 201: { description: "Created (Prefer: return=representation)", schema: BatchEntity }, 204: { description: "Created" } },
      problems: [400, 415],
      handler: async ({ req, body, principal }) => {
        open(req, FORMAT_ONLY);
        const { batchNo, reference } = (body ?? {}) as typeof CreateBatchBody.Type;
        const view = await orFail(
          useCases.createBatch({
            orgId: principal.orgId,
            actor: actorOf(principal),
            ...(batchNo === undefined ? {} : { batchNo }),
            ...(reference === undefined ? {} : { reference }),
          }),
        );
        const location = { Location: batchUrl(view.apBatchId), "OData-EntityId": batchUrl(view.apBatchId) };
        if (preferredReturn(req) !== "representation") return noContent(location);
        return json(201, { "@odata.context": entityContext(BATCHES), ...batchJson(view) }, { ...location, "Preference-Applied": "return=representation" });
      },
    }),
    defineRoute<{ batchId: string }, Entity>({
      ...scoped,
      method: "get",
      path: `${ROOT}/Batches({batchId})`,
      operationId: "odataGetBatch",
      summary: "Get the specified AP Batch",
      params: BatchKey,
      query: EntityOptions,
      responses: { 200: { description: "The batch", schema: BatchEntity } },
      problems: [400, 404, 406],
      handler: async ({ req, params, principal }) => {
        const select = entitySelect(BATCHES, open(req, ENTITY_OPTIONS));
        const view = await orFail(useCases.getBatch({ orgId: principal.orgId, apBatchId: params.batchId }));
        return json(200, { "@odata.context": entityContext(BATCHES, select), ...batchJson(view, select) });
      },
    }),
    listBatchInvoices(`${ROOT}/Batches({batchId})/invoices`, "odataListBatchInvoices", "Get invoices from the specified AP Batch"),
    listBatchInvoices(`${ROOT}/Batches({batchId})/Invoices`, "odataListBatchInvoicesCapitalized", "Get invoices from the specified AP Batch (the seed's spelling of the add path)"),
    addInvoice(`${ROOT}/Batches({batchId})/Invoices`, "odataAddInvoiceToBatch"),
    addInvoice(`${ROOT}/Batches({batchId})/invoices`, "odataAddInvoiceToBatchNavigation"),
    removeInvoice(`${ROOT}/Batches({batchId})/Invoices({apMatchedInvoiceId})`, "odataRemoveInvoiceFromBatch"),
    removeInvoice(`${ROOT}/Batches({batchId})/invoices({apMatchedInvoiceId})`, "odataRemoveInvoiceFromBatchNavigation"),
    action("Export", `${ROOT}/Batches({batchId})/Export`, "odataExportBatch", "Change the AP Batch status to Exported (emits the outbound INVOICE batch)", exportBatch),
    action("Export", `${ROOT}/Batches({batchId})/${NAMESPACE}.Export`, "odataExportBatchQualified", "Export, namespace-qualified", exportBatch),
    action("SubmitToQueued", `${ROOT}/Batches({batchId})/SubmitToQueued`, "odataSubmitBatchToQueued", "Change the AP Batch status to Queued", submitToQueued),
    action("SubmitToQueued", `${ROOT}/Batches({batchId})/${NAMESPACE}.SubmitToQueued`, "odataSubmitBatchToQueuedQualified", "SubmitToQueued, namespace-qualified", submitToQueued),
    defineRoute<Record<string, never>, Collection>({
      ...scoped,
      method: "get",
      path: `${ROOT}/Invoices`,
      operationId: "odataListInvoices",
      summary: "Get the list of AP invoices (to find Vouchered ones)",
      query: CollectionOptions,
      responses: { 200: { description: "A page of the organization's AP invoices", schema: InvoiceCollection } },
      problems: [400, 406, 501],
      handler: async ({ req, principal }) => {
        const request = collectionRequest(INVOICES, open(req, COLLECTION_OPTIONS));
        const page = await pageOf(INVOICES, request, `${serviceRoot}/Invoices`, pageSize, false, (query) => useCases.listInvoices({ orgId: principal.orgId, query }));
        return json(200, {
          "@odata.context": collectionContext(INVOICES, request.select),
          ...(page.count === undefined ? {} : { "@odata.count": page.count }),
          value: page.rows.map((invoice) => invoiceJson(invoice, request.select)),
          ...(page.nextLink === undefined ? {} : { "@odata.nextLink": page.nextLink }),
        });
      },
    }),
    defineRoute<{ apMatchedInvoiceId: string }, Entity>({
      ...scoped,
      method: "get",
      path: `${ROOT}/Invoices({apMatchedInvoiceId})`,
      operationId: "odataGetInvoice",
      summary: "Get the specified AP invoice",
      params: InvoiceKey,
      query: EntityOptions,
      responses: { 200: { description: "The invoice", schema: InvoiceEntity } },
      problems: [400, 404, 406],
      handler: async ({ req, params, principal }) => {
        const select = entitySelect(INVOICES, open(req, ENTITY_OPTIONS));
        const invoice = await orFail(useCases.getInvoice({ orgId: principal.orgId, apMatchedInvoiceId: params.apMatchedInvoiceId }));
        return json(200, { "@odata.context": entityContext(INVOICES, select), ...invoiceJson(invoice, select) });
      },
    }),
    defineRoute({
      ...scoped,
      method: "post",
      path: `${ROOT}/Invoices`,
      operationId: "odataCreateInvoice",
      summary: "Enter an AP invoice by hand (the fields of an INVOICE record; Vouchered unless a status is given)",
      description: "Answers 201 with the entity, Location and OData-EntityId; with `Prefer: return=minimal`, 204. An invoice with the same invoiceNo and vendorNo is 409.",
      body: { kind: "json", schema: InvoiceRecord, required: true },
      idempotent: true,
      responses: { 201: { description: "Created", schema: InvoiceEntity }, 204: { description: "Created (Prefer: return=minimal)" } },
      problems: [400, 409, 415],
      handler: async ({ req, body, principal }) => {
        open(req, FORMAT_ONLY);
        const invoice = await orFail(useCases.createInvoice({ orgId: principal.orgId, actor: actorOf(principal), data: body as InvoiceRecord }));
        const location = { Location: invoiceUrl(invoice.apMatchedInvoiceId), "OData-EntityId": invoiceUrl(invoice.apMatchedInvoiceId) };
        if (preferredReturn(req) === "minimal") return noContent({ ...location, "Preference-Applied": "return=minimal" });
        return json(201, { "@odata.context": entityContext(INVOICES), ...invoiceJson(invoice) }, location);
      },
    }),
  ];
};
