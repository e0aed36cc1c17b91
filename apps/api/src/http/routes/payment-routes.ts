/**
 * Seed 003, the payment batch surface: `/api/{tenantKey}/{orgKey}/bankAccounting/...` (scope
 * `payments`), every operation of the seed with its paths, resources and status codes, and the
 * rows API.md adds beyond it (financial accounts, custom attribute definitions, export, payment
 * file, discard, lines from payment requests, bank status reports).
 *
 * The seed's paths overlap (`{id}/print` and `{companyKey}/{paymentBatchKey}`, the named setters
 * and `{customAttributeName}`): the specific paths are mounted first, and a `paymentBatchKey`
 * is a whole number, so `print` and `printOriginal` never read as one.
 */
import type { Request } from "express";
import { Effect, Either, JSONSchema, Schema } from "effect";
import {
  PaymentBatchLineStatuses,
  paymentBatchLineStatusId,
  PaymentBatchStatuses,
  paymentBatchStatusId,
  toPaymentBatchResource,
  type makeAddPaymentBatchLine,
  type makeAddPaymentBatchLinesFromRequests,
  type makeApplyPaymentStatusReport,
  type makeCreateFinancialAccount,
  type makeCreatePaymentBatch,
  type makeDeletePaymentBatch,
  type makeDeletePaymentBatchLine,
  type makeDiscardPaymentBatch,
  type makeExportPaymentBatch,
  type makeGetCustomAttributeDefinition,
  type makeGetFinancialAccount,
  type makeGetPaymentBatch,
  type makeGetPaymentFile,
  type makeListCustomAttributeDefinitions,
  type makeListFinancialAccounts,
  type makeListPaymentBatches,
  type makeListPaymentBatchesPage,
  type makePrintPaymentBatch,
  type makePutCustomAttributeDefinition,
  type makeSetPaymentBatchAllowExport,
  type makeSetPaymentBatchCompany,
  type makeSetPaymentBatchCustomAttribute,
  type makeSetPaymentBatchFinancialAccount,
  type makeSetPaymentBatchIsActive,
  type makeSetPaymentBatchLineCustomAttribute,
  type makeSetPaymentBatchLineIban,
  type makeSetPaymentBatchLinePaymentInstruction,
  type makeSetPaymentBatchLineStatus,
  type makeSetPaymentBatchLineSwift,
  type makeSetPaymentBatchNote,
  type makeSetPaymentBatchRemarks,
  type PaymentBatch,
  type PaymentBatchRef,
  type PaymentStatusReport,
  type RecordDecoder,
  BankStatementEntryRecord,
  PaymentStatusRecord,
  type DecodedItem,
  type FinancialAccount,
  type CustomAttributeDefinition,
} from "@batch/core";
import type { Authenticator, Principal } from "../authentication";
import { mediaTypeOf, refuseDeclaredLargerThan } from "../body";
import { fail } from "../problem";
import { defineRoute, type RouteDefinition } from "../route";
import { orFail } from "../run-effect";

export interface PaymentUseCases {
  readonly list: ReturnType<typeof makeListPaymentBatches>;
  readonly page: ReturnType<typeof makeListPaymentBatchesPage>;
  readonly get: ReturnType<typeof makeGetPaymentBatch>;
  readonly print: ReturnType<typeof makePrintPaymentBatch>;
  readonly create: ReturnType<typeof makeCreatePaymentBatch>;
  readonly addLine: ReturnType<typeof makeAddPaymentBatchLine>;
  readonly fromRequests: ReturnType<typeof makeAddPaymentBatchLinesFromRequests>;
  readonly allowExport: ReturnType<typeof makeSetPaymentBatchAllowExport>;
  readonly company: ReturnType<typeof makeSetPaymentBatchCompany>;
  readonly financialAccount: ReturnType<typeof makeSetPaymentBatchFinancialAccount>;
  readonly isActive: ReturnType<typeof makeSetPaymentBatchIsActive>;
  readonly note: ReturnType<typeof makeSetPaymentBatchNote>;
  readonly remarks: ReturnType<typeof makeSetPaymentBatchRemarks>;
  readonly customAttribute: ReturnType<typeof makeSetPaymentBatchCustomAttribute>;
  readonly lineIban: ReturnType<typeof makeSetPaymentBatchLineIban>;
  readonly lineSwift: ReturnType<typeof makeSetPaymentBatchLineSwift>;
  readonly linePaymentInstruction: ReturnType<typeof makeSetPaymentBatchLinePaymentInstruction>;
  readonly lineStatus: ReturnType<typeof makeSetPaymentBatchLineStatus>;
  readonly lineCustomAttribute: ReturnType<typeof makeSetPaymentBatchLineCustomAttribute>;
  readonly deleteBatch: ReturnType<typeof makeDeletePaymentBatch>;
  readonly deleteLine: ReturnType<typeof makeDeletePaymentBatchLine>;
  readonly discard: ReturnType<typeof makeDiscardPaymentBatch>;
  readonly export: ReturnType<typeof makeExportPaymentBatch>;
  readonly paymentFile: ReturnType<typeof makeGetPaymentFile>;
  readonly statusReport: ReturnType<typeof makeApplyPaymentStatusReport>;
  readonly createFinancialAccount: ReturnType<typeof makeCreateFinancialAccount>;
  readonly getFinancialAccount: ReturnType<typeof makeGetFinancialAccount>;
  readonly listFinancialAccounts: ReturnType<typeof makeListFinancialAccounts>;
  readonly putCustomAttributeDefinition: ReturnType<typeof makePutCustomAttributeDefinition>;
  readonly getCustomAttributeDefinition: ReturnType<typeof makeGetCustomAttributeDefinition>;
  readonly listCustomAttributeDefinitions: ReturnType<typeof makeListCustomAttributeDefinitions>;
}

export interface PaymentRoutesDeps {
  readonly useCases: PaymentUseCases;
  readonly authenticator: Authenticator;
  readonly decoder: RecordDecoder;
  readonly publicUrl: string;
  /** Largest bank status report or statement accepted (BATCH_MAX_PAYLOAD_SIZE). */
  readonly maxReportSize: number;
}

const ROOT = "/api/{tenantKey}/{orgKey}/bankAccounting";
const BATCHES = `${ROOT}/paymentBatches`;
const BY_KEY = `${BATCHES}/{companyKey}/{paymentBatchKey}`;
const LINE = `${BY_KEY}/paymentBatchLines/{lineId}`;
const TAGS = ["Payment batches (seed 003)"];
const TAGS_BEYOND = ["Payment batches: beyond the seed (API.md)"];

// ---- Schemas of the wire --------------------------------------------------------------------

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const Guid = (what: string) =>
  Schema.String.pipe(
    Schema.filter((s) => GUID.test(s), { message: () => `must be ${what} (a GUID)` }),
    Schema.transform(Schema.String, { strict: true, decode: (s) => s.toLowerCase(), encode: (s) => s }),
  ).annotations({ description: `${what} (a GUID)` });

const Key = (description: string) =>
  Schema.String.pipe(Schema.filter((s) => s.trim() !== "" && s.length <= 200, { message: () => "must be 1 to 200 characters" })).annotations({ description });

const PaymentBatchKey = Schema.String.pipe(
  Schema.filter((s) => /^[0-9]{1,9}$/.test(s) && Number(s) >= 1, { message: () => "must be a payment batch key (a whole number from 1)" }),
  Schema.transform(Schema.Number, { strict: true, decode: Number, encode: String }),
).annotations({ description: "The payment batch key: the company's autonumber" });

const Org = { tenantKey: Key("The tenant key"), orgKey: Key("The organization key") };
const IdParams = Schema.Struct({ ...Org, id: Guid("a payment batch id") });
const KeyParams = Schema.Struct({ ...Org, companyKey: Key("The company key"), paymentBatchKey: PaymentBatchKey });
const LineParams = Schema.Struct({ ...Org, companyKey: Key("The company key"), paymentBatchKey: PaymentBatchKey, lineId: Guid("a payment batch line id") });
const CustomAttributeParams = Schema.Struct({ ...Org, companyKey: Key("The company key"), paymentBatchKey: PaymentBatchKey, customAttributeName: Key("The custom attribute name (custom_...)") });
const LineCustomAttributeParams = Schema.Struct({
  ...Org,
  companyKey: Key("The company key"),
  paymentBatchKey: PaymentBatchKey,
  lineId: Guid("a payment batch line id"),
  customAttributeName: Key("The custom attribute name (custom_...)"),
});
const OrgParams = Schema.Struct(Org);
const FinancialAccountParams = Schema.Struct({ ...Org, key: Key("The financial account key") });
const DefinitionParams = Schema.Struct({ ...Org, name: Key("The custom attribute name (custom_...)") });

const PageQuery = Schema.Struct({
  page: Schema.optional(Schema.String.annotations({ description: "The page, from 1 (default 1)" })),
  pageSize: Schema.optional(Schema.String.annotations({ description: "Batches per page, 1 to 1000 (default 100)" })),
});
const PrintQuery = Schema.Struct({ template: Schema.optional(Schema.String.annotations({ description: "The layout: standard (summary for approval) or detailed (remittance list with bank details)" })) });
const ExportQuery = Schema.Struct({
  version: Schema.optional(Schema.String.annotations({ description: "pain.001.001.09 (default) or pain.001.001.03" })),
});

const Money = Schema.Struct({
  amount: Schema.Number.annotations({ description: "The amount, written from the exact decimal" }),
  fractionDigits: Schema.Int,
}).annotations({ identifier: "MoneyResource" });

const LineStatus = Schema.Int.annotations({ description: `PaymentBatchLineState: ${PaymentBatchLineStatuses.map((s) => `${paymentBatchLineStatusId(s)} ${s}`).join(", ")}` });
const BatchStatus = Schema.Int.annotations({ description: `PaymentBatchState: ${PaymentBatchStatuses.map((s) => `${paymentBatchStatusId(s)} ${s}`).join(", ")}` });
const CustomAttributes = Schema.Record({ key: Schema.String, value: Schema.Unknown });
const Text = Schema.optional(Schema.String);

const PaymentBatchLineResource = Schema.Struct({
  id: Schema.String,
  party: Schema.String,
  documentAmount: Money,
  discountAmount: Money,
  withholdedAmount: Money,
  transferAmount: Money,
  currency: Schema.String,
  accountPosting: Text,
  status: LineStatus,
  sourceDoc: Text,
  exportTransactionGroupId: Text,
  exportTransactionId: Text,
  externalStatusCode: Text,
  externalStatusReportId: Text,
  reason: Text,
  swift: Text,
  iBAN: Text,
  paymentInstruction: Text,
  dueDate: Text,
  note: Text,
  originalSwift: Text,
  originalIBAN: Text,
  originalPaymentInstruction: Text,
  paymentRequestReferenceId: Text,
  customAttributes: CustomAttributes,
}).annotations({ identifier: "PaymentBatchLineResource" });

const PaymentBatchResource = Schema.Struct({
  id: Schema.String,
  paymentBatchKey: Schema.Int,
  companyKey: Schema.String,
  company: Schema.String,
  numberOfOpenItems: Schema.Int,
  documentDate: Schema.String,
  currency: Schema.String,
  openAmount: Money,
  totalAmount: Money,
  exchangeRate: Schema.Number,
  paymentMethod: Schema.String,
  status: BatchStatus,
  bankAccountType: Schema.String,
  financialAccount: Text,
  note: Text,
  remarks: Text,
  paymentBatchLines: Schema.Array(PaymentBatchLineResource),
  allowExport: Schema.Boolean,
  isActive: Schema.Boolean,
  customAttributes: CustomAttributes,
  createdAt: Schema.String,
  lastUpdated: Schema.String,
}).annotations({ identifier: "PaymentBatchResource" });

const PaymentBatchList = Schema.Array(PaymentBatchResource).annotations({ identifier: "PaymentBatchResourceList" });

// Request bodies are decoded by the use cases (their messages name the seed's fields and accept
// what the seed allows: enumeration names, bare amounts, custom_* properties); the route passes
// the JSON as sent, and these Schemas only document it.
const MoneyDoc = Schema.Union(Schema.Struct({ amount: Schema.Number }), Schema.Number);

/** A JSON body handed to the use case as sent, documented by `doc` in /openapi.json. */
const rawJson = (doc: Schema.Schema.Any, identifier: string) => {
  // Inline only: the doc schemas use no identified schemas (Schema.Int is one), so no $defs are made.
  const { $schema: _, ...jsonSchema } = JSONSchema.make(doc) as unknown as Record<string, unknown>;
  return Schema.Unknown.annotations({ jsonSchema: { ...jsonSchema, title: identifier } });
};

const ApiPaymentBatchLineDoc = Schema.Struct({
  party: Schema.String,
  sourceDoc: Text,
  documentAmount: Schema.optional(MoneyDoc),
  discountAmount: Schema.optional(MoneyDoc),
  withholdedAmount: Schema.optional(MoneyDoc),
  transferAmount: Schema.optional(MoneyDoc),
  currency: Schema.String,
  accountPosting: Text,
  status: Schema.optional(Schema.Union(Schema.Number, Schema.String).annotations({ description: "PaymentBatchLineState: 1 or Open (a new line is Open)" })),
  swift: Text,
  iBAN: Text,
  paymentInstruction: Text,
  dueDate: Text,
  note: Text,
  customAttributes: Schema.optional(CustomAttributes),
});

const ApiPaymentBatchDoc = Schema.Struct({
  documentDate: Schema.String,
  currency: Schema.String,
  company: Schema.String,
  exchangeRate: Schema.Number,
  paymentMethod: Schema.String,
  bankAccountType: Schema.String,
  financialAccount: Text,
  note: Text,
  remarks: Text,
  paymentBatchLines: Schema.optional(Schema.Array(ApiPaymentBatchLineDoc)),
  allowExport: Schema.optional(Schema.Boolean),
  customAttributes: Schema.optional(CustomAttributes),
});

const ApiPaymentBatchBody = rawJson(ApiPaymentBatchDoc, "ApiPaymentBatchResource");
const ApiPaymentBatchLineBody = rawJson(ApiPaymentBatchLineDoc, "ApiPaymentBatchPaymentBatchLinesResource");
const CustomAttributeValueBody = rawJson(Schema.Struct({ value: Schema.Unknown }), "ExtensibilityCustomAttributeValueResource");
const FromRequestsBody = rawJson(Schema.Struct({ referenceIds: Schema.Array(Schema.String) }), "PaymentBatchLinesFromRequests");

const FinancialAccountResource = Schema.Struct({
  key: Schema.String,
  iban: Schema.String,
  bic: Text,
  holderName: Schema.String,
  country: Schema.String,
  townName: Schema.String,
  streetName: Text,
  buildingNumber: Text,
  postCode: Text,
}).annotations({ identifier: "FinancialAccount" });

const CustomAttributeDefinitionResource = Schema.Struct({
  name: Schema.String,
  appliesTo: Schema.Literal("PaymentBatch", "PaymentBatchLine"),
  type: Schema.Literal("string", "number", "boolean", "date"),
  required: Schema.Boolean,
}).annotations({ identifier: "CustomAttributeDefinition" });

const CustomAttributeDefinitionBody = rawJson(
  Schema.Struct({
    appliesTo: Schema.Literal("PaymentBatch", "PaymentBatchLine"),
    type: Schema.Literal("string", "number", "boolean", "date"),
    required: Schema.optional(Schema.Boolean),
  }),
  "CustomAttributeDefinitionRequest",
);
const FinancialAccountBody = rawJson(
  Schema.Struct({
    key: Schema.String,
    iban: Schema.String,
    bic: Text,
    holderName: Schema.String,
    country: Schema.String,
    townName: Schema.String,
    streetName: Text,
    buildingNumber: Text,
    postCode: Text,
  }),
  "FinancialAccountRequest",
);

const FieldError = Schema.Struct({ field: Schema.String, message: Schema.String });

const StatusReportResult = Schema.Struct({
  message: Schema.String.annotations({ description: "The ISO 20022 message read: pain.002.001.03, pain.002.001.10, camt.053.001.02 or camt.053.001.08" }),
  matched: Schema.Int,
  unmatched: Schema.Int,
  items: Schema.Array(
    Schema.Struct({
      itemNumber: Schema.Int,
      reference: Schema.String.annotations({ description: "EndToEndId, source document or statement entry key" }),
      matched: Schema.Boolean,
      paymentBatchId: Text,
      lineId: Text,
      errors: Schema.optional(Schema.Array(FieldError)),
    }),
  ),
}).annotations({ identifier: "PaymentStatusReportResult" });

// ---- Bank answers: which ISO 20022 message a body is -------------------------------------------

const REPORT_NAMESPACE = /urn:iso:std:iso:20022:tech:xsd:(pain\.002\.001\.\d\d|camt\.053\.001\.\d\d)/;
const REPORT_VERSIONS = new Set(["pain.002.001.03", "pain.002.001.10", "camt.053.001.02", "camt.053.001.08"]);
/** The namespace is on the root element, well within the first bytes (after an XML declaration and comments). */
const SNIFF_BYTES = 64 * 1024;

/** Reads the body until its ISO 20022 namespace shows; answers the message and the whole body as a stream again. */
const sniffReport = async (req: Request): Promise<{ readonly version: string; readonly bytes: AsyncIterable<Uint8Array> }> => {
  const iterator = (req as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const head: Array<Uint8Array> = [];
  let length = 0;
  let version: string | undefined;
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let text = "";
  while (version === undefined && length < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done === true) break;
    head.push(next.value);
    length += next.value.byteLength;
    text += decoder.decode(next.value, { stream: true });
    version = REPORT_NAMESPACE.exec(text)?.[1];
  }
  if (version === undefined || !REPORT_VERSIONS.has(version)) {
    // Read no further: the connection is closed with the refusal.
    return fail(
      400,
      "Payload.Malformed",
      version === undefined
        ? "the body is not a bank status report or statement: expected an ISO 20022 document in the namespace of pain.002.001.03, pain.002.001.10, camt.053.001.02 or camt.053.001.08"
        : `${version} is not read here: send pain.002.001.03, pain.002.001.10, camt.053.001.02 or camt.053.001.08`,
    );
  }
  async function* whole(): AsyncGenerator<Uint8Array> {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  return { version, bytes: whole() };
};

const collect = async <A>(items: AsyncIterable<DecodedItem<A>>): Promise<ReadonlyArray<DecodedItem<A>>> => {
  const all: Array<DecodedItem<A>> = [];
  for await (const item of items) all.push(item);
  return all;
};

// ---- Routes ------------------------------------------------------------------------------------

const withoutUndefined = <A extends object>(value: A): A => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as A;

const render = (batch: PaymentBatch) => toPaymentBatchResource(batch);
const renderAccount = (account: FinancialAccount) => withoutUndefined({ ...account });
const renderDefinition = (definition: CustomAttributeDefinition) => ({ ...definition });

export const paymentRoutes = (deps: PaymentRoutesDeps): ReadonlyArray<RouteDefinition> => {
  const { useCases } = deps;

  /** The caller, once the path's organization is checked to be the token's (else 403). */
  const callerOf = (principal: Principal, params: { readonly tenantKey: string; readonly orgKey: string }) => {
    deps.authenticator.requireOrganization(principal, params.tenantKey, params.orgKey);
    return { orgId: principal.orgId, actor: principal.actor };
  };
  const byKey = (p: { readonly companyKey: string; readonly paymentBatchKey: number }): PaymentBatchRef => ({ companyKey: p.companyKey, paymentBatchKey: p.paymentBatchKey });

  type KeyP = typeof KeyParams.Type;
  // Either addressing of a batch; the handler tells them apart by `id`.
  const paramsBy = (by: "id" | "key") => (by === "id" ? IdParams : KeyParams) as unknown as Schema.Schema<typeof IdParams.Type | KeyP, Readonly<Record<string, string>>>;
  type LineP = typeof LineParams.Type;

  const printRoute = (by: "id" | "key", original: boolean) =>
    defineRoute<typeof IdParams.Type | KeyP, typeof PrintQuery.Type>({
      method: "get",
      path: by === "id" ? `${BATCHES}/{id}/${original ? "printOriginal" : "print"}` : `${BY_KEY}/${original ? "printOriginal" : "print"}`,
      operationId: `${original ? "printOriginalPaymentBatch" : "printPaymentBatch"}${by === "id" ? "ById" : "ByKey"}`,
      summary: original ? "Original print of the payment batch (its first print, kept unchanged)" : "Print the payment batch",
      description: original
        ? "The batch's first print in the template, as it was first printed, whatever was edited since. A batch never printed is printed now (corrected lines with the bank details they were first exported with) and that print is kept."
        : "A PDF of the batch and its lines. template: standard (summary for approval, default) or detailed (remittance list with IBAN and SWIFT). An unknown template is 400.",
      tags: TAGS,
      scope: "payments",
      params: paramsBy(by),
      query: PrintQuery,
      responses: { 200: { description: "The PDF", contentTypes: ["application/pdf"] } },
      problems: [400, 403, 404],
      handler: async ({ params, query, principal }) => {
        const caller = callerOf(principal, params);
        const ref: PaymentBatchRef = "id" in params ? { id: params.id } : byKey(params);
        const printed = await orFail(useCases.print({ orgId: caller.orgId, ref, original, ...(query.template === undefined ? {} : { template: query.template }) }));
        const name = `payment-batch-${printed.batch.company}-${printed.batch.paymentBatchKey}${original ? "-original" : ""}.pdf`.replace(/[^A-Za-z0-9._-]/g, "_");
        return { status: 200, contentType: "application/pdf", content: printed.body, headers: { "Content-Disposition": `inline; filename="${name}"` } };
      },
    });

  /** A `PUT` setter of the batch: the body is the bare JSON value; 200 with no body. */
  const batchSetter = (
    name: string,
    valueType: string,
    run: (input: { orgId: Principal["orgId"]; actor: Principal["actor"]; ref: PaymentBatchRef; value: unknown }) => Effect.Effect<unknown, unknown>,
  ) =>
    defineRoute<KeyP>({
      method: "put",
      path: `${BY_KEY}/${name}`,
      operationId: `setPaymentBatch${name[0]?.toUpperCase()}${name.slice(1)}`,
      summary: `Set ${name} of the payment batch`,
      description: `The body is the bare JSON value (${valueType}).`,
      tags: TAGS,
      scope: "payments",
      params: KeyParams,
      body: { kind: "json", schema: Schema.Unknown, required: true, description: valueType },
      responses: { 200: { description: "Set; the body is empty" } },
      problems: [400, 403, 404, 415],
      handler: async ({ params, body, principal }) => {
        await orFail(run({ ...callerOf(principal, params), ref: byKey(params), value: body }));
        return { status: 200 };
      },
    });

  /** A `PUT` setter of a line: the body is the bare JSON value; 200 with no body. */
  const lineSetter = (
    name: string,
    valueType: string,
    run: (input: { orgId: Principal["orgId"]; actor: Principal["actor"]; ref: PaymentBatchRef; lineId: string; value: unknown }) => Effect.Effect<unknown, unknown>,
  ) =>
    defineRoute<LineP>({
      method: "put",
      path: `${LINE}/${name}`,
      operationId: `setPaymentBatchLine${name[0]?.toUpperCase()}${name.slice(1)}`,
      summary: `Set ${name} of a payment batch line`,
      description: `The body is the bare JSON value (${valueType}).`,
      tags: TAGS,
      scope: "payments",
      params: LineParams,
      body: { kind: "json", schema: Schema.Unknown, required: true, description: valueType },
      responses: { 200: { description: "Set; the body is empty" } },
      problems: [400, 403, 404, 415],
      handler: async ({ params, body, principal }) => {
        await orFail(run({ ...callerOf(principal, params), ref: byKey(params), lineId: params.lineId, value: body }));
        return { status: 200 };
      },
    });

  const deleteRoute = (by: "id" | "key") =>
    defineRoute<typeof IdParams.Type | KeyP>({
      method: "delete",
      path: by === "id" ? `${BATCHES}/{id}` : BY_KEY,
      operationId: by === "id" ? "deletePaymentBatchById" : "deletePaymentBatchByKey",
      summary: "Delete a Draft or Discarded payment batch",
      tags: TAGS,
      scope: "payments",
      params: paramsBy(by),
      responses: { 204: { description: "Deleted" } },
      problems: [400, 403, 404],
      handler: async ({ params, principal }) => {
        const caller = callerOf(principal, params);
        await orFail(useCases.deleteBatch({ ...caller, ref: "id" in params ? { id: params.id } : byKey(params) }));
        return { status: 204 };
      },
    });

  return [
    // ---- Collections and the routes whose paths would also match {companyKey}/{paymentBatchKey} ----
    defineRoute<typeof OrgParams.Type, typeof PageQuery.Type>({
      method: "get",
      path: BATCHES,
      operationId: "listPaymentBatches",
      summary: "Payment batches (all, or one page)",
      description:
        "Every payment batch of the organization, ordered by company and paymentBatchKey. With page (from 1) or pageSize (1 to 1000, default 100): that page; " +
        "the X-Total-Count header gives the number of batches.",
      tags: TAGS,
      scope: "payments",
      params: OrgParams,
      query: PageQuery,
      responses: { 200: { description: "The batches", schema: PaymentBatchList } },
      problems: [400, 403],
      handler: async ({ params, query, principal }) => {
        const caller = callerOf(principal, params);
        if (query.page === undefined && query.pageSize === undefined) {
          const all = await orFail(useCases.list({ orgId: caller.orgId }));
          return { status: 200, body: all.map(render), headers: { "X-Total-Count": String(all.length) } };
        }
        const page = await orFail(useCases.page({ orgId: caller.orgId, page: query.page, pageSize: query.pageSize }));
        return { status: 200, body: page.items.map(render), headers: { "X-Total-Count": String(page.totalItems) } };
      },
    }),

    defineRoute<typeof OrgParams.Type>({
      method: "post",
      path: BATCHES,
      operationId: "createPaymentBatch",
      summary: "Create a payment batch",
      description: "Creates a Draft batch with the company's next paymentBatchKey, with its lines and custom attributes (customAttributes or custom_* properties).",
      tags: TAGS,
      scope: "payments",
      idempotent: true,
      params: OrgParams,
      body: { kind: "json", schema: ApiPaymentBatchBody, required: true },
      responses: { 201: { description: "Created", schema: PaymentBatchResource } },
      problems: [400, 403, 413, 415, 422],
      handler: async ({ params, principal, body }) => {
        const caller = callerOf(principal, params);
        const batch = await orFail(useCases.create({ ...caller, body: body }));
        return {
          status: 201,
          headers: { Location: `${deps.publicUrl}${BATCHES.replace("{tenantKey}", principal.tenantKey).replace("{orgKey}", principal.orgKey)}/${batch.id}` },
          body: render(batch),
        };
      },
    }),

    printRoute("id", false),
    printRoute("id", true),

    defineRoute<typeof IdParams.Type>({
      method: "get",
      path: `${BATCHES}/{id}`,
      operationId: "getPaymentBatchById",
      summary: "A payment batch by id",
      tags: TAGS,
      scope: "payments",
      params: IdParams,
      responses: { 200: { description: "The batch", schema: PaymentBatchResource } },
      problems: [400, 403, 404],
      handler: async ({ params, principal }) => {
        const caller = callerOf(principal, params);
        return { status: 200, body: render(await orFail(useCases.get({ orgId: caller.orgId, ref: { id: params.id } }))) };
      },
    }),

    deleteRoute("id"),

    // ---- Beyond the seed: accounts, definitions, bank answers ----
    defineRoute<typeof OrgParams.Type>({
      method: "get",
      path: `${ROOT}/financialAccounts`,
      operationId: "listFinancialAccounts",
      summary: "The organization's financial accounts",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: OrgParams,
      responses: { 200: { description: "The accounts, by key", schema: Schema.Array(FinancialAccountResource) } },
      problems: [403],
      handler: async ({ params, principal }) => {
        const caller = callerOf(principal, params);
        return { status: 200, body: (await orFail(useCases.listFinancialAccounts({ orgId: caller.orgId }))).map(renderAccount) };
      },
    }),

    defineRoute<typeof OrgParams.Type>({
      method: "post",
      path: `${ROOT}/financialAccounts`,
      operationId: "createFinancialAccount",
      summary: "Add a financial account (the debtor of exported payment files)",
      description: "townName and country are required: SEPA files carry a structured debtor address.",
      tags: TAGS_BEYOND,
      scope: "payments",
      idempotent: true,
      params: OrgParams,
      body: { kind: "json", schema: FinancialAccountBody, required: true },
      responses: { 201: { description: "Created", schema: FinancialAccountResource } },
      problems: [400, 403, 409, 415],
      handler: async ({ params, principal, body }) => {
        const caller = callerOf(principal, params);
        const account = await orFail(useCases.createFinancialAccount({ orgId: caller.orgId, body: body }));
        return { status: 201, body: renderAccount(account) };
      },
    }),

    defineRoute<typeof FinancialAccountParams.Type>({
      method: "get",
      path: `${ROOT}/financialAccounts/{key}`,
      operationId: "getFinancialAccount",
      summary: "A financial account",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: FinancialAccountParams,
      responses: { 200: { description: "The account", schema: FinancialAccountResource } },
      problems: [403, 404],
      handler: async ({ params, principal }) => {
        const caller = callerOf(principal, params);
        // Not found is 400 where a batch names the account, 404 here where it is the resource read.
        const account = await orNotFound(useCases.getFinancialAccount({ orgId: caller.orgId, key: params.key }), "FinancialAccount.NotFound");
        return { status: 200, body: renderAccount(account) };
      },
    }),

    defineRoute<typeof OrgParams.Type>({
      method: "get",
      path: `${ROOT}/customAttributes`,
      operationId: "listCustomAttributeDefinitions",
      summary: "The organization's custom attribute definitions",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: OrgParams,
      responses: { 200: { description: "The definitions, by name", schema: Schema.Array(CustomAttributeDefinitionResource) } },
      problems: [403],
      handler: async ({ params, principal }) => {
        const caller = callerOf(principal, params);
        return { status: 200, body: (await orFail(useCases.listCustomAttributeDefinitions({ orgId: caller.orgId }))).map(renderDefinition) };
      },
    }),

    defineRoute<typeof DefinitionParams.Type>({
      method: "get",
      path: `${ROOT}/customAttributes/{name}`,
      operationId: "getCustomAttributeDefinition",
      summary: "A custom attribute definition",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: DefinitionParams,
      responses: { 200: { description: "The definition", schema: CustomAttributeDefinitionResource } },
      problems: [403, 404],
      handler: async ({ params, principal }) => {
        const caller = callerOf(principal, params);
        const found = await orNotFound(useCases.getCustomAttributeDefinition({ orgId: caller.orgId, name: params.name }), "CustomAttribute.DefinitionNotFound");
        return { status: 200, body: renderDefinition(found) };
      },
    }),

    defineRoute<typeof DefinitionParams.Type>({
      method: "put",
      path: `${ROOT}/customAttributes/{name}`,
      operationId: "putCustomAttributeDefinition",
      summary: "Create or replace a custom attribute definition",
      description: "Applies to values set from then on; stored values are not checked again.",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: DefinitionParams,
      body: { kind: "json", schema: CustomAttributeDefinitionBody, required: true },
      responses: { 200: { description: "The definition", schema: CustomAttributeDefinitionResource } },
      problems: [400, 403, 415],
      handler: async ({ params, principal, body }) => {
        const caller = callerOf(principal, params);
        return { status: 200, body: renderDefinition(await orFail(useCases.putCustomAttributeDefinition({ orgId: caller.orgId, name: params.name, body: body }))) };
      },
    }),

    defineRoute<typeof OrgParams.Type>({
      method: "post",
      path: `${ROOT}/paymentStatusReports`,
      operationId: "applyPaymentStatusReport",
      summary: "Apply a bank's status report (pain.002) or statement (camt.053)",
      description:
        "pain.002.001.03 or .001.10: transaction, payment-information and group statuses (RJCT and CANC are Error, ACSC and ACCC Success, intermediate statuses change nothing); " +
        "a group or block status without transactions applies to every line of the group. camt.053.001.02 or .001.08: a debit entry whose EndToEndId is a line's exportTransactionId marks it Success. " +
        "Entries that match no line are counted as unmatched, with the reason; nothing is guessed.",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: OrgParams,
      body: { kind: "stream", contentTypes: ["application/xml", "text/xml"], description: "The ISO 20022 document" },
      responses: { 200: { description: "What matched a line", schema: StatusReportResult } },
      problems: [400, 403, 413, 415],
      handler: async ({ params, principal, req }) => {
        const caller = callerOf(principal, params);
        const type = mediaTypeOf(req);
        if (type !== "application/xml" && type !== "text/xml") {
          fail(415, "Request.UnsupportedMediaType", `send the ISO 20022 document as application/xml or text/xml, not ${type ?? "a body without Content-Type"}`);
        }
        refuseDeclaredLargerThan(req, deps.maxReportSize, "status report");
        const { version, bytes } = await sniffReport(req);
        const report: PaymentStatusReport = version.startsWith("pain.002")
          ? { kind: "pain.002", items: await readItems(deps.decoder, bytes, "pain.002", PaymentStatusRecord) }
          : { kind: "camt.053", items: await readItems(deps.decoder, bytes, "camt.053", BankStatementEntryRecord) };
        const result = await orFail(useCases.statusReport({ ...caller, report }));
        return { status: 200, body: { message: version, matched: result.matched, unmatched: result.unmatched, items: result.items.map(withoutUndefined) } };
      },
    }),

    // ---- By key: the named sub-resources before {customAttributeName} ----
    defineRoute<KeyP>({
      method: "get",
      path: BY_KEY,
      operationId: "getPaymentBatchByKey",
      summary: "A payment batch by company and key",
      tags: TAGS,
      scope: "payments",
      params: KeyParams,
      responses: { 200: { description: "The batch", schema: PaymentBatchResource } },
      problems: [400, 403, 404],
      handler: async ({ params, principal }) => {
        const caller = callerOf(principal, params);
        return { status: 200, body: render(await orFail(useCases.get({ orgId: caller.orgId, ref: byKey(params) }))) };
      },
    }),

    printRoute("key", false),
    printRoute("key", true),
    deleteRoute("key"),

    defineRoute<KeyP>({
      method: "post",
      path: `${BY_KEY}/paymentBatchLines`,
      operationId: "addPaymentBatchLine",
      summary: "Add a line to a Draft payment batch",
      tags: TAGS,
      scope: "payments",
      params: KeyParams,
      body: { kind: "json", schema: ApiPaymentBatchLineBody, required: true },
      responses: { 204: { description: "Added" } },
      problems: [400, 403, 404, 415],
      handler: async ({ params, principal, body }) => {
        await orFail(useCases.addLine({ ...callerOf(principal, params), ref: byKey(params), body: body }));
        return { status: 204 };
      },
    }),

    defineRoute<KeyP>({
      method: "post",
      path: `${BY_KEY}/paymentBatchLines/fromRequests`,
      operationId: "addPaymentBatchLinesFromRequests",
      summary: "Add one line per payment request (PAYMENT_REQUEST records uploaded on /erp/v1)",
      description: "All or none: each request must exist, be for the batch's company and not be on another live line.",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: KeyParams,
      body: { kind: "json", schema: FromRequestsBody, required: true },
      responses: { 204: { description: "Added" } },
      problems: [400, 403, 404, 415],
      handler: async ({ params, principal, body }) => {
        await orFail(useCases.fromRequests({ ...callerOf(principal, params), ref: byKey(params), body: body }));
        return { status: 204 };
      },
    }),

    defineRoute<KeyP, typeof ExportQuery.Type>({
      method: "post",
      path: `${BY_KEY}/export`,
      operationId: "exportPaymentBatch",
      summary: "Generate the SEPA credit transfer file; the batch becomes Submitted",
      description:
        "pain.001.001.09 (default, structured addresses) or pain.001.001.03 (?version=). The file holds the Open lines not yet in a file (all of them the first time, corrected lines after a correction). " +
        "Checked against the EPC SEPA Credit Transfer rules beyond the XSD (character set with transliteration, lengths, EUR, amounts, BIC outside the EEA, unique ids); a breach is 400 naming the line and the rule.",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: KeyParams,
      query: ExportQuery,
      responses: { 200: { description: "The pain.001 document", contentTypes: ["application/xml"] } },
      problems: [400, 403, 404],
      handler: async ({ params, query, principal }) => {
        const exported = await orFail(useCases.export({ ...callerOf(principal, params), ref: byKey(params), version: query.version }));
        return {
          status: 200,
          contentType: "application/xml",
          content: exported.file.content,
          headers: { "Content-Disposition": `attachment; filename="${exported.file.messageId}.xml"`, "X-Payment-File-Version": exported.file.version },
        };
      },
    }),

    defineRoute<KeyP>({
      method: "get",
      path: `${BY_KEY}/paymentFile`,
      operationId: "getPaymentFile",
      summary: "The last payment file generated for the batch",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: KeyParams,
      responses: { 200: { description: "The pain.001 document", contentTypes: ["application/xml"] } },
      problems: [400, 403, 404],
      handler: async ({ params, principal }) => {
        const caller = callerOf(principal, params);
        const file = await orFail(useCases.paymentFile({ orgId: caller.orgId, ref: byKey(params) }));
        return {
          status: 200,
          contentType: "application/xml",
          content: file.content,
          headers: { "Content-Disposition": `attachment; filename="${file.messageId}.xml"`, "X-Payment-File-Version": file.version },
        };
      },
    }),

    defineRoute<KeyP>({
      method: "post",
      path: `${BY_KEY}/discard`,
      operationId: "discardPaymentBatch",
      summary: "Discard a Draft or Submitted payment batch",
      tags: TAGS_BEYOND,
      scope: "payments",
      params: KeyParams,
      responses: { 200: { description: "The batch, Discarded", schema: PaymentBatchResource } },
      problems: [400, 403, 404],
      handler: async ({ params, principal }) => {
        const batch = await orFail(useCases.discard({ ...callerOf(principal, params), ref: byKey(params) }));
        return { status: 200, body: render(batch) };
      },
    }),

    batchSetter("allowExport", "true or false", useCases.allowExport),
    batchSetter("company", 'the company key, e.g. "C2"', useCases.company),
    batchSetter("financialAccount", 'the key of a financial account, e.g. "BANK1"', useCases.financialAccount),
    batchSetter("isActive", "true or false", useCases.isActive),
    batchSetter("note", 'text, e.g. "changed"; null clears it', useCases.note),
    batchSetter("remarks", "text; null clears it", useCases.remarks),

    lineSetter("iBAN", 'the IBAN, e.g. "DE89370400440532013000"', useCases.lineIban),
    lineSetter("swift", 'the BIC, e.g. "COBADEFFXXX"; null clears it', useCases.lineSwift),
    lineSetter("paymentInstruction", "text; null clears it", useCases.linePaymentInstruction),
    lineSetter("status", 'a PaymentBatchLineState: 1, 2, 3 or "Open", "Error", "Success"', useCases.lineStatus),

    defineRoute<LineP>({
      method: "delete",
      path: LINE,
      operationId: "deletePaymentBatchLine",
      summary: "Delete a line of a Draft payment batch",
      tags: TAGS,
      scope: "payments",
      params: LineParams,
      responses: { 204: { description: "Deleted" } },
      problems: [400, 403, 404],
      handler: async ({ params, principal }) => {
        await orFail(useCases.deleteLine({ ...callerOf(principal, params), ref: byKey(params), lineId: params.lineId }));
        return { status: 204 };
      },
    }),

    defineRoute<typeof LineCustomAttributeParams.Type>({
      method: "put",
      path: `${LINE}/{customAttributeName}`,
      operationId: "setPaymentBatchLineCustomAttribute",
      summary: "Set a custom attribute of a payment batch line",
      description: 'The body is {"value": ...}; {"value": null} removes an optional attribute.',
      tags: TAGS,
      scope: "payments",
      params: LineCustomAttributeParams,
      body: { kind: "json", schema: CustomAttributeValueBody, required: true },
      responses: { 200: { description: "Set; the body is empty" } },
      problems: [400, 403, 404, 415],
      handler: async ({ params, principal, body }) => {
        await orFail(
          useCases.lineCustomAttribute({ ...callerOf(principal, params), ref: byKey(params), lineId: params.lineId, name: params.customAttributeName, body: body }),
        );
        return { status: 200 };
      },
    }),

    defineRoute<typeof CustomAttributeParams.Type>({
      method: "put",
      path: `${BY_KEY}/{customAttributeName}`,
      operationId: "setPaymentBatchCustomAttribute",
      summary: "Set a custom attribute of a payment batch",
      description: 'The body is {"value": ...}; {"value": null} removes an optional attribute.',
      tags: TAGS,
      scope: "payments",
      params: CustomAttributeParams,
      body: { kind: "json", schema: CustomAttributeValueBody, required: true },
      responses: { 200: { description: "Set; the body is empty" } },
      problems: [400, 403, 404, 415],
      handler: async ({ params, principal, body }) => {
        await orFail(useCases.customAttribute({ ...callerOf(principal, params), ref: byKey(params), name: params.customAttributeName, body: body }));
        return { status: 200 };
      },
    }),
  ];
};

/**
 * Runs a read whose "not found" is mapped to 400 where another resource names the missing one
 * (a batch's financial account): here, where it is the resource read, it is 404.
 */
const orNotFound = async <A, E extends { readonly _tag: string; readonly message: string }>(effect: Effect.Effect<A, E>, tag: E["_tag"]): Promise<A> => {
  const result = await Effect.runPromise(Effect.either(effect));
  if (Either.isLeft(result) && result.left._tag === tag) return fail(404, tag, result.left.message);
  return orFail(result);
};

const readItems = <A, I>(decoder: RecordDecoder, bytes: AsyncIterable<Uint8Array>, isoMessage: "pain.002" | "camt.053", schema: Schema.Schema<A, I>) =>
  orFail(Effect.tryPromise({ try: () => collect(decoder.decode({ format: "ISO", isoMessage, schema, bytes })), catch: (error) => error }));
