/**
 * API.md, Errors and conventions: a creating POST with an `Idempotency-Key` returns the first
 * response when repeated with the same body, and is refused when the key comes back with another
 * body. The store keeps, per organization and key, a fingerprint of the first request and the
 * response it got. Records expire: a key older than the caller's `notBefore` is free again.
 */
import type { Effect, Option } from "effect";
import type { Instant, OrganizationId } from "../kernel";
import type { StoreUnavailable } from "./errors";

export interface StoredResponse {
  readonly status: number;
  /** Response headers worth replaying (Location, Content-Type). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface IdempotencyRecord {
  readonly orgId: OrganizationId;
  readonly key: string;
  /** A digest of what makes the request the same request (method, path, query, body). */
  readonly fingerprint: string;
  readonly response: StoredResponse;
  readonly createdAt: Instant;
}

export interface IdempotencyStore {
  /** The record of `key`, when one was made at or after `notBefore`. Fails with StoreUnavailable. */
  readonly find: (orgId: OrganizationId, key: string, notBefore: Instant) => Effect.Effect<Option.Option<IdempotencyRecord>, StoreUnavailable>;
  /**
   * Keeps `record` unless a record of the same key made at or after `notBefore` exists, and
   * answers the record that holds the key now: `record`, or the earlier one that won (a
   * concurrent first use). Fails with StoreUnavailable.
   */
  readonly remember: (record: IdempotencyRecord, notBefore: Instant) => Effect.Effect<IdempotencyRecord, StoreUnavailable>;
}
