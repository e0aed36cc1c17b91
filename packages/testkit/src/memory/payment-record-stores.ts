/**
 * The payments area's record stores over MemoryDb: financial accounts (key unique per
 * organization), custom attribute definitions, payment requests, bank statement entries
 * (stored once per entry key) and the last payment file of each batch. Every row is keyed by
 * organization first, so organizations never see each other's records.
 */
import { Effect, Option } from "effect";
import {
  UniqueConflict,
  type BankStatementEntry,
  type BankStatementEntryStore,
  type CustomAttributeDefinition,
  type CustomAttributeDefinitionStore,
  type FinancialAccount,
  type FinancialAccountStore,
  type OrganizationId,
  type PaymentFileStore,
  type PaymentRequest,
  type PaymentRequestStore,
  type StoredPaymentFile,
} from "@batch/core";
import { table, type MemoryDb } from "./memory-db";

export const FINANCIAL_ACCOUNT_KEY_CONSTRAINT = "financial_accounts.key";

const keyOf = (orgId: OrganizationId, key: string) => JSON.stringify([orgId, key]);

interface Row<V> {
  readonly orgId: OrganizationId;
  readonly key: string;
  readonly value: V;
}

/** One table of values keyed by organization and a natural key. */
const keyedTable = <V>(db: MemoryDb, name: string) => {
  const rows = () => table<Row<V>>(db, name);
  return {
    get: (orgId: OrganizationId, key: string): Option.Option<V> => Option.map(Option.fromNullable(rows().get(keyOf(orgId, key))), (r) => r.value),
    has: (orgId: OrganizationId, key: string): boolean => rows().has(keyOf(orgId, key)),
    set: (orgId: OrganizationId, key: string, value: V): void => {
      rows().set(keyOf(orgId, key), { orgId, key, value });
    },
    delete: (orgId: OrganizationId, key: string): void => {
      rows().delete(keyOf(orgId, key));
    },
    /** The organization's values ordered by key. */
    list: (orgId: OrganizationId, where: (v: V) => boolean = () => true): ReadonlyArray<V> =>
      [...rows().values()]
        .filter((r) => r.orgId === orgId && where(r.value))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((r) => r.value),
  };
};

export const makeMemoryFinancialAccountStore = (db: MemoryDb): FinancialAccountStore => {
  const accounts = keyedTable<FinancialAccount>(db, "financial_accounts");
  return {
    insert: (orgId, account) =>
      Effect.suspend(() => {
        if (accounts.has(orgId, account.key)) {
          return Effect.fail(
            new UniqueConflict({ constraint: FINANCIAL_ACCOUNT_KEY_CONSTRAINT, message: `financial account "${account.key}" already exists` }),
          );
        }
        accounts.set(orgId, account.key, account);
        return Effect.void;
      }),
    get: (orgId, key) => Effect.sync(() => accounts.get(orgId, key)),
    list: (orgId) => Effect.sync(() => accounts.list(orgId)),
  };
};

export const makeMemoryCustomAttributeDefinitionStore = (db: MemoryDb): CustomAttributeDefinitionStore => {
  const definitions = keyedTable<CustomAttributeDefinition>(db, "custom_attribute_definitions");
  return {
    put: (orgId, definition) => Effect.sync(() => definitions.set(orgId, definition.name, definition)),
    get: (orgId, name) => Effect.sync(() => definitions.get(orgId, name)),
    list: (orgId) => Effect.sync(() => definitions.list(orgId)),
  };
};

export const makeMemoryPaymentRequestStore = (db: MemoryDb): PaymentRequestStore => {
  const requests = keyedTable<PaymentRequest>(db, "payment_requests");
  return {
    get: (orgId, referenceId) => Effect.sync(() => requests.get(orgId, referenceId)),
    put: (orgId, request) => Effect.sync(() => requests.set(orgId, request.referenceId, request)),
  };
};

export const makeMemoryBankStatementEntryStore = (db: MemoryDb): BankStatementEntryStore => {
  const entries = keyedTable<BankStatementEntry>(db, "bank_statement_entries");
  return {
    insert: (orgId, entry) =>
      Effect.sync(() => {
        if (entries.has(orgId, entry.entryKey)) return "AlreadyStored" as const;
        entries.set(orgId, entry.entryKey, entry);
        return "Inserted" as const;
      }),
    update: (orgId, entry) => Effect.sync(() => entries.set(orgId, entry.entryKey, entry)),
    get: (orgId, entryKey) => Effect.sync(() => entries.get(orgId, entryKey)),
    listByStatement: (orgId, statementId) => Effect.sync(() => entries.list(orgId, (e) => e.statementId === statementId)),
  };
};

export const makeMemoryPaymentFileStore = (db: MemoryDb): PaymentFileStore => {
  const files = keyedTable<StoredPaymentFile>(db, "payment_files");
  return {
    put: (orgId, file) => Effect.sync(() => files.set(orgId, file.paymentBatchId, file)),
    get: (orgId, paymentBatchId) => Effect.sync(() => files.get(orgId, paymentBatchId)),
    delete: (orgId, paymentBatchId) => Effect.sync(() => files.delete(orgId, paymentBatchId)),
  };
};
