/**
 * OAuth 2.0 access tokens for the client credentials grant: JWTs (RFC 9068 `at+jwt`) signed
 * with HS256 under a 256-bit key that every process of the installation shares (from
 * BATCH_TOKEN_SECRET, or generated once and kept in the database). Verification pins the
 * algorithm, the type, the issuer and the audience, and requires the expiry: `alg: none`, a key
 * confusion (RS/ES/EdDSA with the secret as public key) or a token of another installation fail.
 */
import { randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { Either } from "effect";
import { isScope, type OrganizationId, type Scope } from "@batch/core";

export const TOKEN_ISSUER = "batchport";
export const TOKEN_AUDIENCE = "batchport-api";
const ALGORITHM = "HS256";
const TYPE = "at+jwt";

/** What a verified token says about its bearer. */
export interface TokenClaims {
  /** The API client's id (`sub`). */
  readonly clientId: string;
  readonly apiKey: string;
  readonly tenantKey: string;
  readonly orgId: OrganizationId;
  readonly orgKey: string;
  readonly scopes: ReadonlyArray<Scope>;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  /** Space-separated scopes, as RFC 6749 writes them. */
  readonly scope: string;
}

/** Why a bearer token was refused; every reason is a 401. */
export type TokenRefusal = "expired" | "invalid";

export interface AccessTokens {
  readonly issue: (claims: TokenClaims) => Promise<IssuedToken>;
  readonly verify: (token: string) => Promise<Either.Either<TokenClaims, TokenRefusal>>;
}

const text = (value: unknown): value is string => typeof value === "string" && value.length > 0 && value.length <= 256;

export const makeAccessTokens = (options: { readonly secret: string; readonly ttlSeconds: number }): AccessTokens => {
  const key = new TextEncoder().encode(options.secret);
  return {
    issue: async (claims) => {
      const scope = claims.scopes.join(" ");
      const accessToken = await new SignJWT({
        client_id: claims.apiKey,
        tenant: claims.tenantKey,
        org: claims.orgId,
        org_key: claims.orgKey,
        scope,
      })
        .setProtectedHeader({ alg: ALGORITHM, typ: TYPE })
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setSubject(claims.clientId)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds}s`)
        .sign(key);
      return { accessToken, expiresIn: options.ttlSeconds, scope };
    },

    verify: async (token) => {
      // A JWT is three base64url parts; anything else is refused before any crypto runs.
      if (token.length > 4096 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return Either.left("invalid");
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          typ: TYPE,
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          requiredClaims: ["exp", "iat", "sub", "jti"],
          clockTolerance: 5,
        });
        const scopes = typeof payload.scope === "string" ? payload.scope.split(" ").filter((s) => s !== "") : [];
        if (!text(payload.sub) || !text(payload.client_id) || !text(payload.tenant) || !text(payload.org) || !text(payload.org_key) || !scopes.every(isScope)) {
          return Either.left("invalid");
        }
        return Either.right({
          clientId: payload.sub,
          apiKey: payload.client_id,
          tenantKey: payload.tenant,
          orgId: payload.org as OrganizationId,
          orgKey: payload.org_key,
          scopes,
        });
      } catch (error) {
        return Either.left(error instanceof errors.JWTExpired ? "expired" : "invalid");
      }
    },
  };
};
