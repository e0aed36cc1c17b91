import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Deferred, Effect } from "effect";
import { sql } from "kysely";
import { makeSqlUnitOfWork, type SqlDatabase, type SqlSession } from "../src";
import { query } from "../src/store-effect";
import { openTestPostgres } from "./databases";

describe("PostgreSQL unit of work", () => {
  let database: SqlDatabase;
  beforeAll(async () => {
    database = await openTestPostgres();
    await database.db.insertInto("counters").values([{ org_id: "o", name: "a", value: 0 }, { org_id: "o", name: "b", value: 0 }]).execute();
  });
  afterAll(() => database.close());

  const bump = (session: SqlSession, name: string) =>
    query("bumping", () => sql`update counters set value = value + 1 where org_id = 'o' and name = ${name}`.execute(session.db));

  it("runs a unit of work that lost a deadlock again, so both crossing units of work commit", async () => {
    const uow = makeSqlUnitOfWork(database, (session) => session);
    const aLocked = await Effect.runPromise(Deferred.make<void>());
    const bLocked = await Effect.runPromise(Deferred.make<void>());
    let runs = 0;
    // Each takes one row lock, waits until the other holds its own, then asks for the other's row.
    const crossing = (first: string, second: string, mine: Deferred.Deferred<void>, theirs: Deferred.Deferred<void>) =>
      uow.run((session) =>
        Effect.gen(function* () {
          runs += 1;
          yield* bump(session, first);
          yield* Deferred.succeed(mine, undefined);
          yield* Deferred.await(theirs);
          yield* bump(session, second);
        }),
      );
    await Effect.runPromise(Effect.all([crossing("a", "b", aLocked, bLocked), crossing("b", "a", bLocked, aLocked)], { concurrency: 2 }));
    expect(runs).toBe(3);
    const values = await database.db.selectFrom("counters").select(["name", "value"]).orderBy("name").execute();
    expect(values).toEqual([{ name: "a", value: 2 }, { name: "b", value: 2 }]);
  });
});
