/**
 * In-memory IdentityStore over the shared MemoryDb; same observable behaviour as the SQL store
 * (the identity store contract suite runs against both).
 */
import { Effect, Option } from "effect";
import { UniqueConflict, type ApiClient, type IdentityStore, type Organization, type Tenant } from "@batch/core";
import { table, type MemoryDb } from "./memory-db";

const byKey = <A>(key: (a: A) => string) => (a: A, b: A) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export const makeMemoryIdentityStore = (db: MemoryDb): IdentityStore => {
  const tenants = table<Tenant>(db, "identity.tenants");
  const organizations = table<Organization>(db, "identity.organizations");
  const clients = table<ApiClient>(db, "identity.api_clients");
  const secrets = table<string>(db, "identity.service_secrets");
  const orgKey = (tenantKey: string, key: string) => `${tenantKey}\u0000${key}`;

  return {
    createTenant: (tenant) =>
      Effect.suspend(() => {
        if (tenants.has(tenant.key)) {
          return Effect.fail(new UniqueConflict({ constraint: "tenants.key", message: `tenant "${tenant.key}" already exists` }));
        }
        tenants.set(tenant.key, tenant);
        return Effect.void;
      }),
    findTenant: (key) => Effect.sync(() => Option.fromNullable(tenants.get(key))),
    listTenants: Effect.sync(() => [...tenants.values()].sort(byKey((t) => t.key))),

    createOrganization: (organization) =>
      Effect.suspend(() => {
        const key = orgKey(organization.tenantKey, organization.key);
        if (organizations.has(key)) {
          return Effect.fail(
            new UniqueConflict({
              constraint: "organizations.key",
              message: `organization "${organization.key}" of tenant "${organization.tenantKey}" already exists`,
            }),
          );
        }
        if ([...organizations.values()].some((o) => o.id === organization.id)) {
          return Effect.fail(new UniqueConflict({ constraint: "organizations.id", message: `organization id ${organization.id} is taken` }));
        }
        organizations.set(key, organization);
        return Effect.void;
      }),
    findOrganization: (tenantKey, key) => Effect.sync(() => Option.fromNullable(organizations.get(orgKey(tenantKey, key)))),
    getOrganization: (id) => Effect.sync(() => Option.fromNullable([...organizations.values()].find((o) => o.id === id))),
    listOrganizations: (tenantKey) =>
      Effect.sync(() =>
        [...organizations.values()]
          .filter((o) => tenantKey === undefined || o.tenantKey === tenantKey)
          .sort(byKey((o) => orgKey(o.tenantKey, o.key))),
      ),

    createClient: (client) =>
      Effect.suspend(() => {
        if (clients.has(client.apiKey)) {
          return Effect.fail(new UniqueConflict({ constraint: "api_clients.api_key", message: "the API key is taken" }));
        }
        if ([...clients.values()].some((c) => c.id === client.id)) {
          return Effect.fail(new UniqueConflict({ constraint: "api_clients.id", message: `client id ${client.id} is taken` }));
        }
        clients.set(client.apiKey, client);
        return Effect.void;
      }),
    findClientByApiKey: (apiKey) => Effect.sync(() => Option.fromNullable(clients.get(apiKey))),
    listClients: (filter) =>
      Effect.sync(() =>
        [...clients.values()]
          .filter((c) => filter?.tenantKey === undefined || c.tenantKey === filter.tenantKey)
          .filter((c) => filter?.orgId === undefined || c.orgId === filter.orgId)
          .sort(byKey((c) => `${c.createdAt}\u0000${c.apiKey}`)),
      ),
    revokeClient: (apiKey, at) =>
      Effect.sync(() => {
        const client = clients.get(apiKey);
        if (client === undefined || client.revoked) return false;
        clients.set(apiKey, { ...client, revoked: true, revokedAt: at });
        return true;
      }),
    countClients: Effect.sync(() => clients.size),

    ensureSecret: (name, candidate) =>
      Effect.sync(() => {
        const existing = secrets.get(name);
        if (existing !== undefined) return existing;
        secrets.set(name, candidate);
        return candidate;
      }),
  };
};
