/**
 * The real service for HTTP tests: the same `startService` as `pnpm start`, on a free port of
 * 127.0.0.1, with its configuration decoded from environment variables like in production.
 */
import { Either } from "effect";
import { SignJWT } from "jose";
import { decodeConfig } from "../../src/config";
import { makeLogger } from "../../src/observability/logger";
import { startService, type RunningService } from "../../src/service";
import type { Backend } from "./backends";

export const TOKEN_SECRET = "test-token-secret-0123456789abcdef0123456789";

export interface TestService {
  readonly baseUrl: string;
  readonly service: RunningService;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly stop: () => Promise<void>;
}

export const startTestService = async (backend: Backend, env: Readonly<Record<string, string>> = {}): Promise<TestService> => {
  // The AWS SDK reads credentials from the process environment (its standard chain).
  for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) {
    const value = backend.env[name];
    if (value !== undefined) process.env[name] = value;
  }
  const config = decodeConfig(
    {
      PORT: "0",
      BATCH_TOKEN_SECRET: TOKEN_SECRET,
      BATCH_BOOTSTRAP_API_KEY: "bootstrap-key",
      BATCH_BOOTSTRAP_API_SECRET: "bootstrap-secret-0123456789",
      ...backend.env,
      ...env,
    },
    process.cwd(),
  );
  if (Either.isLeft(config)) throw config.left;
  const service = await startService(config.right, { host: "127.0.0.1", logger: makeLogger(process.env.BATCH_TEST_LOG_LEVEL === undefined ? "silent" : (process.env.BATCH_TEST_LOG_LEVEL as "info")) });
  return {
    baseUrl: service.publicUrl,
    service,
    apiKey: "bootstrap-key",
    apiSecret: "bootstrap-secret-0123456789",
    stop: service.stop,
  };
};

/** A token request; answers the parsed JSON and status. */
export const requestToken = async (baseUrl: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
};

export const accessToken = async (service: TestService, scope?: string): Promise<string> => {
  const { status, body } = await requestToken(service.baseUrl, {
    grant_type: "client_credentials",
    client_id: service.apiKey,
    client_secret: service.apiSecret,
    ...(scope === undefined ? {} : { scope }),
  });
  if (status !== 200) throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body.access_token as string;
};

/** A token signed with the service's key but with claims of the test's choosing (expired, other audience, ...). */
export const forgeToken = (claims: Record<string, unknown>, options: { readonly expiresAt?: number; readonly issuer?: string; readonly audience?: string; readonly typ?: string } = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: options.typ ?? "at+jwt" })
    .setIssuer(options.issuer ?? "batchport")
    .setAudience(options.audience ?? "batchport-api")
    .setSubject(String(claims.sub ?? "unknown"))
    .setJti("forged")
    .setIssuedAt(now - 3600)
    .setExpirationTime(options.expiresAt ?? now + 600)
    .sign(new TextEncoder().encode(TOKEN_SECRET));
};
