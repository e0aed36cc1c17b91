/**
 * API.md, Bootstrap: on a store with no API client, create tenant `demo`, organization `main` and
 * one client with every scope, from BATCH_BOOTSTRAP_API_KEY / _SECRET when set, else generated
 * (and then shown once by the caller). Tenant and organization are reused when they exist, so a
 * start that died half way through bootstrap completes it the next time.
 */
import { Effect, Option } from "effect";
import { Scopes, type IdentityStore } from "@batch/core";
import type { IdentityService } from "./identity-service";

export const BOOTSTRAP_TENANT = "demo";
export const BOOTSTRAP_ORGANIZATION = "main";

export interface BootstrapClient {
  readonly tenantKey: string;
  readonly orgKey: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly scopes: ReadonlyArray<string>;
  /** True when the credentials were generated (so they must be shown to the operator). */
  readonly generated: boolean;
}

/** The bootstrap client created now, or None when the store already has a client. */
export const bootstrapIdentity = (deps: {
  readonly store: IdentityStore;
  readonly identity: IdentityService;
  readonly credentials?: { readonly apiKey: string; readonly apiSecret: string };
}) =>
  Effect.gen(function* () {
    const { store, identity, credentials } = deps;
    if ((yield* store.countClients) > 0) return Option.none<BootstrapClient>();
    if (Option.isNone(yield* store.findTenant(BOOTSTRAP_TENANT))) {
      // Another process starting on the same database may create it first: that is fine.
      yield* identity.createTenant(BOOTSTRAP_TENANT, "Demo").pipe(Effect.catchTag("Store.UniqueConflict", () => Effect.void));
    }
    if (Option.isNone(yield* store.findOrganization(BOOTSTRAP_TENANT, BOOTSTRAP_ORGANIZATION))) {
      yield* identity
        .createOrganization(BOOTSTRAP_TENANT, BOOTSTRAP_ORGANIZATION, "Main")
        .pipe(Effect.catchTag("Store.UniqueConflict", () => Effect.void));
    }
    const created = yield* identity
      .createClient({
        tenantKey: BOOTSTRAP_TENANT,
        orgKey: BOOTSTRAP_ORGANIZATION,
        scopes: Scopes,
        name: "bootstrap client",
        ...(credentials === undefined ? {} : credentials),
      })
      .pipe(
        Effect.map(Option.some),
        // Configured credentials: a process starting beside this one created the same client first.
        Effect.catchTag("Store.UniqueConflict", (e) => (credentials !== undefined && e.constraint === "api_clients.api_key" ? Effect.succeedNone : Effect.fail(e))),
      );
    if (Option.isNone(created)) return Option.none<BootstrapClient>();
    const issued = created.value;
    return Option.some<BootstrapClient>({
      tenantKey: BOOTSTRAP_TENANT,
      orgKey: BOOTSTRAP_ORGANIZATION,
      apiKey: issued.client.apiKey,
      apiSecret: issued.apiSecret,
      scopes: issued.client.scopes,
      generated: credentials === undefined,
    });
  });
