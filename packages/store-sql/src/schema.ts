/**
 * The tables as kysely sees them, one interface for both dialects. Column values have the same
 * JavaScript shape on both (dialects/postgres.ts aligns pg's parsers with SQLite): exact decimals
 * are text, instants ISO 8601 UTC strings, JSON documents text, booleans written as 0/1 and read
 * through `columns.ts`.
 */
import type { ColumnType, Generated } from "kysely";

/** An ISO 8601 UTC instant: `timestamptz` on PostgreSQL, normalised text on SQLite (so text order is time order). */
export type InstantColumn = string;
/**
 * A JSON document: `jsonb` on PostgreSQL (`json` where the text is handed out as written: outbound
 * payloads, whose key order `jsonb` would sort), text on SQLite. Written and read as text.
 */
export type JsonColumn = string;

export interface JobsTable {
  /** Identity: the job id is this number as text, and claim order is its order. */
  readonly job_id: Generated<number>;
  readonly org_id: string;
  readonly kind: string;
  readonly subject_id: string;
  readonly enqueued_at: InstantColumn;
  readonly worker_id: string | null;
  readonly lease_expires_at: InstantColumn | null;
  readonly attempts: Generated<number>;
  readonly last_error: string | null;
}

/** Every aggregate save appends its events here in the same transaction (audit trail, outbox). */
export interface EventsTable {
  readonly seq: Generated<number>;
  readonly org_id: string;
  readonly aggregate_type: string;
  readonly aggregate_id: string;
  /** The aggregate's version after the save that recorded the event. */
  readonly version: number;
  readonly event_type: string;
  /** The event's `at`, when it carries one. */
  readonly occurred_at: InstantColumn | null;
  readonly payload: JsonColumn;
}

/** Autonumbers per organization (payment batch keys per company, batch process ids, ...). */
export interface CountersTable {
  readonly org_id: string;
  readonly name: string;
  readonly value: ColumnType<number, number, number>;
}

/**
 * A table whose rows hold an entity's catalogue properties, one column each (property-columns.ts),
 * beside the columns named here. Written and read through the property column maps, which the
 * store tests check against both dialects' migrations.
 */
export type EntityTable<Columns> = Columns & { readonly [propertyColumn: string]: unknown };

/** The columns every aggregate table starts with; the state is JSON, queried properties have columns of their own. */
export interface AggregateColumns {
  readonly org_id: string;
  readonly version: number;
  readonly state: JsonColumn;
}

export type ApBatchesTable = EntityTable<AggregateColumns & { readonly ap_batch_id: string; readonly batch_no: string }>;
export type ApInvoicesTable = EntityTable<{ readonly org_id: string; readonly ap_matched_invoice_id: string; readonly vendor_no: string; readonly invoice_no: string }>;

export type BatchProcessesTable = EntityTable<AggregateColumns & { readonly id: number; readonly job_id: string | null; readonly parent_id: number | null }>;

/** A record table: the organization, the columns named here, and the rest of the value as JSON in `data`. */
export type RecordTableOf<Columns> = EntityTable<{ readonly org_id: string; readonly data: JsonColumn } & Columns>;

export interface Database {
  readonly jobs: JobsTable;
  readonly events: EventsTable;
  readonly counters: CountersTable;
  readonly ap_batches: ApBatchesTable;
  readonly ap_invoices: ApInvoicesTable;
  readonly batch_processes: BatchProcessesTable;
  readonly receivable_customers: RecordTableOf<{ readonly customerno: string; readonly balance: string; readonly updated_at: string }>;
  readonly receivable_documents: RecordTableOf<{
    readonly customer_number: string;
    readonly invoice_number: string;
    readonly document_type: string;
    readonly status: string;
    readonly applied_to_balance: string;
    readonly updated_at: string;
  }>;
  readonly receivable_line_items: RecordTableOf<{ readonly customer_number: string; readonly invoice_number: string; readonly line_number: number }>;
  readonly payment_batches: EntityTable<AggregateColumns & { readonly id: string; readonly company: string; readonly payment_batch_key: number }>;
  readonly payment_batch_lines: {
    readonly payment_batch_id: string;
    readonly line_id: string;
    readonly org_id: string;
    readonly position: number;
    readonly status: string;
    readonly party: string;
    readonly source_doc: string | null;
    readonly transfer_amount: string;
    readonly currency: string;
    readonly export_transaction_id: string | null;
    readonly export_transaction_group_id: string | null;
  };
  readonly financial_accounts: RecordTableOf<{ readonly key: string }>;
  readonly custom_attribute_definitions: RecordTableOf<{ readonly name: string }>;
  readonly payment_requests: RecordTableOf<{ readonly reference_id: string }>;
  readonly bank_statement_entries: RecordTableOf<{ readonly entry_key: string; readonly statement_id: string }>;
  readonly payment_files: RecordTableOf<{ readonly payment_batch_id: string }>;
  readonly erp_batches: EntityTable<
    AggregateColumns & {
      readonly batch_id: string;
      readonly direction: string;
      readonly status: string;
      readonly payload_object_type: string;
      readonly client_ref_id: string | null;
      readonly reference_id: string | null;
      readonly created_at: string;
      readonly updated_at: string;
    }
  >;
  readonly erp_batch_items: {
    readonly org_id: string;
    readonly batch_id: string;
    readonly item_number: number;
    readonly status: string;
    readonly key: string | null;
    readonly errors: JsonColumn;
    /** An outbound item's record, kept in the field order it was written (`json` on PostgreSQL, migration 0008). */
    readonly payload: JsonColumn | null;
    readonly acknowledged_at: string | null;
  };
  readonly erp_companies: RecordTableOf<{ readonly reference_id: string }>;
  readonly erp_company_codes: RecordTableOf<{ readonly reference_id: string }>;
  readonly erp_purchase_orders: RecordTableOf<{ readonly purchase_order_no: string }>;
}
