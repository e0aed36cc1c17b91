import { sql, type Kysely } from "kysely";

/**
 * The indexes `/odata` queries on AP invoices need (ADR 0018), kept apart from the table's own
 * migration because the ingest storage of invoices may change on its own:
 * - `invoice_no` for `eq` and `startswith` (a code point range) without the vendor;
 * - `vendor_no, invoice_no, ap_matched_invoice_id`: `$orderby=vendorNo,invoiceNo` with the key as
 *   the tie-breaker, read in index order (deep `$skip` walks the index, no sort);
 * - an FTS5 trigram table over every string column (external content, kept by triggers): a
 *   prefilter for `contains` and `$search`, which otherwise scan every row. FTS5 folds ASCII case,
 *   so one table serves both; the exact test stays in the query.
 */
export const TEXT_COLUMNS = [
  "purchase_order_no", "po_type", "facility_no", "facility_name", "location_no", "location_name", "vendor_no", "vendor_name",
  "invoice_no", "matched_invoice_status", "remit_to_no", "remit_to_description", "remit_to_vendor_no", "credit_card_id",
  "credit_card_id_description", "reference", "notes", "tracking_code", "cer_no", "cer_no_description", "tax_expense_gl_code",
  "tax_accrual_gl_code", "discount_gl_code", "ap_batch_no", "tax_code", "offset_gl_code", "created_by_user_name",
  "last_updated_by_user_name", "submitted_by_user_name", "project_no", "project_no_description",
] as const;

export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema.createIndex("ap_invoices_invoice_no_idx").on("ap_invoices").columns(["org_id", "invoice_no"]).execute();
  await db.schema.createIndex("ap_invoices_vendor_order_idx").on("ap_invoices").columns(["org_id", "vendor_no", "invoice_no", "ap_matched_invoice_id"]).execute();
  const cols = TEXT_COLUMNS.join(", ");
  const news = TEXT_COLUMNS.map((c) => `new.${c}`).join(", ");
  const olds = TEXT_COLUMNS.map((c) => `old.${c}`).join(", ");
  await sql.raw(`create virtual table ap_invoices_search using fts5(${cols}, content='ap_invoices', content_rowid='rowid', tokenize='trigram')`).execute(db);
  await sql.raw(`insert into ap_invoices_search(ap_invoices_search) values ('rebuild')`).execute(db);
  await sql.raw(`create trigger ap_invoices_search_ai after insert on ap_invoices begin insert into ap_invoices_search(rowid, ${cols}) values (new.rowid, ${news}); end`).execute(db);
  await sql
    .raw(`create trigger ap_invoices_search_ad after delete on ap_invoices begin insert into ap_invoices_search(ap_invoices_search, rowid, ${cols}) values ('delete', old.rowid, ${olds}); end`)
    .execute(db);
  await sql
    .raw(
      `create trigger ap_invoices_search_au after update on ap_invoices begin ` +
        `insert into ap_invoices_search(ap_invoices_search, rowid, ${cols}) values ('delete', old.rowid, ${olds}); ` +
        `insert into ap_invoices_search(rowid, ${cols}) values (new.rowid, ${news}); end`,
    )
    .execute(db);
};
