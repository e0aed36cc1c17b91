import type { Kysely } from "kysely";

/** Idempotency-Key records of creating POSTs: the first request's fingerprint and response, per organization and key. */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable("idempotency_keys")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("response_status", "integer", (c) => c.notNull())
    .addColumn("response_headers", "text", (c) => c.notNull())
    .addColumn("response_body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pkey", ["org_id", "idempotency_key"])
    .execute();
  await db.schema.createIndex("idempotency_keys_created_idx").on("idempotency_keys").column("created_at").execute();
};
