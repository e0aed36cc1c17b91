import type { Effect, Option } from "effect";
import type { ApInvoice, ApInvoiceData, ApInvoiceUpsert, ApStamp } from "../ap-batch";
import type { OrganizationId } from "../kernel";
import type { CollectionQuery, QueryResult } from "./collection-query";
import type { StoreUnavailable, UniqueConflict } from "./errors";

/** The unique constraint on an organization's `invoiceNo` + `vendorNo` (and on `apMatchedInvoiceId`). */
export const AP_INVOICE_KEY_CONSTRAINT = "ap_invoices.vendor_no_invoice_no";

/** One record to upsert: its data and the id the invoice takes if it is new. */
export interface ApInvoiceUpsertRequest {
  readonly apMatchedInvoiceId: string;
  readonly data: ApInvoiceData;
}

/**
 * AP invoices of an organization, keyed by `apMatchedInvoiceId` and unique by `invoiceNo` +
 * `vendorNo`. Every change is one of the pure functions of ap-invoice.ts applied to the stored
 * invoice, performed atomically (SQL: a conditional UPDATE / INSERT ... ON CONFLICT), so a
 * concurrent unit of work can never put an invoice in two batches or overwrite a batched one.
 * Used inside a unit of work; nothing is written when the unit of work fails.
 */
export interface ApInvoiceStore {
  /** The invoice of this organization, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, apMatchedInvoiceId: string) => Effect.Effect<Option.Option<ApInvoice>, StoreUnavailable>;
  /** The invoice of this organization with this natural key (exact match), or None. Fails with StoreUnavailable. */
  readonly findByKey: (
    orgId: OrganizationId,
    key: { readonly vendorNo: string; readonly invoiceNo: string },
  ) => Effect.Effect<Option.Option<ApInvoice>, StoreUnavailable>;
  /**
   * Stores a new invoice. Fails with UniqueConflict (constraint AP_INVOICE_KEY_CONSTRAINT) when its
   * id or `invoiceNo` + `vendorNo` exists in the organization, StoreUnavailable.
   */
  readonly insert: (orgId: OrganizationId, invoice: ApInvoice) => Effect.Effect<void, UniqueConflict | StoreUnavailable>;
  /**
   * Upserts records by `invoiceNo` + `vendorNo`, in order, with `upsertApInvoice`: a new invoice
   * takes the request's id; an existing one keeps its id and creation fields and takes the data,
   * unless it is Batched or Exported (Locked: unchanged) or already holds that data (Unchanged:
   * not even `lastUpdated` moves). Two requests for the same key in one call apply one after the
   * other. Returns one outcome per request, in order. Fails with StoreUnavailable.
   */
  readonly upsertFromRecords: (
    orgId: OrganizationId,
    requests: ReadonlyArray<ApInvoiceUpsertRequest>,
    stamp: ApStamp,
  ) => Effect.Effect<ReadonlyArray<ApInvoiceUpsert>, StoreUnavailable>;
  /**
   * `batchApInvoice`: the invoice joins the batch only if it is Vouchered and in no batch at the
   * moment of writing. Returns the updated invoice, or None when the invoice is absent or was not
   * in that state (nothing written). Fails with StoreUnavailable.
   */
  readonly addToBatch: (
    orgId: OrganizationId,
    apMatchedInvoiceId: string,
    batch: { readonly apBatchId: string; readonly apBatchNo: string },
    stamp: ApStamp,
  ) => Effect.Effect<Option.Option<ApInvoice>, StoreUnavailable>;
  /**
   * `unbatchApInvoice`: a Batched invoice of `apBatchId` is Vouchered again and in no batch.
   * Returns the updated invoice, or None when it was not Batched in that batch (nothing written).
   * Fails with StoreUnavailable.
   */
  readonly removeFromBatch: (
    orgId: OrganizationId,
    apMatchedInvoiceId: string,
    apBatchId: string,
    stamp: ApStamp,
  ) => Effect.Effect<Option.Option<ApInvoice>, StoreUnavailable>;
  /**
   * `exportApInvoice` on every listed invoice that is Batched in `apBatchId`. Returns the exported
   * invoices in the order of `apMatchedInvoiceIds`, leaving out any that was not Batched in that
   * batch. Fails with StoreUnavailable.
   */
  readonly exportBatch: (
    orgId: OrganizationId,
    apBatchId: string,
    apMatchedInvoiceIds: ReadonlyArray<string>,
    stamp: ApStamp,
  ) => Effect.Effect<ReadonlyArray<ApInvoice>, StoreUnavailable>;
  /**
   * The organization's invoices (only those of `apBatchId` when given), filtered, searched, sorted
   * and paged by a query already checked against `apInvoiceCatalogue`. Fails with StoreUnavailable.
   */
  readonly query: (
    orgId: OrganizationId,
    query: CollectionQuery,
    scope?: { readonly apBatchId?: string },
  ) => Effect.Effect<QueryResult<ApInvoice>, StoreUnavailable>;
}
