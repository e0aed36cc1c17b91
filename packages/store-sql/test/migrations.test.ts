import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { migrateTo, migrateToLatest, migrations, type SqlDatabase } from "../src";
import { openTestPostgres, openTestSqlite } from "./databases";

const names = Object.keys(migrations.sqlite);
const latest = names[names.length - 1] ?? "";
const previous = names[names.length - 2] ?? "";

/** Tables, columns, indexes and the applied migrations: what a migration could change. */
const schemaOf = async (database: SqlDatabase): Promise<unknown> => {
  if (database.dialect.name === "sqlite") {
    return (await sql`select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(database.db)).rows;
  }
  const columns = await sql`select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = ${database.schema} order by table_name, ordinal_position`.execute(database.db);
  const indexes = await sql`select indexname, indexdef from pg_indexes where schemaname = ${database.schema} order by indexname`.execute(database.db);
  const constraints = await sql`select conname, pg_get_constraintdef(oid) as def from pg_constraint
    where connamespace = ${database.schema}::regnamespace order by conname`.execute(database.db);
  return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
};

const applied = async (database: SqlDatabase) =>
  (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db)).rows.map((r) => r.name);

describe("migrations", () => {
  it("have the same file set in every dialect, in order", () => {
    expect(Object.keys(migrations.postgres)).toEqual(names);
    expect([...names].sort()).toEqual(names);
    expect(names.length).toBeGreaterThanOrEqual(2);
  });

  describe.each([
    ["SQLite", () => openTestSqlite({ migrate: false })],
    ["PostgreSQL", () => openTestPostgres({ migrate: false })],
  ] as const)("on %s", (_name, open) => {
    it("bring an empty database to the latest schema, and a second run changes nothing", async () => {
      const database = await open();
      try {
        expect(await migrateToLatest(database)).toEqual(names);
        const before = await schemaOf(database);
        expect(await migrateToLatest(database)).toEqual([]);
        expect(await schemaOf(database)).toEqual(before);
        expect(await applied(database)).toEqual(names);
      } finally {
        await database.close();
      }
    });

    it(`upgrade a database of ${previous} holding data to ${latest} and keep the data`, async () => {
      const database = await open();
      try {
        await migrateTo(database, previous);
        await database.db
          .insertInto("jobs")
          .values({ org_id: "o1", kind: "erp-batch", subject_id: "b1", enqueued_at: "2026-01-01T00:00:00.000Z", attempts: 2, worker_id: "w1", lease_expires_at: "2026-01-01T00:05:00.000Z" })
          .execute();
        await database.db
          .insertInto("events")
          .values({ org_id: "o1", aggregate_type: "ErpBatch", aggregate_id: "b1", version: 1, event_type: "Created", occurred_at: "2026-01-01T00:00:00.000Z", payload: '{"_tag":"Created"}' })
          .execute();
        await database.db.insertInto("counters").values({ org_id: "o1", name: "ap_batch_no", value: 41 }).execute();
        await database.db
          .insertInto("erp_batch_items")
          .values([
            { org_id: "o1", batch_id: "b2", item_number: 1, status: "PENDING", key: null, errors: "[]", payload: '{"zeta":1,"a":2,"mid":{"y":true}}', acknowledged_at: null },
            { org_id: "o1", batch_id: "b1", item_number: 1, status: "FAILED", key: "K1", errors: '[{"field":"name","message":"is required"}]', payload: null, acknowledged_at: null },
          ])
          .execute();
        const snapshot = async () => ({
          jobs: await database.db.selectFrom("jobs").selectAll().execute(),
          events: await database.db.selectFrom("events").selectAll().execute(),
          counters: await database.db.selectFrom("counters").selectAll().execute(),
          erpBatchItems: await database.db.selectFrom("erp_batch_items").selectAll().orderBy("batch_id").execute(),
        });
        const before = await snapshot();

        expect(await migrateToLatest(database)).toEqual([latest]);
        // JSON columns compare as text (pg hands json and jsonb back unparsed): a payload stored
        // under jsonb keeps the text, and so the key order, jsonb gave it.
        expect(await snapshot()).toEqual(before);
        expect(before.events[0]?.payload).toContain("Created");
        expect(JSON.parse(before.erpBatchItems[1]?.payload ?? "null")).toEqual({ zeta: 1, a: 2, mid: { y: true } });
      } finally {
        await database.close();
      }
    });
  });
});
