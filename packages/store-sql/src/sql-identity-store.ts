/**
 * IdentityStore on SQLite or PostgreSQL. Its tables (migration 0002-identity) are declared here
 * rather than in `schema.ts`: nothing else reads them. Each member is one statement on the root
 * session, outside any unit of work. Scopes and default formats are JSON text; a stored value
 * that does not read back is reported as StoreUnavailable, not passed on half-read.
 */
import { Effect, Option } from "effect";
import type { Selectable } from "kysely";
import type { ApiClient, IdentityStore, Organization, OrganizationId, PayloadFormat, PayloadObjectType, Scope, Tenant } from "@batch/core";
import { booleanFromColumn, booleanToColumn, instantToColumn } from "./columns";
import type { SqlDatabase, SqlSession } from "./dialects/dialect";
import { storeUnavailable } from "./dialects/errors";
import { guardedWrite, query } from "./store-effect";

export interface TenantsTable {
  readonly tenant_key: string;
  readonly name: string;
  readonly created_at: string;
}

export interface OrganizationsTable {
  readonly org_id: string;
  readonly tenant_key: string;
  readonly org_key: string;
  readonly name: string;
  readonly created_at: string;
}

export interface ApiClientsTable {
  readonly client_id: string;
  readonly api_key: string;
  readonly secret_hash: string;
  readonly name: string;
  readonly tenant_key: string;
  readonly org_id: string;
  readonly scopes: string;
  readonly default_formats: string;
  readonly revoked: number | boolean;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

export interface ServiceSecretsTable {
  readonly name: string;
  readonly value: string;
}

// A type alias, not an interface: kysely's `withTables` needs an indexable record type.
export type IdentityTables = {
  readonly tenants: TenantsTable;
  readonly organizations: OrganizationsTable;
  readonly api_clients: ApiClientsTable;
  readonly service_secrets: ServiceSecretsTable;
};

/** Derived key names (dialects/errors.ts) to the constraint names the port promises. */
const CONFLICT_NAMES: Readonly<Record<string, string>> = {
  "tenants.tenant_key": "tenants.key",
  "organizations.org_key": "organizations.key",
  "organizations.org_id": "organizations.id",
  "api_clients.client_id": "api_clients.id",
  "api_clients.api_key": "api_clients.api_key",
};

const tenantOf = (row: Selectable<TenantsTable>): Tenant => ({ key: row.tenant_key, name: row.name, createdAt: instantToColumn(row.created_at) });

const organizationOf = (row: Selectable<OrganizationsTable>): Organization => ({
  id: row.org_id as OrganizationId,
  tenantKey: row.tenant_key,
  key: row.org_key,
  name: row.name,
  createdAt: instantToColumn(row.created_at),
});

const clientOf = (row: Selectable<ApiClientsTable>): ApiClient => ({
  id: row.client_id,
  apiKey: row.api_key,
  secretHash: row.secret_hash,
  name: row.name,
  tenantKey: row.tenant_key,
  orgId: row.org_id as OrganizationId,
  scopes: JSON.parse(row.scopes) as ReadonlyArray<Scope>,
  defaultFormats: JSON.parse(row.default_formats) as Partial<Record<PayloadObjectType, PayloadFormat>>,
  revoked: booleanFromColumn(row.revoked),
  createdAt: instantToColumn(row.created_at),
  ...(row.revoked_at === null ? {} : { revokedAt: instantToColumn(row.revoked_at) }),
});

/** Reads rows into domain values; a row that does not read back is the store's failure. */
const read = <R, A>(what: string, rows: Effect.Effect<R, ReturnType<typeof storeUnavailable>>, convert: (rows: R) => A) =>
  Effect.flatMap(rows, (r) =>
    Effect.try({
      try: () => convert(r),
      catch: (cause) => storeUnavailable(`reading ${what}`, cause),
    }),
  );

export const makeSqlIdentityStore = (database: SqlDatabase): IdentityStore => {
  const db = database.db.withTables<IdentityTables>();
  const session: SqlSession = database;

  return {
    createTenant: (tenant) =>
      guardedWrite(
        session,
        "creating a tenant",
        () => db.insertInto("tenants").values({ tenant_key: tenant.key, name: tenant.name, created_at: instantToColumn(tenant.createdAt) }).execute(),
        CONFLICT_NAMES,
      ).pipe(Effect.asVoid),

    findTenant: (key) =>
      read("a tenant", query("reading a tenant", () => db.selectFrom("tenants").selectAll().where("tenant_key", "=", key).executeTakeFirst()), (row) =>
        Option.map(Option.fromNullable(row), tenantOf),
      ),

    listTenants: read("tenants", query("listing tenants", () => db.selectFrom("tenants").selectAll().orderBy("tenant_key").execute()), (rows) =>
      rows.map(tenantOf),
    ),

    createOrganization: (organization) =>
      guardedWrite(
        session,
        "creating an organization",
        () =>
          db
            .insertInto("organizations")
            .values({
              org_id: organization.id,
              tenant_key: organization.tenantKey,
              org_key: organization.key,
              name: organization.name,
              created_at: instantToColumn(organization.createdAt),
            })
            .execute(),
        CONFLICT_NAMES,
      ).pipe(Effect.asVoid),

    findOrganization: (tenantKey, orgKey) =>
      read(
        "an organization",
        query("reading an organization", () =>
          db.selectFrom("organizations").selectAll().where("tenant_key", "=", tenantKey).where("org_key", "=", orgKey).executeTakeFirst(),
        ),
        (row) => Option.map(Option.fromNullable(row), organizationOf),
      ),

    getOrganization: (id) =>
      read("an organization", query("reading an organization", () => db.selectFrom("organizations").selectAll().where("org_id", "=", id).executeTakeFirst()), (row) =>
        Option.map(Option.fromNullable(row), organizationOf),
      ),

    listOrganizations: (tenantKey) =>
      read(
        "organizations",
        query("listing organizations", () =>
          db
            .selectFrom("organizations")
            .selectAll()
            .$if(tenantKey !== undefined, (qb) => qb.where("tenant_key", "=", tenantKey ?? ""))
            .orderBy("tenant_key")
            .orderBy("org_key")
            .execute(),
        ),
        (rows) => rows.map(organizationOf),
      ),

    createClient: (client) =>
      guardedWrite(
        session,
        "creating an API client",
        () =>
          db
            .insertInto("api_clients")
            .values({
              client_id: client.id,
              api_key: client.apiKey,
              secret_hash: client.secretHash,
              name: client.name,
              tenant_key: client.tenantKey,
              org_id: client.orgId,
              scopes: JSON.stringify(client.scopes),
              default_formats: JSON.stringify(client.defaultFormats),
              revoked: booleanToColumn(client.revoked),
              created_at: instantToColumn(client.createdAt),
              revoked_at: client.revokedAt === undefined ? null : instantToColumn(client.revokedAt),
            })
            .execute(),
        CONFLICT_NAMES,
      ).pipe(Effect.asVoid),

    findClientByApiKey: (apiKey) =>
      read("an API client", query("reading an API client", () => db.selectFrom("api_clients").selectAll().where("api_key", "=", apiKey).executeTakeFirst()), (row) =>
        Option.map(Option.fromNullable(row), clientOf),
      ),

    listClients: (filter) =>
      read(
        "API clients",
        query("listing API clients", () =>
          db
            .selectFrom("api_clients")
            .selectAll()
            .$if(filter?.tenantKey !== undefined, (qb) => qb.where("tenant_key", "=", filter?.tenantKey ?? ""))
            .$if(filter?.orgId !== undefined, (qb) => qb.where("org_id", "=", filter?.orgId ?? ""))
            .orderBy("created_at")
            .orderBy("api_key")
            .execute(),
        ),
        (rows) => rows.map(clientOf),
      ),

    revokeClient: (apiKey, at) =>
      query("revoking an API client", () =>
        db
          .updateTable("api_clients")
          .set({ revoked: booleanToColumn(true), revoked_at: instantToColumn(at) })
          .where("api_key", "=", apiKey)
          .where("revoked", "=", booleanToColumn(false))
          .executeTakeFirst(),
      ).pipe(Effect.map((result) => result.numUpdatedRows > 0n)),

    countClients: query("counting API clients", () =>
      db.selectFrom("api_clients").select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirstOrThrow(),
    ).pipe(Effect.map((row) => Number(row.n))),

    ensureSecret: (name, candidate) =>
      Effect.gen(function* () {
        // Insert-if-absent then read: whichever process inserted first, every process reads its value.
        yield* query("storing a service secret", () =>
          db.insertInto("service_secrets").values({ name, value: candidate }).onConflict((oc) => oc.column("name").doNothing()).execute(),
        );
        const row = yield* query("reading a service secret", () =>
          db.selectFrom("service_secrets").select("value").where("name", "=", name).executeTakeFirstOrThrow(),
        );
        return row.value;
      }),
  };
};
