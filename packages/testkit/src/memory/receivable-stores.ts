/**
 * The receivable books over MemoryDb: customers, receivable documents and line items, each keyed
 * by organization and natural key. Values are stored as given and replaced whole, never mutated.
 */
import { Effect, Option } from "effect";
import {
  Decimal,
  type Customer,
  type CustomerStore,
  type DocumentType,
  type LineItem,
  type LineItemStore,
  type OrganizationId,
  type ReceivableDocument,
  type ReceivableDocumentStore,
  type ReceivableStores,
} from "@batch/core";
import { table, type MemoryDb } from "./memory-db";

interface Row<V> {
  readonly orgId: OrganizationId;
  readonly value: V;
}

const CUSTOMERS = "receivable_customers";
const DOCUMENTS = "receivable_documents";
const LINE_ITEMS = "receivable_line_items";

const keyOf = (...parts: ReadonlyArray<string | number>) => JSON.stringify(parts);

/** Rows of one organization (a snapshot: safe to write while iterating). */
const ofOrg = <V>(rows: Map<string, Row<V>>, orgId: OrganizationId) => [...rows].filter(([, row]) => row.orgId === orgId);

export const makeMemoryCustomerStore = (db: MemoryDb): CustomerStore => {
  const rows = () => table<Row<Customer>>(db, CUSTOMERS);
  return {
    get: (orgId, customerno) => Effect.sync(() => Option.map(Option.fromNullable(rows().get(keyOf(orgId, customerno))), (row) => row.value)),
    put: (orgId, customer) =>
      Effect.sync(() => {
        rows().set(keyOf(orgId, customer.customerno), { orgId, value: customer });
      }),
    zeroOutBalances: (orgId, at) =>
      Effect.sync(() => {
        const customers = ofOrg(rows(), orgId);
        for (const [key, row] of customers) {
          if (!Decimal.isZero(row.value.balance)) rows().set(key, { orgId, value: { ...row.value, balance: Decimal.zero, updatedAt: at } });
        }
        return customers.length;
      }),
  };
};

export const makeMemoryReceivableDocumentStore = (db: MemoryDb): ReceivableDocumentStore => {
  const rows = () => table<Row<ReceivableDocument>>(db, DOCUMENTS);
  return {
    get: (orgId, key) =>
      Effect.sync(() => Option.map(Option.fromNullable(rows().get(keyOf(orgId, key.customerNumber, key.invoiceNumber))), (row) => row.value)),
    put: (orgId, document) =>
      Effect.sync(() => {
        rows().set(keyOf(orgId, document.customerNumber, document.invoiceNumber), { orgId, value: document });
      }),
    carryForward: (orgId, documentTypes, at) =>
      Effect.sync(() => {
        const counts: Partial<Record<DocumentType, number>> = Object.fromEntries(documentTypes.map((t) => [t, 0]));
        for (const [key, row] of ofOrg(rows(), orgId)) {
          const { documentType, status } = row.value;
          if (status !== "Open" || !documentTypes.includes(documentType)) continue;
          rows().set(key, { orgId, value: { ...row.value, status: "CarriedOver", updatedAt: at } });
          counts[documentType] = (counts[documentType] ?? 0) + 1;
        }
        return counts;
      }),
    forgetAppliedBalances: (orgId, at) =>
      Effect.sync(() => {
        let changed = 0;
        for (const [key, row] of ofOrg(rows(), orgId)) {
          if (Decimal.isZero(row.value.appliedToBalance)) continue;
          rows().set(key, { orgId, value: { ...row.value, appliedToBalance: Decimal.zero, updatedAt: at } });
          changed += 1;
        }
        return changed;
      }),
  };
};

export const makeMemoryLineItemStore = (db: MemoryDb): LineItemStore => {
  const rows = () => table<Row<LineItem>>(db, LINE_ITEMS);
  return {
    get: (orgId, key) =>
      Effect.sync(() =>
        Option.map(Option.fromNullable(rows().get(keyOf(orgId, key.customerNumber, key.invoiceNumber, key.lineNumber))), (row) => row.value),
      ),
    put: (orgId, item) =>
      Effect.sync(() => {
        rows().set(keyOf(orgId, item.customerNumber, item.invoiceNumber, item.lineNumber), { orgId, value: item });
      }),
    listByDocument: (orgId, key) =>
      Effect.sync(() =>
        ofOrg(rows(), orgId)
          .map(([, row]) => row.value)
          .filter((item) => item.customerNumber === key.customerNumber && item.invoiceNumber === key.invoiceNumber)
          .sort((a, b) => a.lineNumber - b.lineNumber),
      ),
  };
};

export const makeMemoryReceivableStores = (db: MemoryDb): ReceivableStores => ({
  customers: makeMemoryCustomerStore(db),
  receivableDocuments: makeMemoryReceivableDocumentStore(db),
  lineItems: makeMemoryLineItemStore(db),
});
