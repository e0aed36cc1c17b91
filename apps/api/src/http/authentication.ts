/**
 * API.md, Authentication and authorization: a missing, malformed, expired or badly signed token
 * is 401; a valid token without the surface's scope, or a `{tenantKey}/{orgKey}` path of another
 * organization, is 403. The token's client is read from the store on every request, so a revoked
 * client is refused at once, whatever its tokens' expiry.
 */
import type { Request } from "express";
import { Either, Option } from "effect";
import type { Actor, ApiClient, IdentityStore, OrganizationId, Scope } from "@batch/core";
import type { AccessTokens } from "../identity/access-tokens";
import type { IdentityService } from "../identity/identity-service";
import { HttpProblem } from "./problem";
import { orFail } from "./run-effect";

/** Who is calling: the API client, acting for one organization. */
export interface Principal {
  readonly client: ApiClient;
  readonly tenantKey: string;
  readonly orgId: OrganizationId;
  readonly orgKey: string;
  /** The token's scopes (a subset of the client's at the time it was issued). */
  readonly scopes: ReadonlyArray<Scope>;
  readonly actor: Actor;
}

export interface Authenticator {
  /**
   * The principal of a request, or a 401 HttpProblem. `apiKeyHeaders` also accepts the seed 002
   * `api_key` / `api_secret` headers.
   */
  readonly authenticate: (req: Request, options?: { readonly apiKeyHeaders?: boolean }) => Promise<Principal>;
  /** 403 unless the principal holds `scope`. */
  readonly requireScope: (principal: Principal, scope: Scope) => void;
  /** 403 unless the path's tenant and organization are the principal's. */
  readonly requireOrganization: (principal: Principal, tenantKey: string, orgKey: string) => void;
}

const REALM = 'realm="batchport"';

const unauthorized = (detail: string, error?: "invalid_token" | "invalid_request") =>
  new HttpProblem({
    status: 401,
    code: "Auth.Unauthorized",
    detail,
    headers: { "WWW-Authenticate": error === undefined ? `Bearer ${REALM}` : `Bearer ${REALM}, error="${error}", error_description="${detail}"` },
  });

const forbidden = (detail: string, scope?: Scope) =>
  new HttpProblem({
    status: 403,
    code: "Auth.Forbidden",
    detail,
    ...(scope === undefined ? {} : { headers: { "WWW-Authenticate": `Bearer ${REALM}, error="insufficient_scope", scope="${scope}"` } }),
  });

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? undefined : value);

export const makeAuthenticator = (deps: {
  readonly tokens: AccessTokens;
  readonly store: IdentityStore;
  readonly identity: IdentityService;
}): Authenticator => {
  const principalOf = (client: ApiClient, orgKey: string, scopes: ReadonlyArray<Scope>): Principal => ({
    client,
    tenantKey: client.tenantKey,
    orgId: client.orgId,
    orgKey,
    scopes,
    actor: { id: client.id, name: client.name },
  });

  const fromHeaders = async (apiKey: string, apiSecret: string): Promise<Principal> => {
    const found = await orFail(deps.identity.authenticate(apiKey, apiSecret));
    if (Option.isNone(found)) throw unauthorized("the api_key / api_secret pair is not valid");
    return principalOf(found.value.client, found.value.organization.key, found.value.client.scopes);
  };

  const fromBearer = async (token: string): Promise<Principal> => {
    const verified = await deps.tokens.verify(token);
    if (Either.isLeft(verified)) {
      throw unauthorized(verified.left === "expired" ? "the access token has expired" : "the access token is not valid", "invalid_token");
    }
    const claims = verified.right;
    const client = await orFail(deps.store.findClientByApiKey(claims.apiKey));
    if (Option.isNone(client) || client.value.id !== claims.clientId || client.value.orgId !== claims.orgId) {
      throw unauthorized("the access token is not valid", "invalid_token");
    }
    if (client.value.revoked) throw unauthorized("the API client of this token has been revoked", "invalid_token");
    return principalOf(client.value, claims.orgKey, claims.scopes.filter((s) => client.value.scopes.includes(s)));
  };

  return {
    authenticate: async (req, options) => {
      const authorization = single(req.headers.authorization);
      if (authorization !== undefined) {
        const m = /^Bearer +(\S+) *$/i.exec(authorization);
        if (m === null || m[1] === undefined) throw unauthorized('the Authorization header must be "Bearer <access_token>"', "invalid_request");
        return fromBearer(m[1]);
      }
      if (options?.apiKeyHeaders === true) {
        const apiKey = single(req.headers.api_key);
        const apiSecret = single(req.headers.api_secret);
        if (apiKey !== undefined || apiSecret !== undefined) {
          if (apiKey === undefined || apiSecret === undefined) throw unauthorized("send both api_key and api_secret headers");
          return fromHeaders(apiKey, apiSecret);
        }
      }
      throw unauthorized("this operation needs an access token: Authorization: Bearer <access_token> (POST /oauth/token)");
    },

    requireScope: (principal, scope) => {
      if (!principal.scopes.includes(scope)) throw forbidden(`the access token does not grant the "${scope}" scope`, scope);
    },

    requireOrganization: (principal, tenantKey, orgKey) => {
      if (principal.tenantKey !== tenantKey || principal.orgKey !== orgKey) {
        throw forbidden(`the access token is for organization ${principal.tenantKey}/${principal.orgKey}, not ${tenantKey}/${orgKey}`);
      }
    },
  };
};
