import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { Effect, Either } from "effect";
import { makeSqlUnitOfWork, type SqlDatabase, type SqlSession } from "../src";
import { guardedWrite } from "../src/store-effect";
import { openTestPostgres, openTestSqlite } from "./databases";

describe("SQLite connection settings", () => {
  let database: SqlDatabase;
  beforeAll(async () => {
    database = await openTestSqlite();
  });
  afterAll(() => database.close());

  it("uses WAL, synchronous=FULL, foreign keys and a busy timeout", async () => {
    const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] as object)[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("synchronous")).toBe(2);
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("busy_timeout")).toBe(5000);
  });
});

describe("PostgreSQL connection settings", () => {
  let database: SqlDatabase;
  beforeAll(async () => {
    database = await openTestPostgres();
  });
  afterAll(() => database.close());

  it("confines the connections to the URL's schema and reads values in SQLite's shapes", async () => {
    const { rows } = await sql<{ schema: string; path: string; big: number; at: string; doc: string; amount: string }>`
      select current_schema() as schema, current_setting('search_path') as path, 9007199254740991::bigint as big,
             '2026-03-01 12:00:00.25+02'::timestamptz as at, '{"a": 1}'::jsonb as doc, 0.10::numeric + 0.20::numeric as amount`.execute(database.db);
    expect(rows[0]).toEqual({ schema: database.schema, path: database.schema, big: 9007199254740991, at: "2026-03-01T10:00:00.250Z", doc: '{"a": 1}', amount: "0.30" });
  });

  it("refuses a bigint that a JavaScript number cannot hold exactly", async () => {
    await expect(sql`select 9007199254740993::bigint as big`.execute(database.db)).rejects.toThrow(/does not fit/);
  });
});

const dialects: ReadonlyArray<readonly [string, () => Promise<SqlDatabase>]> = [
  ["SQLite", () => openTestSqlite()],
  ["PostgreSQL", () => openTestPostgres()],
];

describe.each(dialects)("driver errors on %s", (_name, open) => {
  let database: SqlDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(() => database.close());

  const insertCounter = (session: SqlSession, name: string) =>
    guardedWrite(session, "inserting a counter", () => session.db.insertInto("counters").values({ org_id: "o1", name, value: 1 }).execute());

  it("turns a taken unique key into a UniqueConflict named after its columns, and the transaction goes on", async () => {
    const uow = makeSqlUnitOfWork(database, (session) => session);
    const outcome = await Effect.runPromise(
      uow.run((session) =>
        Effect.gen(function* () {
          yield* insertCounter(session, "dup");
          const clash = yield* Effect.either(insertCounter(session, "dup"));
          // After the conflict the same transaction still writes (PostgreSQL: thanks to the savepoint).
          yield* insertCounter(session, "after");
          return clash;
        }),
      ),
    );
    expect(Either.isLeft(outcome) && outcome.left).toMatchObject({ _tag: "Store.UniqueConflict", constraint: "counters.name" });
    const names = await database.db.selectFrom("counters").select("name").orderBy("name").execute();
    expect(names.map((r) => r.name)).toEqual(["after", "dup"]);
  });

  it("turns other driver failures into StoreUnavailable naming what failed", async () => {
    const missing = await Effect.runPromise(
      Effect.either(makeSqlUnitOfWork(database, (s) => s).run((s) => guardedWrite(s, "writing nowhere", () => sql`insert into no_such_table values (1)`.execute(s.db)))),
    );
    expect(Either.isLeft(missing) && missing.left).toMatchObject({ _tag: "Store.Unavailable" });
    expect(Either.isLeft(missing) && missing.left.message).toMatch(/^writing nowhere failed: .*no_such_table/);
  });
});
