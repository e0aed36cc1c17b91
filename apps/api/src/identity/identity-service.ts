/**
 * Identity administration and client authentication over the IdentityStore: what the
 * command-line tool, the bootstrap and `POST /oauth/token` share. Secrets are hashed here (the
 * store never sees one) and returned to the caller exactly once, at creation.
 */
import { createHash } from "node:crypto";
import { Effect, Option } from "effect";
import {
  IDENTITY_KEY_PATTERN,
  isScope,
  PayloadFormats,
  PayloadObjectTypes,
  type ApiClient,
  type Clock,
  type IdentityStore,
  type IdSource,
  type Organization,
  type OrganizationId,
  type PayloadFormat,
  type PayloadObjectType,
  type Scope,
  type StoreUnavailable,
  type Tenant,
  type UniqueConflict,
} from "@batch/core";
import { newApiKey, newApiSecret } from "./credentials";
import { IdentityInputInvalid, OrganizationNotFound, TenantNotFound } from "./identity-errors";
import { decoyHash, hashSecret, verifySecret } from "./secret-hash";

export interface NewClient {
  readonly tenantKey: string;
  readonly orgKey: string;
  readonly scopes: ReadonlyArray<string>;
  readonly name?: string;
  /** `TYPE=FORMAT` pairs, e.g. `INVOICE=CSV`. */
  readonly formats?: ReadonlyArray<string>;
  /** Chosen credentials (bootstrap from configuration); generated when absent. */
  readonly apiKey?: string;
  readonly apiSecret?: string;
}

export interface IssuedCredentials {
  readonly client: ApiClient;
  /** Shown once: only its hash is stored. */
  readonly apiSecret: string;
}

/** A client whose credentials checked out, with its organization. */
export interface AuthenticatedClient {
  readonly client: ApiClient;
  readonly organization: Organization;
}

export interface IdentityService {
  readonly createTenant: (key: string, name?: string) => Effect.Effect<Tenant, IdentityInputInvalid | UniqueConflict | StoreUnavailable>;
  readonly createOrganization: (
    tenantKey: string,
    key: string,
    name?: string,
  ) => Effect.Effect<Organization, IdentityInputInvalid | TenantNotFound | UniqueConflict | StoreUnavailable>;
  readonly createClient: (
    request: NewClient,
  ) => Effect.Effect<IssuedCredentials, IdentityInputInvalid | OrganizationNotFound | UniqueConflict | StoreUnavailable>;
  readonly listTenants: Effect.Effect<ReadonlyArray<Tenant>, StoreUnavailable>;
  readonly listOrganizations: (tenantKey?: string) => Effect.Effect<ReadonlyArray<Organization>, TenantNotFound | StoreUnavailable>;
  readonly listClients: (filter: {
    readonly tenantKey?: string;
    readonly orgKey?: string;
  }) => Effect.Effect<ReadonlyArray<ApiClient>, IdentityInputInvalid | OrganizationNotFound | StoreUnavailable>;
  /** True when an active client was revoked. */
  readonly revokeClient: (apiKey: string) => Effect.Effect<boolean, StoreUnavailable>;
  /**
   * The active client these credentials belong to, or None: unknown key, wrong secret and revoked
   * client look the same to the caller and take as long.
   */
  readonly authenticate: (apiKey: string, apiSecret: string) => Effect.Effect<Option.Option<AuthenticatedClient>, StoreUnavailable>;
}

const checkKey = (field: string, value: string) =>
  IDENTITY_KEY_PATTERN.test(value)
    ? Effect.succeed(value)
    : Effect.fail(
        new IdentityInputInvalid({
          field,
          message: `${field} must be 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit, got ${JSON.stringify(value)}`,
        }),
      );

const parseScopes = (scopes: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<Scope>, IdentityInputInvalid> => {
  const unknown = scopes.filter((s) => !isScope(s));
  if (unknown.length > 0) {
    return Effect.fail(new IdentityInputInvalid({ field: "scopes", message: `unknown scope ${unknown.map((s) => JSON.stringify(s)).join(", ")}; known: erp, ap, ebill, payments` }));
  }
  if (scopes.length === 0) return Effect.fail(new IdentityInputInvalid({ field: "scopes", message: "a client needs at least one scope" }));
  return Effect.succeed([...new Set(scopes as ReadonlyArray<Scope>)]);
};

const parseFormats = (pairs: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const formats: Partial<Record<PayloadObjectType, PayloadFormat>> = {};
    for (const pair of pairs) {
      const [type = "", format = "", ...rest] = pair.split("=");
      const t = type.trim().toUpperCase();
      const f = format.trim().toUpperCase();
      if (rest.length > 0 || !(PayloadObjectTypes as ReadonlyArray<string>).includes(t) || !(PayloadFormats as ReadonlyArray<string>).includes(f)) {
        return yield* Effect.fail(
          new IdentityInputInvalid({
            field: "format",
            message: `format must be TYPE=FORMAT with TYPE one of ${PayloadObjectTypes.join(", ")} and FORMAT one of ${PayloadFormats.join(", ")}, got ${JSON.stringify(pair)}`,
          }),
        );
      }
      formats[t as PayloadObjectType] = f as PayloadFormat;
    }
    return formats;
  });

/**
 * Successful checks are remembered for a minute, keyed by a hash of key, secret and stored hash,
 * so a client that sends `api_key`/`api_secret` on every request (seed 002) pays for scrypt once
 * a minute, not per request. The client is still read from the store each time, so a revocation
 * takes effect at once.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 1024;

export const makeIdentityService = (deps: { readonly store: IdentityStore; readonly clock: Clock; readonly ids: IdSource }): IdentityService => {
  const { store, clock, ids } = deps;
  const verified = new Map<string, number>();

  const findOrganization = (tenantKey: string, orgKey: string) =>
    Effect.flatMap(store.findOrganization(tenantKey, orgKey), Option.match({
      onNone: () => Effect.fail(new OrganizationNotFound({ tenantKey, orgKey })),
      onSome: Effect.succeed,
    }));

  const checkSecret = (client: ApiClient, apiSecret: string) => {
    const cacheKey = createHash("sha256").update(`${client.apiKey}\u0000${apiSecret}\u0000${client.secretHash}`).digest("base64url");
    const now = Date.now();
    const until = verified.get(cacheKey);
    if (until !== undefined && until > now) return Effect.succeed(true);
    return Effect.map(
      Effect.promise(() => verifySecret(apiSecret, client.secretHash)),
      (ok) => {
        if (ok) {
          if (verified.size >= VERIFIED_MAX) verified.clear();
          verified.set(cacheKey, now + VERIFIED_TTL_MS);
        }
        return ok;
      },
    );
  };

  return {
    createTenant: (key, name) =>
      Effect.gen(function* () {
        yield* checkKey("tenant", key);
        const tenant: Tenant = { key, name: name ?? key, createdAt: yield* clock.now };
        yield* store.createTenant(tenant);
        return tenant;
      }),

    createOrganization: (tenantKey, key, name) =>
      Effect.gen(function* () {
        yield* checkKey("org", key);
        if (Option.isNone(yield* store.findTenant(tenantKey))) return yield* Effect.fail(new TenantNotFound({ tenantKey }));
        const organization: Organization = {
          id: (yield* ids.uuid) as OrganizationId,
          tenantKey,
          key,
          name: name ?? key,
          createdAt: yield* clock.now,
        };
        yield* store.createOrganization(organization);
        return organization;
      }),

    createClient: (request) =>
      Effect.gen(function* () {
        const organization = yield* findOrganization(request.tenantKey, request.orgKey);
        const scopes = yield* parseScopes(request.scopes);
        const defaultFormats = yield* parseFormats(request.formats ?? []);
        const apiKey = request.apiKey ?? newApiKey();
        const apiSecret = request.apiSecret ?? newApiSecret();
        const client: ApiClient = {
          id: yield* ids.uuid,
          apiKey,
          secretHash: yield* Effect.promise(() => hashSecret(apiSecret)),
          name: request.name ?? `${request.tenantKey}/${request.orgKey} client`,
          tenantKey: organization.tenantKey,
          orgId: organization.id,
          scopes,
          defaultFormats,
          revoked: false,
          createdAt: yield* clock.now,
        };
        yield* store.createClient(client);
        return { client, apiSecret };
      }),

    listTenants: store.listTenants,

    listOrganizations: (tenantKey) =>
      Effect.gen(function* () {
        if (tenantKey !== undefined && Option.isNone(yield* store.findTenant(tenantKey))) return yield* Effect.fail(new TenantNotFound({ tenantKey }));
        return yield* store.listOrganizations(tenantKey);
      }),

    listClients: (filter) =>
      Effect.gen(function* () {
        if (filter.orgKey !== undefined) {
          if (filter.tenantKey === undefined) return yield* Effect.fail(new IdentityInputInvalid({ field: "org", message: "--org needs --tenant" }));
          const organization = yield* findOrganization(filter.tenantKey, filter.orgKey);
          return yield* store.listClients({ orgId: organization.id });
        }
        return yield* store.listClients(filter.tenantKey === undefined ? {} : { tenantKey: filter.tenantKey });
      }),

    revokeClient: (apiKey) => Effect.flatMap(clock.now, (at) => store.revokeClient(apiKey, at)),

    authenticate: (apiKey, apiSecret) =>
      Effect.gen(function* () {
        const plausible = apiKey.length > 0 && apiKey.length <= 256 && apiSecret.length <= 1024;
        const found = plausible ? yield* store.findClientByApiKey(apiKey) : Option.none<ApiClient>();
        if (Option.isNone(found)) {
          // The same work as a wrong secret, so response times do not tell which keys exist.
          yield* Effect.promise(async () => verifySecret(apiSecret.slice(0, 1024), await decoyHash()));
          return Option.none();
        }
        const client = found.value;
        const ok = yield* checkSecret(client, apiSecret);
        if (!ok || client.revoked) return Option.none();
        const organization = yield* store.getOrganization(client.orgId);
        return Option.map(organization, (org) => ({ client, organization: org }));
      }),
  };
};
