/**
 * API.md: POST requests that create something honour `Idempotency-Key`: a repeat with the same
 * key and body returns the first response; the same key with another body is 422.
 *
 * A request is the same request when its method, path, query and body are: the fingerprint is a
 * SHA-256 over them (for a streamed upload, over the body's SHA-256). Successful (2xx) responses
 * are remembered for 24 hours per organization and key; refusals are not, so a client can fix a
 * request and send it again under the same key. Concurrent first uses of one key both run: the
 * creating operations are idempotent themselves (clientRefId + referenceId), and the first
 * response stored is the one replayed afterwards.
 */
import { createHash } from "node:crypto";
import type { Request } from "express";
import { Effect, Option } from "effect";
import type { Clock, IdempotencyStore, OrganizationId, StoredResponse } from "@batch/core";
import { fail } from "./problem";
import { orFail } from "./run-effect";

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Response headers kept with a remembered response. */
const REPLAYED_HEADERS = ["location", "content-type", "odata-version", "odata-entityid", "preference-applied"];

/** The request's Idempotency-Key, or undefined; a malformed one is a 400. */
export const idempotencyKeyOf = (req: Request): string | undefined => {
  const value = req.headers["idempotency-key"];
  if (value === undefined) return undefined;
  if (Array.isArray(value) || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    return fail(400, "Request.IdempotencyKeyInvalid", "Idempotency-Key must be 1 to 255 visible ASCII characters, given once");
  }
  return value;
};

/** The fingerprint of a request whose body is known by `bodyDigest` (hex SHA-256 of its bytes, or of its JSON). */
export const fingerprintOf = (req: Request, bodyDigest: string): string => {
  const url = new URL(req.originalUrl, "http://request");
  const query = [...url.searchParams].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1));
  return createHash("sha256").update(JSON.stringify([req.method, url.pathname, query, bodyDigest])).digest("hex");
};

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Reads and hashes a body that is not kept (a replayed upload), refusing more than `max` bytes. */
export const digestOfBody = async (req: Request, max: number): Promise<string> => {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) fail(413, "Request.TooLarge", `the body is larger than the limit of ${max} bytes`);
    hash.update(chunk);
  }
  return hash.digest("hex");
};

export interface IdempotencyGuard {
  /** The response remembered under this key, with the fingerprint of the request that got it. */
  readonly lookup: () => Promise<{ readonly fingerprint: string; readonly response: StoredResponse } | undefined>;
  /** Remembers a 2xx response of this request. */
  readonly remember: (fingerprint: string, response: StoredResponse) => Promise<void>;
}

/** The remembered response when `fingerprint` is the request that got it; a 422 when another request did. */
export const replayOf = (remembered: { readonly fingerprint: string; readonly response: StoredResponse }, fingerprint: string, key: string): StoredResponse =>
  remembered.fingerprint === fingerprint
    ? remembered.response
    : fail(422, "Request.IdempotencyKeyReused", `Idempotency-Key ${key} was used with another request (method, path, query or body) in the last 24 hours`);

export const makeIdempotencyGuard = (deps: { readonly store: IdempotencyStore; readonly clock: Clock }) => (orgId: OrganizationId, key: string): IdempotencyGuard => {
  const notBefore = Effect.map(deps.clock.now, (now) => new Date(Date.parse(now) - IDEMPOTENCY_WINDOW_MS).toISOString());
  return {
    lookup: async () => Option.getOrUndefined(await orFail(Effect.flatMap(notBefore, (since) => deps.store.find(orgId, key, since)))),
    remember: async (fingerprint, response) => {
      if (response.status < 200 || response.status >= 300) return;
      const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => REPLAYED_HEADERS.includes(name.toLowerCase())));
      await orFail(
        Effect.gen(function* () {
          const createdAt = yield* deps.clock.now;
          yield* deps.store.remember({ orgId, key, fingerprint, response: { ...response, headers }, createdAt }, yield* notBefore);
        }),
      );
    },
  };
};
