/**
 * Stores of the master data that inbound ERP batches upsert (DOMAIN.md, "What applying an inbound
 * item does"): companies and company codes by `referenceId`, purchase orders by `purchaseOrderNo`.
 * Used inside a unit of work.
 */
import type { Effect, Option } from "effect";
import type { OrganizationId } from "../kernel";
import type { Company } from "../records/company";
import type { CompanyCode } from "../records/company-code";
import type { PurchaseOrder } from "../records/purchase-order";
import type { StoreUnavailable } from "./errors";

/** Records of one kind, one per natural key per organization. */
export interface ErpRecordStore<A> {
  /**
   * Inserts each record, or replaces the one with the same natural key; when `records` repeats a
   * key the later record wins. Fails with StoreUnavailable.
   */
  readonly upsertMany: (orgId: OrganizationId, records: ReadonlyArray<A>) => Effect.Effect<void, StoreUnavailable>;
  /** The record with that natural key, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, key: string) => Effect.Effect<Option.Option<A>, StoreUnavailable>;
  /** How many records the organization has. Fails with StoreUnavailable. */
  readonly count: (orgId: OrganizationId) => Effect.Effect<number, StoreUnavailable>;
}

/** Companies by `referenceId`. */
export type CompanyStore = ErpRecordStore<Company>;
/** Company codes by `referenceId`. */
export type CompanyCodeStore = ErpRecordStore<CompanyCode>;
/** Purchase orders by `purchaseOrderNo`. */
export type PurchaseOrderStore = ErpRecordStore<PurchaseOrder>;

/** The record stores the COMPANY, COMPANY_CODE and PURCHASE_ORDER appliers write. */
export interface ErpRecordStores {
  readonly companies: CompanyStore;
  readonly companyCodes: CompanyCodeStore;
  readonly purchaseOrders: PurchaseOrderStore;
}
