/**
 * AP invoices over MemoryDb, with the SQL store's guarantees: unique per organization by id and
 * by `invoiceNo` + `vendorNo`, and every change made by the pure functions of the core's
 * ap-invoice.ts on the invoice as stored at that moment (a conditional write), so an invoice
 * never joins two batches and a batched invoice is never overwritten by an upload.
 */
import { Effect, Option } from "effect";
import {
  AP_INVOICE_KEY_CONSTRAINT,
  apInvoiceCatalogue,
  batchApInvoice,
  exportApInvoice,
  unbatchApInvoice,
  UniqueConflict,
  upsertApInvoice,
  type ApInvoice,
  type ApInvoiceStore,
  type ApInvoiceUpsert,
  type OrganizationId,
} from "@batch/core";
import { runCollectionQuery } from "./collection-query";
import { table, type MemoryDb } from "./memory-db";

interface ApInvoiceRow {
  readonly orgId: OrganizationId;
  readonly invoice: ApInvoice;
}

const INVOICES = "ap_invoices";
const idKey = (orgId: OrganizationId, id: string) => JSON.stringify([orgId, id]);

export const makeMemoryApInvoiceStore = (db: MemoryDb): ApInvoiceStore => {
  const rows = () => table<ApInvoiceRow>(db, INVOICES);
  const ofOrg = (orgId: OrganizationId) => [...rows().values()].filter((row) => row.orgId === orgId).map((row) => row.invoice);
  const byKey = (orgId: OrganizationId, vendorNo: string, invoiceNo: string) =>
    ofOrg(orgId).find((invoice) => invoice.vendorNo === vendorNo && invoice.invoiceNo === invoiceNo);
  const read = (orgId: OrganizationId, id: string) => rows().get(idKey(orgId, id))?.invoice;
  const write = (orgId: OrganizationId, invoice: ApInvoice) => rows().set(idKey(orgId, invoice.apMatchedInvoiceId), { orgId, invoice });
  /** Applies `change` to the stored invoice and writes the result, if any. */
  const update = (orgId: OrganizationId, id: string, change: (invoice: ApInvoice) => Option.Option<ApInvoice>) =>
    Effect.sync(() => {
      const changed = Option.flatMap(Option.fromNullable(read(orgId, id)), change);
      Option.map(changed, (invoice) => write(orgId, invoice));
      return changed;
    });

  return {
    get: (orgId, id) => Effect.sync(() => Option.fromNullable(read(orgId, id))),
    findByKey: (orgId, { vendorNo, invoiceNo }) => Effect.sync(() => Option.fromNullable(byKey(orgId, vendorNo, invoiceNo))),
    insert: (orgId, invoice) =>
      Effect.suspend(() =>
        read(orgId, invoice.apMatchedInvoiceId) !== undefined || byKey(orgId, invoice.vendorNo, invoice.invoiceNo) !== undefined
          ? Effect.fail(
              new UniqueConflict({
                constraint: AP_INVOICE_KEY_CONSTRAINT,
                message: `invoice "${invoice.invoiceNo}" of vendor "${invoice.vendorNo}" exists in this organization`,
              }),
            )
          : Effect.sync(() => void write(orgId, invoice)),
      ),
    upsertFromRecords: (orgId, requests, stamp) =>
      Effect.sync(() =>
        requests.map(({ apMatchedInvoiceId, data }): ApInvoiceUpsert => {
          const outcome = upsertApInvoice(byKey(orgId, data.vendorNo, data.invoiceNo), apMatchedInvoiceId, data, stamp);
          if (outcome._tag === "Inserted" || outcome._tag === "Updated") write(orgId, outcome.invoice);
          return outcome;
        }),
      ),
    addToBatch: (orgId, id, batch, stamp) => update(orgId, id, (invoice) => batchApInvoice(invoice, batch, stamp)),
    removeFromBatch: (orgId, id, apBatchId, stamp) => update(orgId, id, (invoice) => unbatchApInvoice(invoice, apBatchId, stamp)),
    exportBatch: (orgId, apBatchId, ids, stamp) =>
      Effect.forEach(ids, (id) => update(orgId, id, (invoice) => exportApInvoice(invoice, apBatchId, stamp))).pipe(
        Effect.map((changed) => changed.flatMap((o) => (Option.isSome(o) ? [o.value] : []))),
      ),
    query: (orgId, query, scope) =>
      Effect.sync(() =>
        runCollectionQuery(
          apInvoiceCatalogue,
          ofOrg(orgId).filter((invoice) => scope?.apBatchId === undefined || invoice.apBatchId === scope.apBatchId),
          query,
        ),
      ),
  };
};
