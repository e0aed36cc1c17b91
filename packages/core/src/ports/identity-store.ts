/**
 * Who may call the service: tenants, their organizations, and the API clients that act for an
 * organization. A client's secret is never stored: the store keeps an opaque hash made and
 * checked by the service (a slow, salted hash), so a leaked store does not leak credentials.
 *
 * The identity store is not part of a unit of work: each member is one atomic write or read.
 */
import type { Effect, Option } from "effect";
import type { Instant, OrganizationId } from "../kernel";
import type { PayloadObjectType } from "../records/payload-object-type";
import type { PayloadFormat } from "./codecs";
import type { StoreUnavailable, UniqueConflict } from "./errors";

/** The surfaces a client may call (API.md, Authentication): erp seed 000, ap 001, ebill 002/004, payments 003. */
export const Scopes = ["erp", "ap", "ebill", "payments"] as const;
export type Scope = (typeof Scopes)[number];

export const isScope = (value: string): value is Scope => (Scopes as ReadonlyArray<string>).includes(value);

/** Tenant and organization keys appear in paths (`/api/{tenantKey}/{orgKey}/...`). */
export const IDENTITY_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export interface Tenant {
  readonly key: string;
  readonly name: string;
  readonly createdAt: Instant;
}

export interface Organization {
  readonly id: OrganizationId;
  readonly tenantKey: string;
  readonly key: string;
  readonly name: string;
  readonly createdAt: Instant;
}

export interface ApiClient {
  /** A GUID; the actor id of everything the client does. */
  readonly id: string;
  /** The public half of the credentials (`client_id`, `api_key`); unique across the service. */
  readonly apiKey: string;
  /** Opaque hash of the secret, made and checked by the service. */
  readonly secretHash: string;
  readonly name: string;
  readonly tenantKey: string;
  readonly orgId: OrganizationId;
  readonly scopes: ReadonlyArray<Scope>;
  /** The upload format used when a request names none, per payload object type. */
  readonly defaultFormats: Readonly<Partial<Record<PayloadObjectType, PayloadFormat>>>;
  readonly revoked: boolean;
  readonly createdAt: Instant;
  readonly revokedAt?: Instant;
}

export interface IdentityStore {
  /** Creates a tenant. Fails with UniqueConflict (constraint "tenants.key"), StoreUnavailable. */
  readonly createTenant: (tenant: Tenant) => Effect.Effect<void, UniqueConflict | StoreUnavailable>;
  /** The tenant of that key, or None. Fails with StoreUnavailable. */
  readonly findTenant: (key: string) => Effect.Effect<Option.Option<Tenant>, StoreUnavailable>;
  /** Every tenant, by key. Fails with StoreUnavailable. */
  readonly listTenants: Effect.Effect<ReadonlyArray<Tenant>, StoreUnavailable>;

  /**
   * Creates an organization of an existing tenant. Fails with UniqueConflict (constraint
   * "organizations.key" when the tenant already has that key, "organizations.id"),
   * StoreUnavailable. The caller checks that the tenant exists.
   */
  readonly createOrganization: (organization: Organization) => Effect.Effect<void, UniqueConflict | StoreUnavailable>;
  /** The organization `orgKey` of tenant `tenantKey`, or None. Fails with StoreUnavailable. */
  readonly findOrganization: (tenantKey: string, orgKey: string) => Effect.Effect<Option.Option<Organization>, StoreUnavailable>;
  /** The organization of that id, or None. Fails with StoreUnavailable. */
  readonly getOrganization: (id: OrganizationId) => Effect.Effect<Option.Option<Organization>, StoreUnavailable>;
  /** Organizations by tenant key then key, of one tenant when given. Fails with StoreUnavailable. */
  readonly listOrganizations: (tenantKey?: string) => Effect.Effect<ReadonlyArray<Organization>, StoreUnavailable>;

  /**
   * Creates a client of an existing organization. Fails with UniqueConflict (constraint
   * "api_clients.api_key", "api_clients.id"), StoreUnavailable.
   */
  readonly createClient: (client: ApiClient) => Effect.Effect<void, UniqueConflict | StoreUnavailable>;
  /** The client of that API key, revoked or not, or None. Fails with StoreUnavailable. */
  readonly findClientByApiKey: (apiKey: string) => Effect.Effect<Option.Option<ApiClient>, StoreUnavailable>;
  /** Clients by creation time then API key, filtered by tenant and organization when given. Fails with StoreUnavailable. */
  readonly listClients: (filter?: {
    readonly tenantKey?: string;
    readonly orgId?: OrganizationId;
  }) => Effect.Effect<ReadonlyArray<ApiClient>, StoreUnavailable>;
  /**
   * Marks the client revoked at `at`; true when it existed and was active, false when it is
   * unknown or already revoked (revoking keeps the first `revokedAt`). Fails with StoreUnavailable.
   */
  readonly revokeClient: (apiKey: string, at: Instant) => Effect.Effect<boolean, StoreUnavailable>;
  /** How many clients exist, revoked ones included (bootstrap runs only on a store with none). Fails with StoreUnavailable. */
  readonly countClients: Effect.Effect<number, StoreUnavailable>;

  /**
   * The service secret of that name (token signing key, signed-URL key), storing `candidate` when
   * there is none yet. Every process sharing the store gets the same value, whichever stored it
   * first. Fails with StoreUnavailable.
   */
  readonly ensureSecret: (name: string, candidate: string) => Effect.Effect<string, StoreUnavailable>;
}
