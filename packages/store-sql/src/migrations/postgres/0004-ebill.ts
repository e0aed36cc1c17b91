import type { Kysely } from "kysely";

/**
 * Batch processes (seed 004 and the JSON upload of seed 002) and the receivable books they write:
 * customers, receivable documents, line items. Columns hold what is looked up or changed in SQL;
 * the rest of each value is the JSON in `data` (`state` for the aggregate). Timestamps a bulk update
 * sets are kept as the exact ISO text the caller gave.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable("batch_processes")
    .addColumn("id", "bigint", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("job_id", "text")
    .addColumn("parent_id", "bigint")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("operation", "text", (c) => c.notNull())
    .addColumn("sub_operation", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("batch_processes_pkey", ["org_id", "id"])
    // NULL job ids (BatchInit steps) do not clash: both databases treat NULLs in a unique key as distinct.
    .addUniqueConstraint("batch_processes_job_id_key", ["org_id", "job_id"])
    .execute();
  await db.schema.createIndex("batch_processes_parent_idx").on("batch_processes").columns(["org_id", "parent_id", "id"]).execute();

  await db.schema
    .createTable("receivable_customers")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("customerno", "text", (c) => c.notNull())
    .addColumn("balance", "numeric", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("receivable_customers_pkey", ["org_id", "customerno"])
    .execute();

  await db.schema
    .createTable("receivable_documents")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("customer_number", "text", (c) => c.notNull())
    .addColumn("invoice_number", "text", (c) => c.notNull())
    .addColumn("document_type", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("applied_to_balance", "numeric", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("receivable_documents_pkey", ["org_id", "customer_number", "invoice_number"])
    .execute();
  await db.schema.createIndex("receivable_documents_status_idx").on("receivable_documents").columns(["org_id", "status", "document_type"]).execute();

  await db.schema
    .createTable("receivable_line_items")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("customer_number", "text", (c) => c.notNull())
    .addColumn("invoice_number", "text", (c) => c.notNull())
    .addColumn("line_number", "integer", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("receivable_line_items_pkey", ["org_id", "customer_number", "invoice_number", "line_number"])
    .execute();
};
