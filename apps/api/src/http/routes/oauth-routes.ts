/**
 * POST /oauth/token: the OAuth 2.0 client credentials grant (RFC 6749 §4.4). Credentials come in
 * the body (form-encoded or JSON: client_id, client_secret) or as HTTP Basic (§2.3.1); errors are
 * RFC 6749 §5.2 JSON, not problem details, because OAuth client libraries parse that shape.
 */
import { Option, Schema } from "effect";
import { isScope, type Scope } from "@batch/core";
import type { AccessTokens } from "../../identity/access-tokens";
import type { IdentityService } from "../../identity/identity-service";
import { hasBody, isJsonMediaType, mediaTypeOf, readSmallBody } from "../body";
import { defineRoute, type Reply, type RouteDefinition } from "../route";
import { orFail } from "../run-effect";

const TOKEN_BODY_LIMIT = 16 * 1024;

const TokenRequest = Schema.Struct({
  grant_type: Schema.Literal("client_credentials"),
  client_id: Schema.optional(Schema.String).annotations({ description: "The API key (or send HTTP Basic credentials)" }),
  client_secret: Schema.optional(Schema.String).annotations({ description: "The API secret (or send HTTP Basic credentials)" }),
  scope: Schema.optional(Schema.String).annotations({ description: "Space-separated subset of the client's scopes; all of them when absent" }),
}).annotations({ identifier: "TokenRequest" });

const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  token_type: Schema.Literal("Bearer"),
  expires_in: Schema.Int,
  scope: Schema.String,
}).annotations({ identifier: "TokenResponse" });

const OAuthError = Schema.Struct({
  error: Schema.Literal("invalid_request", "invalid_client", "unsupported_grant_type", "invalid_scope"),
  error_description: Schema.optional(Schema.String),
}).annotations({ identifier: "OAuthError", description: "RFC 6749 §5.2 error response" });

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

const oauthError = (status: number, error: (typeof OAuthError.Type)["error"], description: string, headers: Record<string, string> = {}): Reply => ({
  status,
  body: { error, error_description: description },
  headers: { ...NO_STORE, ...headers },
});

/** HTTP Basic credentials; RFC 6749 §2.3.1 form-encodes both parts before base64. */
const basicCredentials = (authorization: string | undefined): { id: string; secret: string } | undefined | "malformed" => {
  if (authorization === undefined) return undefined;
  const m = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization);
  if (m === null || m[1] === undefined) return "malformed";
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "malformed";
  try {
    const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return "malformed";
  }
};

const fieldsOf = (type: string | undefined, bytes: Buffer): Record<string, unknown> | string => {
  if (type === "application/x-www-form-urlencoded") {
    const params = new URLSearchParams(bytes.toString("utf8"));
    const fields: Record<string, string> = {};
    for (const [name, value] of params) {
      // RFC 6749 §3.2: parameters must not be repeated.
      if (name in fields) return `the parameter ${name} is repeated`;
      fields[name] = value;
    }
    return fields;
  }
  if (isJsonMediaType(type)) {
    try {
      const value: unknown = JSON.parse(bytes.toString("utf8"));
      return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : "the JSON body must be an object";
    } catch {
      return "the body is not valid JSON";
    }
  }
  return `Content-Type ${type ?? "(none)"} is not accepted; send application/x-www-form-urlencoded or application/json`;
};

export const oauthRoutes = (deps: { readonly identity: IdentityService; readonly tokens: AccessTokens }): ReadonlyArray<RouteDefinition> => [
  defineRoute({
    method: "post",
    path: "/oauth/token",
    operationId: "issueAccessToken",
    summary: "Issue an access token (client credentials grant)",
    description: "Form-encoded or JSON body; the client credentials may also be sent as HTTP Basic. The token is a short-lived JWT to send as `Authorization: Bearer <access_token>`.",
    tags: ["Authentication"],
    body: { kind: "custom", schema: TokenRequest, contentTypes: ["application/x-www-form-urlencoded", "application/json"] },
    responses: {
      200: { description: "The access token", schema: TokenResponse },
      400: { description: "RFC 6749 error: invalid_request, unsupported_grant_type, invalid_scope", schema: OAuthError },
      401: { description: "RFC 6749 error: invalid_client", schema: OAuthError },
      415: { description: "Unsupported Content-Type", schema: OAuthError },
    },
    problems: [413],
    handler: async ({ req }) => {
      const type = mediaTypeOf(req);
      if (!hasBody(req)) return oauthError(400, "invalid_request", "send grant_type=client_credentials in a form-encoded or JSON body");
      const fields = fieldsOf(type, await readSmallBody(req, TOKEN_BODY_LIMIT));
      if (typeof fields === "string") return oauthError(fields.startsWith("Content-Type") ? 415 : 400, "invalid_request", fields);

      const text = (name: string): string | undefined | "invalid" => {
        const value = fields[name];
        return value === undefined ? undefined : typeof value === "string" ? value : "invalid";
      };
      const grantType = text("grant_type");
      if (grantType === undefined || grantType === "invalid") return oauthError(400, "invalid_request", "grant_type is required");
      if (grantType !== "client_credentials") return oauthError(400, "unsupported_grant_type", `grant_type ${grantType.slice(0, 40)} is not supported; use client_credentials`);

      const basic = basicCredentials(req.headers.authorization);
      if (basic === "malformed") return oauthError(401, "invalid_client", "the Basic credentials are malformed", { "WWW-Authenticate": 'Basic realm="batchport"' });
      const bodyId = text("client_id");
      const bodySecret = text("client_secret");
      if (bodyId === "invalid" || bodySecret === "invalid") return oauthError(400, "invalid_request", "client_id and client_secret must be strings");
      if (basic !== undefined && (bodyId !== undefined || bodySecret !== undefined)) {
        // RFC 6749 §2.3: a client must not use more than one authentication method per request.
        return oauthError(400, "invalid_request", "send the client credentials either as HTTP Basic or in the body, not both");
      }
      const clientId = basic?.id ?? bodyId;
      const clientSecret = basic?.secret ?? bodySecret;
      if (clientId === undefined || clientSecret === undefined) return oauthError(401, "invalid_client", "client_id and client_secret are required");

      const requested = text("scope");
      if (requested === "invalid") return oauthError(400, "invalid_request", "scope must be a string");

      const found = await orFail(deps.identity.authenticate(clientId, clientSecret));
      if (Option.isNone(found)) {
        return oauthError(401, "invalid_client", "client authentication failed", basic === undefined ? {} : { "WWW-Authenticate": 'Basic realm="batchport"' });
      }
      const { client, organization } = found.value;
      let scopes: ReadonlyArray<Scope> = client.scopes;
      if (requested !== undefined && requested.trim() !== "") {
        const asked = requested.split(" ").filter((s) => s !== "");
        const refused = asked.filter((s) => !isScope(s) || !client.scopes.includes(s));
        if (refused.length > 0) return oauthError(400, "invalid_scope", `the client may not request ${refused.map((s) => s.slice(0, 40)).join(", ")}`);
        scopes = [...new Set(asked as ReadonlyArray<Scope>)];
      }
      const issued = await deps.tokens.issue({
        clientId: client.id,
        apiKey: client.apiKey,
        tenantKey: organization.tenantKey,
        orgId: organization.id,
        orgKey: organization.key,
        scopes,
      });
      return {
        status: 200,
        body: { access_token: issued.accessToken, token_type: "Bearer", expires_in: issued.expiresIn, scope: issued.scope },
        headers: NO_STORE,
      };
    },
  }),
];
