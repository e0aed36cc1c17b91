import type { Kysely } from "kysely";

/**
 * ERP batches (seed 000) and their items, kept out of the batch state so a batch of a million
 * items stays a small row; and the master data inbound batches upsert: companies, company codes,
 * purchase orders. `created_at` is the batch's createdAt text, which listings order by.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable("erp_batches")
    .addColumn("batch_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("direction", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("payload_object_type", "text", (c) => c.notNull())
    .addColumn("client_ref_id", "text")
    .addColumn("reference_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("erp_batches_pkey", ["org_id", "batch_id"])
    // Outbound batches have no client reference: NULLs never clash in a unique key.
    .addUniqueConstraint("erp_batches_client_reference_key", ["org_id", "client_ref_id", "reference_id"])
    .execute();
  await db.schema.createIndex("erp_batches_created_idx").on("erp_batches").columns(["org_id", "created_at", "batch_id"]).execute();
  await db.schema.createIndex("erp_batches_status_idx").on("erp_batches").columns(["org_id", "status", "created_at"]).execute();

  await db.schema
    .createTable("erp_batch_items")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("batch_id", "text", (c) => c.notNull())
    .addColumn("item_number", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("key", "text")
    .addColumn("errors", "jsonb", (c) => c.notNull())
    .addColumn("payload", "jsonb")
    .addColumn("acknowledged_at", "text")
    .addPrimaryKeyConstraint("erp_batch_items_pkey", ["org_id", "batch_id", "item_number"])
    .execute();
  await db.schema.createIndex("erp_batch_items_status_idx").on("erp_batch_items").columns(["org_id", "batch_id", "status", "item_number"]).execute();

  for (const [table, key] of [
    ["erp_companies", "reference_id"],
    ["erp_company_codes", "reference_id"],
    ["erp_purchase_orders", "purchase_order_no"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn("org_id", "text", (c) => c.notNull())
      .addColumn(key, "text", (c) => c.notNull())
      .addColumn("data", "jsonb", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pkey`, ["org_id", key] as never)
      .execute();
  }
};
