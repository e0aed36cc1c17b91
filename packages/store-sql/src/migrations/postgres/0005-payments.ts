import type { Kysely } from "kysely";

/**
 * Payment batches (seed 003) with their lines in a table of their own (looked up by the bank's
 * answers: EndToEndId, sourceDoc), rewritten with each save and removed with the batch; and the
 * payment records: financial accounts, custom attribute definitions, payment requests, bank
 * statement entries, the last payment file of each batch.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable("payment_batches")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("company", "text", (c) => c.notNull())
    .addColumn("payment_batch_key", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("total_amount", "numeric", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_updated", "text", (c) => c.notNull())
    .addUniqueConstraint("payment_batches_company_key", ["org_id", "company", "payment_batch_key"])
    .execute();

  await db.schema
    .createTable("payment_batch_lines")
    .addColumn("payment_batch_id", "text", (c) => c.notNull().references("payment_batches.id").onDelete("cascade"))
    .addColumn("line_id", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("party", "text", (c) => c.notNull())
    .addColumn("source_doc", "text")
    .addColumn("transfer_amount", "numeric", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("export_transaction_id", "text")
    .addPrimaryKeyConstraint("payment_batch_lines_pkey", ["payment_batch_id", "line_id"])
    .execute();
  await db.schema.createIndex("payment_batch_lines_e2e_idx").on("payment_batch_lines").columns(["org_id", "export_transaction_id"]).execute();
  await db.schema.createIndex("payment_batch_lines_source_doc_idx").on("payment_batch_lines").columns(["org_id", "source_doc"]).execute();

  await db.schema
    .createTable("financial_accounts")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("financial_accounts_pkey", ["org_id", "key"])
    .execute();
  await db.schema
    .createTable("custom_attribute_definitions")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("custom_attribute_definitions_pkey", ["org_id", "name"])
    .execute();
  await db.schema
    .createTable("payment_requests")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("reference_id", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("payment_requests_pkey", ["org_id", "reference_id"])
    .execute();
  await db.schema
    .createTable("bank_statement_entries")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("entry_key", "text", (c) => c.notNull())
    .addColumn("statement_id", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("bank_statement_entries_pkey", ["org_id", "entry_key"])
    .execute();
  await db.schema.createIndex("bank_statement_entries_statement_idx").on("bank_statement_entries").columns(["org_id", "statement_id", "entry_key"]).execute();
  await db.schema
    .createTable("payment_files")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("payment_batch_id", "text", (c) => c.notNull())
    .addColumn("data", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("payment_files_pkey", ["org_id", "payment_batch_id"])
    .execute();
};
