/** In-memory IdempotencyStore over the shared MemoryDb (the idempotency contract suite runs against it and the SQL store). */
import { Effect, Option } from "effect";
import type { IdempotencyRecord, IdempotencyStore } from "@batch/core";
import { table, type MemoryDb } from "./memory-db";

export const makeMemoryIdempotencyStore = (db: MemoryDb): IdempotencyStore => {
  const records = table<IdempotencyRecord>(db, "idempotency.records");
  const keyOf = (orgId: string, key: string) => `${orgId}\u0000${key}`;
  const live = (orgId: string, key: string, notBefore: string) => {
    const found = records.get(keyOf(orgId, key));
    return found !== undefined && Date.parse(found.createdAt) >= Date.parse(notBefore) ? found : undefined;
  };
  return {
    find: (orgId, key, notBefore) => Effect.sync(() => Option.fromNullable(live(orgId, key, notBefore))),
    remember: (record, notBefore) =>
      Effect.sync(() => {
        const existing = live(record.orgId, record.key, notBefore);
        if (existing !== undefined) return existing;
        records.set(keyOf(record.orgId, record.key), record);
        return record;
      }),
  };
};
