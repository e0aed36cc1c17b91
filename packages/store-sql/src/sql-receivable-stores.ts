/**
 * The receivable books (seed 002 and 004 imports): customers by `customerno`, documents by
 * `invoiceNumber` + `customerNumber`, line items by document and `lineNumber`. Balances, statuses
 * and `updatedAt` are columns, so BatchInit's carry forward and zero-out are single UPDATEs.
 */
import { Effect } from "effect";
import {
  Decimal,
  type Customer,
  type CustomerStore,
  type DocumentType,
  type LineItem,
  type LineItemStore,
  type ReceivableDocument,
  type ReceivableDocumentStore,
  type ReceivableStores,
} from "@batch/core";
import { decimalToColumn } from "./columns";
import type { SqlSession } from "./dialects/dialect";
import type { PropertyColumns } from "./property-columns";
import { makeRecordAccess } from "./record-table";
import { query } from "./store-effect";

const columns = (entries: ReadonlyArray<readonly [property: string, column: string, type: PropertyColumns[string]["type"]]>): PropertyColumns =>
  Object.fromEntries(entries.map(([property, column, type]) => [property, { property, column, type }]));

// `updatedAt` is kept as the caller's text ("string"), so it reads back exactly as given.
const customerColumns = columns([
  ["customerno", "customerno", "string"],
  ["balance", "balance", "decimal"],
  ["updatedAt", "updated_at", "string"],
]);
const documentColumns = columns([
  ["customerNumber", "customer_number", "string"],
  ["invoiceNumber", "invoice_number", "string"],
  ["documentType", "document_type", "string"],
  ["status", "status", "string"],
  ["appliedToBalance", "applied_to_balance", "decimal"],
  ["updatedAt", "updated_at", "string"],
]);
const lineItemColumns = columns([
  ["customerNumber", "customer_number", "string"],
  ["invoiceNumber", "invoice_number", "string"],
  ["lineNumber", "line_number", "integer"],
]);

const ZERO = decimalToColumn(Decimal.zero);

export const makeSqlCustomerStore = (session: SqlSession): CustomerStore => {
  const customers = makeRecordAccess<Customer>(session, { table: "receivable_customers", noun: "customer", columns: customerColumns, key: ["customerno"] });
  return {
    get: (orgId, customerno) => customers.find(orgId, { customerno }),
    put: (orgId, customer) => customers.put(orgId, [customer]),
    zeroOutBalances: (orgId, at) =>
      query("zeroing customer balances", () =>
        session.db.updateTable("receivable_customers").set({ balance: ZERO, updated_at: at }).where("org_id", "=", orgId).where("balance", "<>", ZERO).execute(),
      ).pipe(
        Effect.zipRight(
          query("counting customers", () =>
            session.db.selectFrom("receivable_customers").select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow(),
          ),
        ),
        Effect.map((row) => Number(row.n)),
      ),
  };
};

export const makeSqlReceivableDocumentStore = (session: SqlSession): ReceivableDocumentStore => {
  const documents = makeRecordAccess<ReceivableDocument>(session, {
    table: "receivable_documents",
    noun: "receivable document",
    columns: documentColumns,
    key: ["customerNumber", "invoiceNumber"],
  });
  return {
    get: (orgId, { customerNumber, invoiceNumber }) => documents.find(orgId, { customerNumber, invoiceNumber }),
    put: (orgId, document) => documents.put(orgId, [document]),
    carryForward: (orgId, documentTypes, at) => {
      const counts: Partial<Record<DocumentType, number>> = Object.fromEntries(documentTypes.map((t) => [t, 0]));
      if (documentTypes.length === 0) return Effect.succeed(counts);
      return query("carrying documents forward", () =>
        session.db
          .updateTable("receivable_documents")
          .set({ status: "CarriedOver", updated_at: at })
          .where("org_id", "=", orgId)
          .where("status", "=", "Open")
          .where("document_type", "in", documentTypes)
          .returning("document_type")
          .execute(),
      ).pipe(
        Effect.map((changed) => {
          for (const { document_type } of changed) counts[document_type as DocumentType] = (counts[document_type as DocumentType] ?? 0) + 1;
          return counts;
        }),
      );
    },
    forgetAppliedBalances: (orgId, at) =>
      query("forgetting applied balances", () =>
        session.db
          .updateTable("receivable_documents")
          .set({ applied_to_balance: ZERO, updated_at: at })
          .where("org_id", "=", orgId)
          .where("applied_to_balance", "<>", ZERO)
          .executeTakeFirst(),
      ).pipe(Effect.map((r) => Number(r.numUpdatedRows))),
  };
};

export const makeSqlLineItemStore = (session: SqlSession): LineItemStore => {
  const items = makeRecordAccess<LineItem>(session, {
    table: "receivable_line_items",
    noun: "line item",
    columns: lineItemColumns,
    key: ["customerNumber", "invoiceNumber", "lineNumber"],
  });
  return {
    get: (orgId, { customerNumber, invoiceNumber, lineNumber }) => items.find(orgId, { customerNumber, invoiceNumber, lineNumber }),
    put: (orgId, item) => items.put(orgId, [item]),
    listByDocument: (orgId, { customerNumber, invoiceNumber }) => items.list(orgId, { customerNumber, invoiceNumber }, ["lineNumber"]),
  };
};

export const makeSqlReceivableStores = (session: SqlSession): ReceivableStores => ({
  customers: makeSqlCustomerStore(session),
  receivableDocuments: makeSqlReceivableDocumentStore(session),
  lineItems: makeSqlLineItemStore(session),
});
