/**
 * INVOICE records (DOMAIN.md "What applying an inbound item does"): the seed 001 invoice
 * properties read from loose input (a JSON object, or the text cells of a CSV row or XML record),
 * and the applier that upserts them as AP invoices by `invoiceNo` + `vendorNo`.
 *
 * Properties the AP batches own (`apBatchId`, `apBatchNo`, `dateSubmitted`, ...), the id and the
 * audit fields are not read from records: a record naming them is accepted and they are ignored,
 * as are unknown columns. A record may set the statuses Pending, Matched and Vouchered (by name
 * in `matchedInvoiceStatus`, or by number in either status field), Vouchered when it names none;
 * Batched and Exported are reached only through an AP batch.
 */
import { Effect, ParseResult, Schema } from "effect";
import {
  apInvoiceIdOf,
  ApInvoiceData,
  ApInvoicePoTypes,
  apInvoiceStatusIdOf,
  ApInvoiceStatuses,
  RecordedApInvoiceStatuses,
  type ApInvoiceUpsert,
  type RecordedApInvoiceStatus,
} from "../ap-batch/ap-invoice";
import type { ApInvoiceStore } from "../ports/ap-invoice-store";
import { canonicalDateTime } from "../ports/collection-query";
import {
  DateValue,
  IntegerValue,
  OptionalAmount,
  OptionalText,
  optionalField,
  optionalLiteral,
  requiredField,
  Text,
} from "./fields";
import type { ItemApplier, ItemOutcome } from "./item-applier";

/** Longest `invoiceNo` / `vendorNo`: they form the natural key, and keys stay indexable. */
export const INVOICE_KEY_MAX_LENGTH = 100;

const show = (u: unknown): string => (typeof u === "string" ? `"${u.length > 60 ? `${u.slice(0, 60)}...` : u}"` : String(u));

const KeyText = Text.pipe(
  Schema.filter((s) => s.length <= INVOICE_KEY_MAX_LENGTH, { message: () => `must be at most ${INVOICE_KEY_MAX_LENGTH} characters` }),
);

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A GUID, with or without braces, kept in lower case without them. */
const GuidValue = Schema.transformOrFail(Text, Schema.String, {
  strict: true,
  decode: (s, _, ast) => {
    const m = GUID.exec(s);
    return m?.[1] === undefined
      ? ParseResult.fail(new ParseResult.Type(ast, s, `must be a GUID, got ${show(s)}`))
      : ParseResult.succeed(m[1].toLowerCase());
  },
  encode: ParseResult.succeed,
});

/** A date or date-time, kept as the canonical UTC date-time (a date alone is midnight UTC). */
const DateTimeValue = Schema.transformOrFail(DateValue, Schema.String, {
  strict: true,
  decode: (s, _, ast) => {
    const canonical = canonicalDateTime(s);
    return canonical === undefined
      ? ParseResult.fail(new ParseResult.Type(ast, s, `must be a date (YYYY-MM-DD) or an ISO 8601 date-time, got ${show(s)}`))
      : ParseResult.succeed(canonical);
  },
  encode: ParseResult.succeed,
});

const Int32Value = IntegerValue.pipe(
  Schema.filter((n) => n >= -2147483648 && n <= 2147483647, { message: () => "must be a 32-bit integer" }),
);

const refusedStatus = (status: string) =>
  `${status} is set by AP batches, not by records; a record may set ${RecordedApInvoiceStatuses.join(", ")}`;

/** A status a record may set, by name (any letter case) or by number. */
const StatusValue = Schema.transformOrFail(Schema.Unknown, Schema.Literal(...RecordedApInvoiceStatuses), {
  strict: true,
  decode: (u, _, ast) => {
    const text = typeof u === "number" ? String(u) : typeof u === "string" ? u.trim() : undefined;
    const status =
      text === undefined
        ? undefined
        : /^\d+$/.test(text)
          ? ApInvoiceStatuses[Number(text) - 1]
          : ApInvoiceStatuses.find((name) => name.toLowerCase() === text.toLowerCase());
    if (status === undefined) {
      return ParseResult.fail(
        new ParseResult.Type(ast, u, `must be one of ${ApInvoiceStatuses.join(", ")} (or 1 to 5), got ${show(u)}`),
      );
    }
    return (RecordedApInvoiceStatuses as ReadonlyArray<string>).includes(status)
      ? ParseResult.succeed(status as RecordedApInvoiceStatus)
      : ParseResult.fail(new ParseResult.Type(ast, u, refusedStatus(status)));
  },
  encode: ParseResult.succeed,
});

const OptionalGuid = optionalField(GuidValue);
const OptionalDateTime = optionalField(DateTimeValue);

/** The record's fields as read, before the two status fields are merged. */
const InvoiceRecordFields = Schema.Struct({
  purchaseOrderId: OptionalGuid,
  purchaseOrderNo: OptionalText,
  sequenceNo: optionalField(Int32Value),
  poType: optionalLiteral(...ApInvoicePoTypes),
  facilityId: OptionalGuid,
  facilityNo: OptionalText,
  facilityName: OptionalText,
  locationId: OptionalGuid,
  locationNo: OptionalText,
  locationName: OptionalText,
  vendorId: OptionalGuid,
  vendorNo: requiredField(KeyText),
  vendorName: OptionalText,
  invoiceNo: requiredField(KeyText),
  matchedInvoiceStatusId: optionalField(StatusValue),
  matchedInvoiceStatus: optionalField(StatusValue),
  vendorRemitToId: OptionalGuid,
  remitToNo: OptionalText,
  remitToDescription: OptionalText,
  remitToVendorNo: OptionalText,
  creditCardIDId: OptionalGuid,
  creditCardID: OptionalText,
  creditCardIDDescription: OptionalText,
  reference: OptionalText,
  notes: OptionalText,
  invoiceDate: OptionalDateTime,
  invoiceDueDate: OptionalDateTime,
  trackingCode: OptionalText,
  invoiceValidationTotal: OptionalAmount,
  cerNoId: OptionalGuid,
  cerNo: OptionalText,
  cerNoDescription: OptionalText,
  discountAmount: OptionalAmount,
  taxAmount: OptionalAmount,
  shippingAmount: OptionalAmount,
  taxExpenseGLCode: OptionalText,
  taxAccrualGLCode: OptionalText,
  discountGLCode: OptionalText,
  taxExpenseAmount: OptionalAmount,
  taxCode: OptionalText,
  receivedInvoiceId: OptionalGuid,
  offset: OptionalAmount,
  offsetGLCode: OptionalText,
  projectNoId: OptionalGuid,
  projectNo: OptionalText,
  projectNoDescription: OptionalText,
  // Every bad field of a record is reported, whatever parse options the decoder uses.
}).annotations({ parseOptions: { errors: "all" } });

/**
 * One INVOICE record, decoded to the data of an AP invoice. Fails with one issue per bad field
 * (`invoiceNo`/`vendorNo` "is required", a GUID, amount or date that is not one, a status that is
 * unknown, Batched/Exported, or given twice with two values). Encodes back to seed JSON.
 */
export const InvoiceRecord = Schema.transformOrFail(InvoiceRecordFields, Schema.typeSchema(ApInvoiceData), {
  strict: true,
  decode: (fields, _, ast) => {
    const { matchedInvoiceStatusId: byId, matchedInvoiceStatus: byName } = fields;
    if (byId !== undefined && byName !== undefined && byId !== byName) {
      return ParseResult.fail(
        new ParseResult.Pointer(
          "matchedInvoiceStatus",
          fields,
          new ParseResult.Type(ast, fields, `is ${byName} but matchedInvoiceStatusId is ${byId}; give one status`),
        ),
      );
    }
    const status = byName ?? byId ?? "Vouchered";
    // Both status fields replaced (a copy without them first costs more, for the same result).
    return ParseResult.succeed({ ...fields, matchedInvoiceStatusId: apInvoiceStatusIdOf(status) as 1 | 2 | 3, matchedInvoiceStatus: status });
  },
  // Written back with the status by name only.
  encode: ({ matchedInvoiceStatusId: _id, ...data }) => ParseResult.succeed(data),
});
export type InvoiceRecord = typeof InvoiceRecord.Type;

const outcomeOf = (itemNumber: number, key: string, upsert: ApInvoiceUpsert | undefined): ItemOutcome => {
  if (upsert?._tag !== "Locked") return { _tag: "Applied", itemNumber, key };
  const { matchedInvoiceStatus, apBatchNo } = upsert.invoice;
  const batch = apBatchNo === undefined ? "" : ` in AP batch ${apBatchNo}`;
  return {
    _tag: "Rejected",
    itemNumber,
    key,
    errors: [{ field: "", message: `the invoice is already ${matchedInvoiceStatus}${batch} and cannot be changed` }],
  };
};

/** The stores the INVOICE applier writes through. */
export interface InvoiceApplierStores {
  readonly apInvoices: ApInvoiceStore;
}

/**
 * Applies INVOICE items: one upsert per invoice, by `invoiceNo` + `vendorNo`. A new invoice's
 * `apMatchedInvoiceId` is `apInvoiceIdOf(orgId, vendorNo, invoiceNo)`, so applying a chunk again
 * after a crash gives the same ids; an existing invoice keeps its id. An invoice that is Batched
 * or Exported is left as it is and the item is rejected saying so.
 *
 * When a chunk holds several records of one invoice, only the last is written (what writing them
 * in order would leave) and each of them gets its outcome. So the chunk is idempotent to the
 * letter: applied again, every invoice already holds its data and nothing is written, not even
 * `lastUpdated`.
 */
export const invoiceApplier: ItemApplier<InvoiceApplierStores, InvoiceRecord, typeof InvoiceRecord.Encoded> = {
  payloadObjectType: "INVOICE",
  schema: InvoiceRecord,
  keyOf: (record) => `${record.invoiceNo}/${record.vendorNo}`,
  apply: (stores, context, records) => {
    const naturalKey = ({ record }: { readonly record: InvoiceRecord }) => JSON.stringify([record.vendorNo, record.invoiceNo]);
    const lastOf = new Map(records.map((item, i) => [naturalKey(item), i] as const));
    const written = records.filter((item, i) => lastOf.get(naturalKey(item)) === i);
    const slotOf = new Map(written.map((item, slot) => [naturalKey(item), slot] as const));
    return stores.apInvoices
      .upsertFromRecords(
        context.orgId,
        written.map(({ record }) => ({ apMatchedInvoiceId: apInvoiceIdOf(context.orgId, record.vendorNo, record.invoiceNo), data: record })),
        { at: context.at, actor: context.actor },
      )
      .pipe(
        Effect.flatMap((outcomes) =>
          outcomes.length === written.length
            ? Effect.succeed(
                records.map((item) => outcomeOf(item.itemNumber, invoiceApplier.keyOf(item.record), outcomes[slotOf.get(naturalKey(item)) ?? -1])),
              )
            : Effect.dieMessage(`the AP invoice store answered ${outcomes.length} outcomes for ${written.length} records`),
        ),
      );
  },
};
