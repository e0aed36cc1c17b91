/**
 * The behaviour every IdentityStore implementation shares (in-memory, SQLite, PostgreSQL).
 * `harness.make()` builds a fresh, empty store; `harness.close` releases it after each test.
 */
import { describe, expect, it } from "vitest";
import { Effect, Either, Option } from "effect";
import type { ApiClient, IdentityStore, Organization, OrganizationId, Tenant } from "@batch/core";

export interface IdentityStoreHarness {
  readonly make: () => Promise<IdentityStore>;
  readonly close?: (store: IdentityStore) => Promise<void>;
}

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);
const attempt = <A, E>(effect: Effect.Effect<A, E>): Promise<Either.Either<A, E>> => Effect.runPromise(Effect.either(effect));

const tenant = (key: string, createdAt = "2026-01-01T00:00:00.000Z"): Tenant => ({ key, name: `Tenant ${key}`, createdAt });

const organization = (tenantKey: string, key: string, id: string): Organization => ({
  id: id as OrganizationId,
  tenantKey,
  key,
  name: `Org ${key}`,
  createdAt: "2026-01-01T00:00:00.000Z",
});

const client = (overrides: Partial<ApiClient> & Pick<ApiClient, "id" | "apiKey" | "orgId">): ApiClient => ({
  secretHash: "scrypt$16384$8$1$c2FsdA$aGFzaA",
  name: "ERP connector",
  tenantKey: "acme",
  scopes: ["erp", "ap"],
  defaultFormats: {},
  revoked: false,
  createdAt: "2026-01-01T00:00:00.000Z",
  ...overrides,
});

const ORG_A = "6f1c2a4e-1b7d-4c7e-9a55-000000000001";
const ORG_B = "6f1c2a4e-1b7d-4c7e-9a55-000000000002";

export const identityStoreContract = (name: string, harness: IdentityStoreHarness): void => {
  const withStore = (test: (store: IdentityStore) => Promise<void>) => async () => {
    const store = await harness.make();
    try {
      await test(store);
    } finally {
      await harness.close?.(store);
    }
  };

  describe(`IdentityStore contract: ${name}`, () => {
    it(
      "creates, finds and lists tenants by key; a second tenant with the same key is a UniqueConflict",
      withStore(async (store) => {
        await run(store.createTenant(tenant("zeta")));
        await run(store.createTenant(tenant("acme")));
        expect(Option.getOrThrow(await run(store.findTenant("acme")))).toEqual(tenant("acme"));
        expect(Option.isNone(await run(store.findTenant("nobody")))).toBe(true);
        expect((await run(store.listTenants)).map((t) => t.key)).toEqual(["acme", "zeta"]);
        const again = await attempt(store.createTenant(tenant("acme")));
        expect(Either.isLeft(again) && again.left._tag).toBe("Store.UniqueConflict");
        expect(Either.isLeft(again) && again.left._tag === "Store.UniqueConflict" && again.left.constraint).toBe("tenants.key");
      }),
    );

    it(
      "keys organizations by tenant and key; the same key under another tenant is another organization",
      withStore(async (store) => {
        await run(store.createTenant(tenant("acme")));
        await run(store.createTenant(tenant("globex")));
        await run(store.createOrganization(organization("acme", "main", ORG_A)));
        await run(store.createOrganization(organization("globex", "main", ORG_B)));
        expect(Option.getOrThrow(await run(store.findOrganization("acme", "main"))).id).toBe(ORG_A);
        expect(Option.getOrThrow(await run(store.findOrganization("globex", "main"))).id).toBe(ORG_B);
        expect(Option.getOrThrow(await run(store.getOrganization(ORG_B as OrganizationId)))).toEqual(organization("globex", "main", ORG_B));
        expect(Option.isNone(await run(store.findOrganization("acme", "other")))).toBe(true);
        expect(Option.isNone(await run(store.getOrganization("6f1c2a4e-1b7d-4c7e-9a55-00000000ffff" as OrganizationId)))).toBe(true);
        expect((await run(store.listOrganizations("acme"))).map((o) => o.id)).toEqual([ORG_A]);
        expect((await run(store.listOrganizations())).map((o) => `${o.tenantKey}/${o.key}`)).toEqual(["acme/main", "globex/main"]);

        const sameKey = await attempt(store.createOrganization(organization("acme", "main", "6f1c2a4e-1b7d-4c7e-9a55-000000000009")));
        expect(Either.isLeft(sameKey) && sameKey.left._tag === "Store.UniqueConflict" && sameKey.left.constraint).toBe("organizations.key");
        const sameId = await attempt(store.createOrganization(organization("acme", "second", ORG_A)));
        expect(Either.isLeft(sameId) && sameId.left._tag === "Store.UniqueConflict" && sameId.left.constraint).toBe("organizations.id");
      }),
    );

    it(
      "stores a client with its scopes, default formats and hash exactly; the API key is unique",
      withStore(async (store) => {
        await run(store.createTenant(tenant("acme")));
        await run(store.createOrganization(organization("acme", "main", ORG_A)));
        const c = client({
          id: "0b0e6d9c-5c3a-4b5e-8f0a-000000000001",
          apiKey: "key-1",
          orgId: ORG_A as OrganizationId,
          scopes: ["erp", "payments"],
          defaultFormats: { INVOICE: "CSV", PAYMENT_REQUEST: "ISO" },
        });
        await run(store.createClient(c));
        expect(Option.getOrThrow(await run(store.findClientByApiKey("key-1")))).toEqual(c);
        expect(Option.isNone(await run(store.findClientByApiKey("key-2")))).toBe(true);
        expect(await run(store.countClients)).toBe(1);

        const sameKey = await attempt(store.createClient({ ...c, id: "0b0e6d9c-5c3a-4b5e-8f0a-000000000002" }));
        expect(Either.isLeft(sameKey) && sameKey.left._tag === "Store.UniqueConflict" && sameKey.left.constraint).toBe("api_clients.api_key");
        const sameId = await attempt(store.createClient({ ...c, apiKey: "key-3" }));
        expect(Either.isLeft(sameId) && sameId.left._tag === "Store.UniqueConflict" && sameId.left.constraint).toBe("api_clients.id");
        expect(await run(store.countClients)).toBe(1);
      }),
    );

    it(
      "lists clients by creation time, filtered by tenant and organization",
      withStore(async (store) => {
        await run(store.createTenant(tenant("acme")));
        await run(store.createTenant(tenant("globex")));
        await run(store.createOrganization(organization("acme", "main", ORG_A)));
        await run(store.createOrganization(organization("globex", "main", ORG_B)));
        await run(store.createClient(client({ id: "0b0e6d9c-5c3a-4b5e-8f0a-000000000003", apiKey: "c", orgId: ORG_A as OrganizationId, createdAt: "2026-01-03T00:00:00.000Z" })));
        await run(store.createClient(client({ id: "0b0e6d9c-5c3a-4b5e-8f0a-000000000001", apiKey: "a", orgId: ORG_A as OrganizationId, createdAt: "2026-01-01T00:00:00.000Z" })));
        await run(
          store.createClient(
            client({ id: "0b0e6d9c-5c3a-4b5e-8f0a-000000000002", apiKey: "b", tenantKey: "globex", orgId: ORG_B as OrganizationId, createdAt: "2026-01-02T00:00:00.000Z" }),
          ),
        );
        expect((await run(store.listClients())).map((c) => c.apiKey)).toEqual(["a", "b", "c"]);
        expect((await run(store.listClients({ tenantKey: "acme" }))).map((c) => c.apiKey)).toEqual(["a", "c"]);
        expect((await run(store.listClients({ orgId: ORG_B as OrganizationId }))).map((c) => c.apiKey)).toEqual(["b"]);
        expect(await run(store.listClients({ tenantKey: "acme", orgId: ORG_B as OrganizationId }))).toEqual([]);
        expect(await run(store.countClients)).toBe(3);
      }),
    );

    it(
      "revokes a client once, keeping the first revocation time; unknown keys are not revoked",
      withStore(async (store) => {
        await run(store.createTenant(tenant("acme")));
        await run(store.createOrganization(organization("acme", "main", ORG_A)));
        await run(store.createClient(client({ id: "0b0e6d9c-5c3a-4b5e-8f0a-000000000001", apiKey: "key-1", orgId: ORG_A as OrganizationId })));
        expect(await run(store.revokeClient("key-1", "2026-02-01T00:00:00.000Z"))).toBe(true);
        expect(await run(store.revokeClient("key-1", "2026-03-01T00:00:00.000Z"))).toBe(false);
        expect(await run(store.revokeClient("unknown", "2026-03-01T00:00:00.000Z"))).toBe(false);
        const revoked = Option.getOrThrow(await run(store.findClientByApiKey("key-1")));
        expect(revoked.revoked).toBe(true);
        expect(revoked.revokedAt).toBe("2026-02-01T00:00:00.000Z");
        expect(await run(store.countClients)).toBe(1);
      }),
    );

    it(
      "keeps the first value of a service secret, also under concurrent first use",
      withStore(async (store) => {
        const values = await Promise.all(["one", "two", "three", "four"].map((candidate) => run(store.ensureSecret("token-signing", candidate))));
        expect(new Set(values).size).toBe(1);
        expect(["one", "two", "three", "four"]).toContain(values[0]);
        expect(await run(store.ensureSecret("token-signing", "later"))).toBe(values[0]);
        expect(await run(store.ensureSecret("blob-signing", "other"))).toBe("other");
      }),
    );
  });
};
