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

describe("PostgreSQL connection pool", () => {
  it("refuses a unit of work with StoreUnavailable once it has waited poolTimeoutMs for a connection, and serves it when one is free", async () => {
    const database = await openTestPostgres({ poolSize: 1, poolTimeoutMs: 300 });
    try {
      const uow = makeSqlUnitOfWork(database, (session) => session);
      const holding = await Effect.runPromise(Deferred.make<void>());
      const release = await Effect.runPromise(Deferred.make<void>());
      // The pool's only connection, held by a unit of work until told to finish.
      const holder = Effect.runPromise(uow.run(() => Effect.zipRight(Deferred.succeed(holding, undefined), Deferred.await(release))));
      await Effect.runPromise(Deferred.await(holding));
      const started = Date.now();
      const refused = await Effect.runPromise(Effect.either(uow.run(() => Effect.succeed("ran"))));
      const waited = Date.now() - started;
      expect(refused._tag === "Left" && refused.left._tag).toBe("Store.Unavailable");
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(10_000);
      await Effect.runPromise(Deferred.succeed(release, undefined));
      await holder;
      expect(await Effect.runPromise(uow.run(() => Effect.succeed("ran")))).toBe("ran");
    } finally {
      await database.close();
    }
  });

  it("survives the server ending a connection in the middle of a unit of work: that unit fails with StoreUnavailable, the next one commits", async () => {
    const database = await openTestPostgres({ poolSize: 2 });
    try {
      const uow = makeSqlUnitOfWork(database, (session) => session);
      const backendPid = (session: SqlSession) =>
        query("reading the backend", () => sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(session.db)).pipe(Effect.map((r) => Number(r.rows[0]?.pid)));
      const outcome = await Effect.runPromise(
        Effect.either(
          uow.run((session) =>
            Effect.gen(function* () {
              const pid = yield* backendPid(session);
              // Ended from outside while this unit of work holds the connection between two statements.
              yield* Effect.promise(() => sql`select pg_terminate_backend(${pid})`.execute(database.db));
              yield* Effect.sleep("200 millis");
              return yield* backendPid(session);
            }),
          ),
        ),
      );
      expect(outcome._tag === "Left" && outcome.left._tag).toBe("Store.Unavailable");
      expect(await Effect.runPromise(uow.run(backendPid))).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });

  it("names its connections after the schema, so a database's operator tells services apart", async () => {
    const database = await openTestPostgres({ poolSize: 1 });
    try {
      const { rows } = await sql<{ name: string }>`select current_setting('application_name') as name`.execute(database.db);
      expect(rows[0]?.name).toBe(`batchport/${database.schema ?? ""}`);
    } finally {
      await database.close();
    }
  });
});
