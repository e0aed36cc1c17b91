/**
 * The relational store chosen by BATCH_DATABASE_URL (SQLite or PostgreSQL), migrated when
 * opened, and the ports built on it. The connection closes when the container is torn down.
 */
import { ContainerModule } from "inversify";
import { makeSqlIdempotencyStore, makeSqlIdentityStore, makeSqlJobQueue, makeSqlStores, makeSqlUnitOfWork, openDatabase } from "@batch/store-sql";
import { settledWithin } from "../settled-within";
import { bindService, resolve } from "./token";
import { Tokens } from "./tokens";

const STORE_PING_TIMEOUT_MS = 2000;

export const storageModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.Database, async (ctx) => {
    const config = await resolve(ctx, Tokens.Config);
    const logger = await resolve(ctx, Tokens.Logger);
    const database = await openDatabase(config.databaseUrl, {
      cwd: config.baseDirectory,
      poolSize: config.databasePoolSize,
      poolTimeoutMs: config.databasePoolTimeoutSeconds * 1000,
      onConnectionError: (error: Error) => logger.warn({ err: error }, "a database connection failed; the pool opens another"),
    });
    logger.info({ database: database.description }, "database open and migrated");
    return database;
  }).onDeactivation((database) => database.close());

  // Readiness must answer even when the store does not: a ping that takes longer than this is a "no".
  bindService(bind, Tokens.StorePing, async (ctx) => {
    const database = await resolve(ctx, Tokens.Database);
    return {
      ping: async () => {
        let answered = false;
        const query = database.db
          .selectNoFrom((eb) => eb.val(1).as("one"))
          .execute()
          .then(() => {
            answered = true;
          });
        return (await settledWithin(query, STORE_PING_TIMEOUT_MS)) && answered;
      },
    };
  });

  // An operational read across organizations for the batches-by-status gauge; no use case needs it.
  bindService(bind, Tokens.BatchStatusCounts, async (ctx) => {
    const database = await resolve(ctx, Tokens.Database);
    return async () => {
      const rows = await database.db
        .selectFrom("erp_batches")
        .select("status")
        .select((eb) => eb.fn.countAll<number | string>().as("count"))
        .groupBy("status")
        .execute();
      return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
    };
  });

  bindService(bind, Tokens.IdentityStore, async (ctx) => makeSqlIdentityStore(await resolve(ctx, Tokens.Database)));
  bindService(bind, Tokens.IdempotencyStore, async (ctx) => makeSqlIdempotencyStore(await resolve(ctx, Tokens.Database)));
  bindService(bind, Tokens.JobQueue, async (ctx) => makeSqlJobQueue(await resolve(ctx, Tokens.Database)));
  bindService(bind, Tokens.UnitOfWork, async (ctx) => makeSqlUnitOfWork(await resolve(ctx, Tokens.Database), makeSqlStores));
});
