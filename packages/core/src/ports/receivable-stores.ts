/**
 * The receivable books the eBill imports write: customers, receivable documents and their line
 * items, each upserted by its natural key within an organization. They are used inside a unit of
 * work; the rules (balances, defaults, what a re-import keeps) live in the records, so the stores
 * only keep values.
 */
import type { Effect, Option } from "effect";
import type { Instant, OrganizationId } from "../kernel";
import type { Customer } from "../records/customer";
import type { LineItem, LineItemKey } from "../records/line-item";
import type { DocumentKey, DocumentType, ReceivableDocument } from "../records/receivable-document";
import type { StoreUnavailable } from "./errors";

export interface CustomerStore {
  /** The customer with that customerno, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, customerno: string) => Effect.Effect<Option.Option<Customer>, StoreUnavailable>;
  /** Inserts, or replaces the customer with the same customerno. Fails with StoreUnavailable. */
  readonly put: (orgId: OrganizationId, customer: Customer) => Effect.Effect<void, StoreUnavailable>;
  /**
   * Sets the balance of every customer of the organization to 0 (`updatedAt = at` where it
   * changes) and returns how many customers the organization has. Fails with StoreUnavailable.
   */
  readonly zeroOutBalances: (orgId: OrganizationId, at: Instant) => Effect.Effect<number, StoreUnavailable>;
}

export interface ReceivableDocumentStore {
  /** The document with that invoiceNumber + customerNumber, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, key: DocumentKey) => Effect.Effect<Option.Option<ReceivableDocument>, StoreUnavailable>;
  /** Inserts, or replaces the document with the same key. Fails with StoreUnavailable. */
  readonly put: (orgId: OrganizationId, document: ReceivableDocument) => Effect.Effect<void, StoreUnavailable>;
  /**
   * Sets every `Open` document of the given types to `CarriedOver` (`updatedAt = at`) and returns
   * how many of each type changed (0 for a type given with none, absent for a type not given).
   * Fails with StoreUnavailable.
   */
  readonly carryForward: (
    orgId: OrganizationId,
    documentTypes: ReadonlyArray<DocumentType>,
    at: Instant,
  ) => Effect.Effect<Readonly<Partial<Record<DocumentType, number>>>, StoreUnavailable>;
  /**
   * Sets `appliedToBalance` of every document of the organization to 0, with the customers'
   * balances zeroed in the same unit of work; returns how many documents changed. Fails with
   * StoreUnavailable.
   */
  readonly forgetAppliedBalances: (orgId: OrganizationId, at: Instant) => Effect.Effect<number, StoreUnavailable>;
}

export interface LineItemStore {
  /** The line item with that key, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, key: LineItemKey) => Effect.Effect<Option.Option<LineItem>, StoreUnavailable>;
  /** Inserts, or replaces the line item with the same key. Fails with StoreUnavailable. */
  readonly put: (orgId: OrganizationId, item: LineItem) => Effect.Effect<void, StoreUnavailable>;
  /** The line items of a document, by lineNumber. Fails with StoreUnavailable. */
  readonly listByDocument: (orgId: OrganizationId, key: DocumentKey) => Effect.Effect<ReadonlyArray<LineItem>, StoreUnavailable>;
}

/** The stores the eBill imports write, as keys of a unit of work's bag. */
export interface ReceivableStores {
  readonly customers: CustomerStore;
  readonly receivableDocuments: ReceivableDocumentStore;
  readonly lineItems: LineItemStore;
}
