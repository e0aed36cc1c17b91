/**
 * The behaviour every IdempotencyStore implementation shares (in-memory, SQLite, PostgreSQL).
 * `harness.make()` builds a fresh, empty store; `harness.close` releases it after each test.
 */
import { describe, expect, it } from "vitest";
import { Effect, Option } from "effect";
import type { IdempotencyRecord, IdempotencyStore, OrganizationId } from "@batch/core";

export interface IdempotencyStoreHarness {
  readonly make: () => Promise<IdempotencyStore>;
  readonly close?: (store: IdempotencyStore) => Promise<void>;
}

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);

const ORG_A = "6f1c2a4e-1b7d-4c7e-9a55-00000000000a" as OrganizationId;
const ORG_B = "6f1c2a4e-1b7d-4c7e-9a55-00000000000b" as OrganizationId;

const record = (overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord => ({
  orgId: ORG_A,
  key: "key-1",
  fingerprint: "fp-1",
  response: { status: 201, headers: { "content-type": "application/json", location: "http://x/y" }, body: '{"batchId":"b1"}' },
  createdAt: "2026-03-01T10:00:00.000Z",
  ...overrides,
});

export const idempotencyStoreContract = (name: string, harness: IdempotencyStoreHarness): void => {
  const withStore = (test: (store: IdempotencyStore) => Promise<void>) => async () => {
    const store = await harness.make();
    try {
      await test(store);
    } finally {
      await harness.close?.(store);
    }
  };

  describe(`IdempotencyStore contract: ${name}`, () => {
    it(
      "remembers the first record of a key and finds it exactly, per organization",
      withStore(async (store) => {
        expect(Option.isNone(await run(store.find(ORG_A, "key-1", "2026-01-01T00:00:00.000Z")))).toBe(true);
        expect(await run(store.remember(record(), "2026-01-01T00:00:00.000Z"))).toEqual(record());
        expect(Option.getOrThrow(await run(store.find(ORG_A, "key-1", "2026-01-01T00:00:00.000Z")))).toEqual(record());
        expect(Option.isNone(await run(store.find(ORG_B, "key-1", "2026-01-01T00:00:00.000Z")))).toBe(true);
        expect(Option.isNone(await run(store.find(ORG_A, "key-2", "2026-01-01T00:00:00.000Z")))).toBe(true);
      }),
    );

    it(
      "keeps the first record when the key is remembered again, and answers it",
      withStore(async (store) => {
        await run(store.remember(record(), "2026-01-01T00:00:00.000Z"));
        const later = record({ fingerprint: "fp-2", response: { status: 200, headers: {}, body: "{}" }, createdAt: "2026-03-01T10:00:05.000Z" });
        expect(await run(store.remember(later, "2026-01-01T00:00:00.000Z"))).toEqual(record());
        const other = record({ orgId: ORG_B });
        expect(await run(store.remember(other, "2026-01-01T00:00:00.000Z"))).toEqual(other);
      }),
    );

    it(
      "treats a record older than notBefore as absent, and lets a new one replace it",
      withStore(async (store) => {
        await run(store.remember(record(), "2026-01-01T00:00:00.000Z"));
        expect(Option.isNone(await run(store.find(ORG_A, "key-1", "2026-03-02T00:00:00.000Z")))).toBe(true);
        const fresh = record({ fingerprint: "fp-3", createdAt: "2026-03-02T12:00:00.000Z" });
        expect(await run(store.remember(fresh, "2026-03-02T00:00:00.000Z"))).toEqual(fresh);
        expect(Option.getOrThrow(await run(store.find(ORG_A, "key-1", "2026-03-02T00:00:00.000Z")))).toEqual(fresh);
      }),
    );

    it(
      "gives one winner to concurrent first uses of a key",
      withStore(async (store) => {
        const candidates = ["a", "b", "c", "d"].map((fp) => record({ fingerprint: fp }));
        const answers = await Promise.all(candidates.map((c) => run(store.remember(c, "2026-01-01T00:00:00.000Z"))));
        expect(new Set(answers.map((a) => a.fingerprint)).size).toBe(1);
        const stored = Option.getOrThrow(await run(store.find(ORG_A, "key-1", "2026-01-01T00:00:00.000Z")));
        expect(stored.fingerprint).toBe(answers[0]?.fingerprint);
      }),
    );
  });
};
