/**
 * IdempotencyStore on SQLite or PostgreSQL (migration 0007-idempotency). Its table is declared
 * here: nothing else reads it. `remember` is one statement: insert, or replace a record older
 * than `notBefore`; a live record keeps the key, and the row read back is whichever holds it.
 */
import { Effect, Option } from "effect";
import type { Selectable } from "kysely";
import type { IdempotencyRecord, IdempotencyStore, OrganizationId } from "@batch/core";
import { instantToColumn } from "./columns";
import type { SqlDatabase } from "./dialects/dialect";
import { storeUnavailable } from "./dialects/errors";
import { query } from "./store-effect";

export interface IdempotencyKeysTable {
  readonly org_id: string;
  readonly idempotency_key: string;
  readonly fingerprint: string;
  readonly response_status: number;
  readonly response_headers: string;
  readonly response_body: string;
  readonly created_at: string;
}

// A type alias, not an interface: kysely's `withTables` needs an indexable record type.
export type IdempotencyTables = { readonly idempotency_keys: IdempotencyKeysTable };

const recordOf = (row: Selectable<IdempotencyKeysTable>): IdempotencyRecord => ({
  orgId: row.org_id as OrganizationId,
  key: row.idempotency_key,
  fingerprint: row.fingerprint,
  response: { status: row.response_status, headers: JSON.parse(row.response_headers) as Record<string, string>, body: row.response_body },
  createdAt: instantToColumn(row.created_at),
});

const readRecord = <E>(found: Effect.Effect<Selectable<IdempotencyKeysTable> | undefined, E>) =>
  Effect.flatMap(found, (row) =>
    Effect.try({ try: () => Option.map(Option.fromNullable(row), recordOf), catch: (cause) => storeUnavailable("reading an idempotency record", cause) }),
  );

export const makeSqlIdempotencyStore = (database: SqlDatabase): IdempotencyStore => {
  const db = database.db.withTables<IdempotencyTables>();
  const select = (orgId: string, key: string, notBefore: string) =>
    readRecord(
      query("reading an idempotency record", () =>
        db
          .selectFrom("idempotency_keys")
          .selectAll()
          .where("org_id", "=", orgId)
          .where("idempotency_key", "=", key)
          .where("created_at", ">=", instantToColumn(notBefore))
          .executeTakeFirst(),
      ),
    );

  return {
    find: (orgId, key, notBefore) => select(orgId, key, notBefore),
    remember: (record, notBefore) =>
      Effect.gen(function* () {
        yield* query("storing an idempotency record", () =>
          db
            .insertInto("idempotency_keys")
            .values({
              org_id: record.orgId,
              idempotency_key: record.key,
              fingerprint: record.fingerprint,
              response_status: record.response.status,
              response_headers: JSON.stringify(record.response.headers),
              response_body: record.response.body,
              created_at: instantToColumn(record.createdAt),
            })
            .onConflict((oc) =>
              oc
                .columns(["org_id", "idempotency_key"])
                .doUpdateSet((eb) => ({
                  fingerprint: eb.ref("excluded.fingerprint"),
                  response_status: eb.ref("excluded.response_status"),
                  response_headers: eb.ref("excluded.response_headers"),
                  response_body: eb.ref("excluded.response_body"),
                  created_at: eb.ref("excluded.created_at"),
                }))
                // Only an expired record gives its key up.
                .where("idempotency_keys.created_at", "<", instantToColumn(notBefore)),
            )
            .execute(),
        );
        const held = yield* select(record.orgId, record.key, "1970-01-01T00:00:00.000Z");
        return yield* Option.match(held, {
          onNone: () => Effect.fail(storeUnavailable("storing an idempotency record", new Error("the record vanished after it was written"))),
          onSome: Effect.succeed,
        });
      }),
  };
};
