import { identityStoreContract } from "@batch/testkit";
import type { IdentityStore } from "@batch/core";
import { makeSqlIdentityStore, type SqlDatabase } from "../src";
import { openTestPostgres, openTestSqlite } from "./databases";

const harness = (open: () => Promise<SqlDatabase>) => {
  const opened = new Map<IdentityStore, SqlDatabase>();
  return {
    make: async () => {
      const database = await open();
      const store = makeSqlIdentityStore(database);
      opened.set(store, database);
      return store;
    },
    close: async (store: IdentityStore) => {
      await opened.get(store)?.close();
      opened.delete(store);
    },
  };
};

identityStoreContract("SQLite", harness(() => openTestSqlite()));
identityStoreContract("PostgreSQL", harness(() => openTestPostgres()));
