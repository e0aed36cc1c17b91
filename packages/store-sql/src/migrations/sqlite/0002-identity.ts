import type { Kysely } from "kysely";

/**
 * Tenants, organizations, API clients (secrets only as hashes) and the service's own secrets
 * (token signing and signed-URL keys shared by every process on the database).
 * Instants are normalised ISO 8601 text, booleans 0/1, lists and maps JSON text.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable("tenants")
    .addColumn("tenant_key", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("organizations")
    .addColumn("org_id", "text", (c) => c.primaryKey())
    .addColumn("tenant_key", "text", (c) => c.notNull().references("tenants.tenant_key"))
    .addColumn("org_key", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("organizations_org_key_key", ["tenant_key", "org_key"])
    .execute();

  await db.schema
    .createTable("api_clients")
    .addColumn("client_id", "text", (c) => c.primaryKey())
    .addColumn("api_key", "text", (c) => c.notNull().unique())
    .addColumn("secret_hash", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("tenant_key", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.org_id"))
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("default_formats", "text", (c) => c.notNull())
    .addColumn("revoked", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("api_clients_org_idx").on("api_clients").columns(["org_id", "created_at"]).execute();

  await db.schema
    .createTable("service_secrets")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
};
