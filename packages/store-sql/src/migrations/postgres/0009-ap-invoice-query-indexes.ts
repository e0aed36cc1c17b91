import { sql, type Kysely } from "kysely";
import { lowerConcatenation } from "../../dialects/postgres";

/**
 * The indexes `/odata` queries on AP invoices need (ADR 0018), kept apart from the table's own
 * migration because the ingest storage of invoices may change on its own:
 * - `invoice_no` in code point order ("C") for `eq` and `startswith` (a range) without the vendor;
 * - `vendor_no, invoice_no, ap_matched_invoice_id` in "C" order, nulls first, exactly as
 *   `$orderby=vendorNo,invoiceNo` sorts, so deep `$skip` walks the index instead of sorting;
 * - a pg_trgm GIN index on the lower-cased string columns: a prefilter for `contains` and
 *   `$search` (the exact test stays in the query). pg_trgm is installed in `public` when the
 *   server ships it; without it the index is left out and those queries scan, still correct.
 */
export const TEXT_COLUMNS = [
  "purchase_order_no", "po_type", "facility_no", "facility_name", "location_no", "location_name", "vendor_no", "vendor_name",
  "invoice_no", "matched_invoice_status", "remit_to_no", "remit_to_description", "remit_to_vendor_no", "credit_card_id",
  "credit_card_id_description", "reference", "notes", "tracking_code", "cer_no", "cer_no_description", "tax_expense_gl_code",
  "tax_accrual_gl_code", "discount_gl_code", "ap_batch_no", "tax_code", "offset_gl_code", "created_by_user_name",
  "last_updated_by_user_name", "submitted_by_user_name", "project_no", "project_no_description",
] as const;

export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`create index ap_invoices_invoice_no_idx on ap_invoices (org_id, invoice_no collate "C")`.execute(db);
  await sql`create index ap_invoices_vendor_order_idx on ap_invoices (org_id, vendor_no collate "C" nulls first, invoice_no collate "C" nulls first, ap_matched_invoice_id collate "C" nulls first)`.execute(db);
  // The extension is one per database: schemas migrating at once (tests, several services) take turns.
  await sql`select pg_advisory_xact_lock(hashtext('batchport.pg_trgm'))`.execute(db);
  const { rows } = await sql<{ installed: boolean }>`select exists (select 1 from pg_extension where extname = 'pg_trgm') as installed`.execute(db);
  if (rows[0]?.installed !== true) {
    const { rows: available } = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
    if ((available[0]?.n ?? 0) === 0) return;
    await sql`create extension if not exists pg_trgm schema public`.execute(db);
  }
  const { rows: schema } = await sql<{ nspname: string }>`select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  const opclass = `${schema[0]?.nspname ?? "public"}.gin_trgm_ops`;
  await sql`create index ap_invoices_text_trgm_idx on ap_invoices using gin ((${lowerConcatenation(TEXT_COLUMNS)}) ${sql.raw(opclass)})`.execute(db);
};
