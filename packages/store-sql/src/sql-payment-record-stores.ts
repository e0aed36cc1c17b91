/**
 * The payment records (seed 003 and its extensions), each a record table keyed within the
 * organization: financial accounts by `key`, custom attribute definitions by `name`, payment
 * requests by `referenceId`, bank statement entries by `entryKey` (listed per statement), and the
 * last payment file of each batch.
 */
import { Effect } from "effect";
import type {
  BankStatementEntry,
  BankStatementEntryStore,
  CustomAttributeDefinition,
  CustomAttributeDefinitionStore,
  FinancialAccount,
  FinancialAccountStore,
  PaymentFileStore,
  PaymentRequest,
  PaymentRequestStore,
  StoredPaymentFile,
} from "@batch/core";
import type { SqlSession } from "./dialects/dialect";
import type { PropertyColumns } from "./property-columns";
import { makeRecordAccess } from "./record-table";
import { query } from "./store-effect";

const textColumns = (entries: ReadonlyArray<readonly [property: string, column: string]>): PropertyColumns =>
  Object.fromEntries(entries.map(([property, column]) => [property, { property, column, type: "string" as const }]));

export const makeSqlFinancialAccountStore = (session: SqlSession): FinancialAccountStore => {
  const accounts = makeRecordAccess<FinancialAccount>(session, {
    table: "financial_accounts",
    noun: "financial account",
    columns: textColumns([["key", "key"]]),
    key: ["key"],
  });
  return {
    insert: (orgId, account) => accounts.insert(orgId, [account]),
    get: (orgId, key) => accounts.find(orgId, { key }),
    list: (orgId) => accounts.list(orgId, {}, ["key"]),
  };
};

export const makeSqlCustomAttributeDefinitionStore = (session: SqlSession): CustomAttributeDefinitionStore => {
  const definitions = makeRecordAccess<CustomAttributeDefinition>(session, {
    table: "custom_attribute_definitions",
    noun: "custom attribute definition",
    columns: textColumns([["name", "name"]]),
    key: ["name"],
  });
  return {
    put: (orgId, definition) => definitions.put(orgId, [definition]),
    get: (orgId, name) => definitions.find(orgId, { name }),
    list: (orgId) => definitions.list(orgId, {}, ["name"]),
  };
};

export const makeSqlPaymentRequestStore = (session: SqlSession): PaymentRequestStore => {
  const requests = makeRecordAccess<PaymentRequest>(session, {
    table: "payment_requests",
    noun: "payment request",
    columns: textColumns([["referenceId", "reference_id"]]),
    key: ["referenceId"],
  });
  return {
    get: (orgId, referenceId) => requests.find(orgId, { referenceId }),
    put: (orgId, request) => requests.put(orgId, [request]),
  };
};

export const makeSqlBankStatementEntryStore = (session: SqlSession): BankStatementEntryStore => {
  const entries = makeRecordAccess<BankStatementEntry>(session, {
    table: "bank_statement_entries",
    noun: "bank statement entry",
    columns: textColumns([
      ["entryKey", "entry_key"],
      ["statementId", "statement_id"],
    ]),
    key: ["entryKey"],
  });
  return {
    insert: (orgId, entry) =>
      Effect.suspend(() =>
        query("storing a bank statement entry", () =>
          session.db
            .insertInto("bank_statement_entries")
            .values(entries.rowOf(orgId, entry) as never)
            .onConflict((oc) => oc.columns(["org_id", "entry_key"]).doNothing())
            .executeTakeFirst(),
        ),
      ).pipe(Effect.map((r) => ((r.numInsertedOrUpdatedRows ?? 0n) > 0n ? "Inserted" : "AlreadyStored"))),
    update: (orgId, entry) => entries.put(orgId, [entry]),
    get: (orgId, entryKey) => entries.find(orgId, { entryKey }),
    listByStatement: (orgId, statementId) => entries.list(orgId, { statementId }, ["entryKey"]),
  };
};

export const makeSqlPaymentFileStore = (session: SqlSession): PaymentFileStore => {
  const files = makeRecordAccess<StoredPaymentFile>(session, {
    table: "payment_files",
    noun: "payment file",
    columns: textColumns([["paymentBatchId", "payment_batch_id"]]),
    key: ["paymentBatchId"],
  });
  return {
    put: (orgId, file) => files.put(orgId, [file]),
    get: (orgId, paymentBatchId) => files.find(orgId, { paymentBatchId }),
    delete: (orgId, paymentBatchId) =>
      query("deleting a payment file", () =>
        session.db.deleteFrom("payment_files").where("org_id", "=", orgId).where("payment_batch_id", "=", paymentBatchId).execute(),
      ).pipe(Effect.asVoid),
  };
};
