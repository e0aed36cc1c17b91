/**
 * The AP invoice (seed 001's "batched invoice"): an entity identified by `apMatchedInvoiceId`,
 * unique per organization by `invoiceNo` + `vendorNo`. Its data arrives through INVOICE records
 * (or one entered by hand); its batch membership and the statuses `Batched` / `Exported` change
 * only through an AP batch, in the same unit of work as the batch (the functions below are the
 * only way a store moves an invoice between those statuses).
 *
 * Money fields are exact decimals (written as JSON numbers); date-times are canonical UTC
 * (`canonicalDateTime`); GUIDs lower case.
 */
import { Option, Schema } from "effect";
import type { Actor, Instant, OrganizationId } from "../kernel";
import * as Decimal from "../money/decimal";
import { DecimalFromNumber } from "../money/schema";
import type { PropertyCatalogue } from "../ports/collection-query";
import { uuidV5 } from "./uuid-v5";

/** `matchedInvoiceStatusId` n is `ApInvoiceStatuses[n - 1]`. */
export const ApInvoiceStatuses = ["Pending", "Matched", "Vouchered", "Batched", "Exported"] as const;
export type ApInvoiceStatus = (typeof ApInvoiceStatuses)[number];
export type ApInvoiceStatusId = 1 | 2 | 3 | 4 | 5;
/** The statuses an INVOICE record or a hand entry may set; the others belong to AP batches. */
export const RecordedApInvoiceStatuses = ["Pending", "Matched", "Vouchered"] as const;
export type RecordedApInvoiceStatus = (typeof RecordedApInvoiceStatuses)[number];

export const apInvoiceStatusIdOf = (status: ApInvoiceStatus): ApInvoiceStatusId =>
  (ApInvoiceStatuses.indexOf(status) + 1) as ApInvoiceStatusId;

export const ApInvoicePoTypes = ["Standard", "Return", "Capital"] as const;

const opt = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true });
const Text = Schema.String;
const Guid = Schema.String;
const DateTime = Schema.String;
const Money = DecimalFromNumber;

// Seed 001 property order, so encoded entities read like the seed's examples.
const headFields = {
  purchaseOrderId: opt(Guid),
  purchaseOrderNo: opt(Text),
  sequenceNo: opt(Schema.Int),
  poType: opt(Schema.Literal(...ApInvoicePoTypes)),
  facilityId: opt(Guid),
  facilityNo: opt(Text),
  facilityName: opt(Text),
  locationId: opt(Guid),
  locationNo: opt(Text),
  locationName: opt(Text),
  vendorId: opt(Guid),
  vendorNo: Text,
  vendorName: opt(Text),
  invoiceNo: Text,
};
const bodyFields = {
  vendorRemitToId: opt(Guid),
  remitToNo: opt(Text),
  remitToDescription: opt(Text),
  remitToVendorNo: opt(Text),
  creditCardIDId: opt(Guid),
  creditCardID: opt(Text),
  creditCardIDDescription: opt(Text),
  reference: opt(Text),
  notes: opt(Text),
  invoiceDate: opt(DateTime),
  invoiceDueDate: opt(DateTime),
  trackingCode: opt(Text),
  invoiceValidationTotal: opt(Money),
  cerNoId: opt(Guid),
  cerNo: opt(Text),
  cerNoDescription: opt(Text),
  discountAmount: opt(Money),
  taxAmount: opt(Money),
  shippingAmount: opt(Money),
  taxExpenseGLCode: opt(Text),
  taxAccrualGLCode: opt(Text),
  discountGLCode: opt(Text),
  taxExpenseAmount: opt(Money),
};
const batchFields = {
  apBatchId: opt(Guid),
  apBatchNo: opt(Text),
};
const tailFields = {
  taxCode: opt(Text),
  receivedInvoiceId: opt(Guid),
  offset: opt(Money),
  offsetGLCode: opt(Text),
};
const auditFields = {
  createdBy: Guid,
  createdByUserName: Text,
  dateCreated: DateTime,
  lastUpdated: DateTime,
  lastUpdatedBy: Guid,
  lastUpdatedByUserName: Text,
  dateSubmitted: opt(DateTime),
  submittedBy: opt(Guid),
  submittedByUserName: opt(Text),
};
const projectFields = {
  projectNoId: opt(Guid),
  projectNo: opt(Text),
  projectNoDescription: opt(Text),
};

/** What an INVOICE record (or a hand entry) says about an invoice: every property it may set. */
export const ApInvoiceData = Schema.Struct({
  ...headFields,
  matchedInvoiceStatusId: Schema.Literal(1, 2, 3),
  matchedInvoiceStatus: Schema.Literal(...RecordedApInvoiceStatuses),
  ...bodyFields,
  ...tailFields,
  ...projectFields,
});
export type ApInvoiceData = typeof ApInvoiceData.Type;

/** The AP invoice as stored and as listed (seed 001 properties; encodes to the seed's JSON). */
export const ApInvoice = Schema.Struct({
  apMatchedInvoiceId: Guid,
  ...headFields,
  matchedInvoiceStatusId: Schema.Literal(1, 2, 3, 4, 5),
  matchedInvoiceStatus: Schema.Literal(...ApInvoiceStatuses),
  ...bodyFields,
  ...batchFields,
  ...tailFields,
  ...auditFields,
  ...projectFields,
});
export type ApInvoice = typeof ApInvoice.Type;

const dataKeys = Object.keys(ApInvoiceData.fields) as ReadonlyArray<keyof ApInvoiceData>;

/** The property catalogue of `/odata/Invoices` and a batch's invoices. */
export const apInvoiceCatalogue: PropertyCatalogue = {
  entity: "Invoice",
  key: "apMatchedInvoiceId",
  defaultOrderBy: [{ property: "dateCreated", direction: "asc" }],
  properties: {
    apMatchedInvoiceId: "guid",
    purchaseOrderId: "guid",
    purchaseOrderNo: "string",
    sequenceNo: "integer",
    poType: "string",
    facilityId: "guid",
    facilityNo: "string",
    facilityName: "string",
    locationId: "guid",
    locationNo: "string",
    locationName: "string",
    vendorId: "guid",
    vendorNo: "string",
    vendorName: "string",
    invoiceNo: "string",
    matchedInvoiceStatusId: "integer",
    matchedInvoiceStatus: "string",
    vendorRemitToId: "guid",
    remitToNo: "string",
    remitToDescription: "string",
    remitToVendorNo: "string",
    creditCardIDId: "guid",
    creditCardID: "string",
    creditCardIDDescription: "string",
    reference: "string",
    notes: "string",
    invoiceDate: "date-time",
    invoiceDueDate: "date-time",
    trackingCode: "string",
    invoiceValidationTotal: "decimal",
    cerNoId: "guid",
    cerNo: "string",
    cerNoDescription: "string",
    discountAmount: "decimal",
    taxAmount: "decimal",
    shippingAmount: "decimal",
    taxExpenseGLCode: "string",
    taxAccrualGLCode: "string",
    discountGLCode: "string",
    taxExpenseAmount: "decimal",
    apBatchId: "guid",
    apBatchNo: "string",
    taxCode: "string",
    receivedInvoiceId: "guid",
    offset: "decimal",
    offsetGLCode: "string",
    createdBy: "guid",
    createdByUserName: "string",
    dateCreated: "date-time",
    lastUpdated: "date-time",
    lastUpdatedBy: "guid",
    lastUpdatedByUserName: "string",
    dateSubmitted: "date-time",
    submittedBy: "guid",
    submittedByUserName: "string",
    projectNoId: "guid",
    projectNo: "string",
    projectNoDescription: "string",
  },
};

/** Fixed namespace of AP invoice ids (a random v4 UUID chosen once; never change it). */
export const AP_INVOICE_ID_NAMESPACE = "07d589d2-8f8d-48d6-8460-b24dbf74b9fa";

/**
 * The `apMatchedInvoiceId` of the invoice `invoiceNo` of `vendorNo` in `orgId`: a version 5 UUID
 * of the natural key, so every path that first creates the invoice (an INVOICE item applied twice
 * after a crash, a hand entry) gives it the same id.
 */
export const apInvoiceIdOf = (orgId: OrganizationId, vendorNo: string, invoiceNo: string): string =>
  uuidV5(AP_INVOICE_ID_NAMESPACE, JSON.stringify([orgId, vendorNo, invoiceNo]));

/** When and by whom a change is made. */
export interface ApStamp {
  readonly at: Instant;
  readonly actor: Actor;
}

const updatedBy = ({ at, actor }: ApStamp) => ({ lastUpdated: at, lastUpdatedBy: actor.id, lastUpdatedByUserName: actor.name });

/** An invoice first created from `data`. */
export const newApInvoice = (apMatchedInvoiceId: string, data: ApInvoiceData, stamp: ApStamp): ApInvoice => ({
  apMatchedInvoiceId,
  ...data,
  createdBy: stamp.actor.id,
  createdByUserName: stamp.actor.name,
  dateCreated: stamp.at,
  ...updatedBy(stamp),
});

/** True when the invoice belongs to an AP batch and only the batch may change it. */
export const apInvoiceIsLocked = (invoice: Pick<ApInvoice, "matchedInvoiceStatus">): boolean =>
  invoice.matchedInvoiceStatus === "Batched" || invoice.matchedInvoiceStatus === "Exported";

/** Vouchered and in no batch: the only invoices an AP batch accepts. */
export const apInvoiceCanJoinBatch = (invoice: Pick<ApInvoice, "matchedInvoiceStatus" | "apBatchId">): boolean =>
  invoice.matchedInvoiceStatus === "Vouchered" && invoice.apBatchId === undefined;

const isDecimal = (u: unknown): u is Decimal.Decimal =>
  typeof u === "object" && u !== null && (u as { readonly _tag?: unknown })._tag === "Decimal";

const sameValue = (a: unknown, b: unknown): boolean => (isDecimal(a) && isDecimal(b) ? Decimal.equals(a, b) : a === b);

/** True when the invoice already holds exactly `data` (every data property, absent ones included). */
export const apInvoiceHoldsData = (invoice: ApInvoice, data: ApInvoiceData): boolean =>
  dataKeys.every((key) => sameValue(invoice[key], data[key]));

export type ApInvoiceUpsert =
  | { readonly _tag: "Inserted"; readonly invoice: ApInvoice }
  | { readonly _tag: "Updated"; readonly invoice: ApInvoice }
  /** The invoice already held this data: nothing written, not even `lastUpdated` (idempotency). */
  | { readonly _tag: "Unchanged"; readonly invoice: ApInvoice }
  /** Batched or Exported: left as it is. */
  | { readonly _tag: "Locked"; readonly invoice: ApInvoice };

/**
 * What upserting `data` does to the stored invoice (absent when new): the record replaces every
 * data property (a property it leaves out is cleared), while the id, the creation fields and the
 * batch membership stay. New invoices take `newId`.
 */
export const upsertApInvoice = (existing: ApInvoice | undefined, newId: string, data: ApInvoiceData, stamp: ApStamp): ApInvoiceUpsert => {
  if (existing === undefined) return { _tag: "Inserted", invoice: newApInvoice(newId, data, stamp) };
  if (apInvoiceIsLocked(existing)) return { _tag: "Locked", invoice: existing };
  if (apInvoiceHoldsData(existing, data)) return { _tag: "Unchanged", invoice: existing };
  return {
    _tag: "Updated",
    invoice: {
      apMatchedInvoiceId: existing.apMatchedInvoiceId,
      ...data,
      createdBy: existing.createdBy,
      createdByUserName: existing.createdByUserName,
      dateCreated: existing.dateCreated,
      ...updatedBy(stamp),
    },
  };
};

/** A Vouchered invoice in no batch joins the batch and becomes Batched; None for any other invoice. */
export const batchApInvoice = (
  invoice: ApInvoice,
  batch: { readonly apBatchId: string; readonly apBatchNo: string },
  stamp: ApStamp,
): Option.Option<ApInvoice> =>
  apInvoiceCanJoinBatch(invoice)
    ? Option.some({
        ...invoice,
        matchedInvoiceStatusId: 4,
        matchedInvoiceStatus: "Batched",
        apBatchId: batch.apBatchId,
        apBatchNo: batch.apBatchNo,
        dateSubmitted: stamp.at,
        submittedBy: stamp.actor.id,
        submittedByUserName: stamp.actor.name,
        ...updatedBy(stamp),
      })
    : Option.none();

/** A Batched invoice of `apBatchId` leaves it and is Vouchered again; None for any other invoice. */
export const unbatchApInvoice = (invoice: ApInvoice, apBatchId: string, stamp: ApStamp): Option.Option<ApInvoice> => {
  if (invoice.matchedInvoiceStatus !== "Batched" || invoice.apBatchId !== apBatchId) return Option.none();
  const { apBatchId: _id, apBatchNo: _no, dateSubmitted: _at, submittedBy: _by, submittedByUserName: _name, ...rest } = invoice;
  return Option.some({ ...rest, matchedInvoiceStatusId: 3, matchedInvoiceStatus: "Vouchered", ...updatedBy(stamp) });
};

/** A Batched invoice of `apBatchId` becomes Exported with its batch; None for any other invoice. */
export const exportApInvoice = (invoice: ApInvoice, apBatchId: string, stamp: ApStamp): Option.Option<ApInvoice> =>
  invoice.matchedInvoiceStatus === "Batched" && invoice.apBatchId === apBatchId
    ? Option.some({ ...invoice, matchedInvoiceStatusId: 5, matchedInvoiceStatus: "Exported", ...updatedBy(stamp) })
    : Option.none();

/** The invoice as seed 001 JSON (money as numbers, absent properties left out). */
export const encodeApInvoice = Schema.encodeSync(ApInvoice);
