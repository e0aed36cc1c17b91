/** Client authentication: the identity service, access tokens and the request authenticator. */
import { randomBytes } from "node:crypto";
import { ContainerModule } from "inversify";
import { Effect } from "effect";
import { makeAccessTokens } from "../identity/access-tokens";
import { makeIdentityService } from "../identity/identity-service";
import { makeAuthenticator } from "../http/authentication";
import { bindService, resolve } from "./token";
import { Tokens } from "./tokens";

/** Name of the token signing key in the identity store's service secrets. */
export const TOKEN_SECRET = "access-token-signing";

export const identityModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.Identity, async (ctx) =>
    makeIdentityService({
      store: await resolve(ctx, Tokens.IdentityStore),
      clock: await resolve(ctx, Tokens.Clock),
      ids: await resolve(ctx, Tokens.Ids),
    }),
  );

  bindService(bind, Tokens.AccessTokens, async (ctx) => {
    const config = await resolve(ctx, Tokens.Config);
    const store = await resolve(ctx, Tokens.IdentityStore);
    // Generated once and kept in the database, so every process on it verifies the others' tokens.
    const secret = config.tokenSecret ?? (await Effect.runPromise(store.ensureSecret(TOKEN_SECRET, randomBytes(32).toString("base64url"))));
    return makeAccessTokens({ secret, ttlSeconds: config.tokenTtlSeconds });
  });

  bindService(bind, Tokens.Authenticator, async (ctx) =>
    makeAuthenticator({
      tokens: await resolve(ctx, Tokens.AccessTokens),
      store: await resolve(ctx, Tokens.IdentityStore),
      identity: await resolve(ctx, Tokens.Identity),
    }),
  );
});
