import { idempotencyStoreContract } from "@batch/testkit";
import type { IdempotencyStore } from "@batch/core";
import { makeSqlIdempotencyStore, type SqlDatabase } from "../src";
import { openTestPostgres, openTestSqlite } from "./databases";

const harness = (open: () => Promise<SqlDatabase>) => {
  const opened = new Map<IdempotencyStore, SqlDatabase>();
  return {
    make: async () => {
      const database = await open();
      const store = makeSqlIdempotencyStore(database);
      opened.set(store, database);
      return store;
    },
    close: async (store: IdempotencyStore) => {
      await opened.get(store)?.close();
      opened.delete(store);
    },
  };
};

idempotencyStoreContract("SQLite", harness(() => openTestSqlite()));
idempotencyStoreContract("PostgreSQL", harness(() => openTestPostgres()));
