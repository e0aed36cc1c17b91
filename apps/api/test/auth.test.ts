/**
 * API.md, Authentication and authorization, against the real service over real sockets:
 * POST /oauth/token (form, JSON, HTTP Basic; RFC 6749 errors), and the 401/403 rules on a
 * protected surface.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Effect } from "effect";
import { resolve } from "../src/composition/token";
import { Tokens } from "../src/composition/tokens";
import { BACKENDS, type Backend } from "./support/backends";
import { accessToken, forgeToken, requestToken, startTestService, type TestService } from "./support/service";

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe.each(BACKENDS)("authentication on $name", (factory) => {
  let backend: Backend;
  let svc: TestService;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    backend = await factory.create();
    svc = await startTestService(backend);
    const token = await accessToken(svc);
    claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${svc.baseUrl}${path}`, { headers });
  const problemOf = async (response: Response) => {
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    return (await response.json()) as { status: number; code: string; detail: string };
  };

  describe("POST /oauth/token", () => {
    it("issues a bearer token for form-encoded client credentials", async () => {
      const { status, body, headers } = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: svc.apiKey, client_secret: svc.apiSecret });
      expect(status).toBe(200);
      expect(body).toMatchObject({ token_type: "Bearer", expires_in: 900, scope: "erp ap ebill payments" });
      expect(typeof body.access_token).toBe("string");
      expect(headers.get("cache-control")).toBe("no-store");
    });

    it("accepts a JSON body and HTTP Basic credentials", async () => {
      const json = await fetch(`${svc.baseUrl}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ grant_type: "client_credentials", client_id: svc.apiKey, client_secret: svc.apiSecret }),
      });
      expect(json.status).toBe(200);
      const basic = await requestToken(svc.baseUrl, { grant_type: "client_credentials" }, { authorization: `Basic ${Buffer.from(`${svc.apiKey}:${svc.apiSecret}`).toString("base64")}` });
      expect(basic.status).toBe(200);
    });

    it("answers invalid_client (401) for a bad secret, an unknown key and bad Basic credentials", async () => {
      const badSecret = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: svc.apiKey, client_secret: "wrong-secret" });
      expect(badSecret.status).toBe(401);
      expect(badSecret.body.error).toBe("invalid_client");
      const unknown = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: "nobody", client_secret: svc.apiSecret });
      expect(unknown.status).toBe(401);
      expect(unknown.body.error).toBe("invalid_client");
      const basic = await requestToken(svc.baseUrl, { grant_type: "client_credentials" }, { authorization: `Basic ${Buffer.from(`${svc.apiKey}:nope`).toString("base64")}` });
      expect(basic.status).toBe(401);
      expect(basic.headers.get("www-authenticate")).toContain("Basic");
    });

    it("answers RFC 6749 errors for a missing or unsupported grant and a scope the client lacks", async () => {
      expect((await requestToken(svc.baseUrl, { client_id: svc.apiKey, client_secret: svc.apiSecret })).body.error).toBe("invalid_request");
      const password = await requestToken(svc.baseUrl, { grant_type: "password", client_id: svc.apiKey, client_secret: svc.apiSecret });
      expect(password.status).toBe(400);
      expect(password.body.error).toBe("unsupported_grant_type");
      const scope = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: svc.apiKey, client_secret: svc.apiSecret, scope: "erp admin" });
      expect(scope.status).toBe(400);
      expect(scope.body.error).toBe("invalid_scope");
      const text = await fetch(`${svc.baseUrl}/oauth/token`, { method: "POST", headers: { "content-type": "text/plain" }, body: "grant_type=client_credentials" });
      expect(text.status).toBe(415);
    });

    it("narrows the token to the scopes asked for", async () => {
      const { body } = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: svc.apiKey, client_secret: svc.apiSecret, scope: "ap" });
      expect(body.scope).toBe("ap");
    });
  });

  describe("bearer tokens on a protected surface", () => {
    it("401 without a token, with a malformed header, and with a garbage token", async () => {
      for (const headers of [{}, { authorization: "Token abc" }, { authorization: "Bearer not-a-jwt" }] as Array<Record<string, string>>) {
        const response = await get("/erp/v1/batches", headers);
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toContain("Bearer");
        expect((await problemOf(response)).code).toBe("Auth.Unauthorized");
      }
    });

    it("401 for an expired token", async () => {
      const expired = await forgeToken(claims, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
      const response = await get("/erp/v1/batches", { authorization: `Bearer ${expired}` });
      expect(response.status).toBe(401);
      expect((await problemOf(response)).detail).toContain("expired");
    });

    it("401 for a tampered token: payload changed, signature of another key, alg none, another algorithm", async () => {
      const token = await accessToken(svc);
      const [header, , signature] = token.split(".");
      const widened = `${header}.${b64url({ ...claims, org: "6f1c2a4e-1b7d-4c7e-9a55-00000000ffff" })}.${signature}`;
      const none = `${b64url({ alg: "none", typ: "at+jwt" })}.${b64url(claims)}.`;
      const noneWithSignature = `${b64url({ alg: "none", typ: "at+jwt" })}.${b64url(claims)}.${signature}`;
      const hs512 = await (async () => {
        const { SignJWT } = await import("jose");
        return new SignJWT(claims).setProtectedHeader({ alg: "HS512", typ: "at+jwt" }).sign(new TextEncoder().encode("test-token-secret-0123456789abcdef0123456789"));
      })();
      for (const bad of [widened, none, noneWithSignature, hs512]) {
        const response = await get("/erp/v1/batches", { authorization: `Bearer ${bad}` });
        expect(response.status).toBe(401);
      }
    });

    it("401 for a token of another issuer or audience, or not typed as an access token", async () => {
      for (const options of [{ issuer: "someone-else" }, { audience: "another-api" }, { typ: "JWT" }]) {
        const response = await get("/erp/v1/batches", { authorization: `Bearer ${await forgeToken(claims, options)}` });
        expect(response.status).toBe(401);
      }
    });

    it("403 for a valid token without the surface's scope", async () => {
      const apOnly = await accessToken(svc, "ap");
      const response = await get("/erp/v1/batches", { authorization: `Bearer ${apOnly}` });
      expect(response.status).toBe(403);
      expect(response.headers.get("www-authenticate")).toContain('scope="erp"');
      expect((await problemOf(response)).code).toBe("Auth.Forbidden");
    });

    it("401 once the token's client is revoked, and its credentials no longer get tokens", async () => {
      const identity = await resolve(svc.service.container, Tokens.Identity);
      const issued = await Effect.runPromise(identity.createClient({ tenantKey: "demo", orgKey: "main", scopes: ["erp"] }));
      const { body } = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: issued.client.apiKey, client_secret: issued.apiSecret });
      const token = body.access_token as string;
      expect(await Effect.runPromise(identity.revokeClient(issued.client.apiKey))).toBe(true);
      expect((await get("/erp/v1/batches", { authorization: `Bearer ${token}` })).status).toBe(401);
      const again = await requestToken(svc.baseUrl, { grant_type: "client_credentials", client_id: issued.client.apiKey, client_secret: issued.apiSecret });
      expect(again.status).toBe(401);
    });
  });

  describe("request ids and the error envelope", () => {
    it("echoes X-Request-Id, generates one when absent, and answers unknown paths with a problem", async () => {
      const echoed = await get("/nowhere", { "x-request-id": "req-123" });
      expect(echoed.headers.get("x-request-id")).toBe("req-123");
      expect(echoed.status).toBe(404);
      expect(await problemOf(echoed)).toMatchObject({ status: 404, code: "Http.NotFound" });
      const generated = await get("/healthz");
      expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});
