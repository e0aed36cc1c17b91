/** Companies, company codes and purchase orders over MemoryDb, one row per natural key per organization. */
import { Effect, Option } from "effect";
import type { Company, CompanyCode, ErpRecordStore, ErpRecordStores, OrganizationId, PurchaseOrder } from "@batch/core";
import { table, type MemoryDb } from "./memory-db";

const makeRecordStore = <A>(db: MemoryDb, name: string, naturalKey: (record: A) => string): ErpRecordStore<A> => {
  const rows = () => table<{ readonly orgId: OrganizationId; readonly record: A }>(db, name);
  const keyOf = (orgId: OrganizationId, key: string) => JSON.stringify([orgId, key]);
  return {
    upsertMany: (orgId, records) =>
      Effect.sync(() => {
        for (const record of records) rows().set(keyOf(orgId, naturalKey(record)), { orgId, record });
      }),
    get: (orgId, key) => Effect.sync(() => Option.map(Option.fromNullable(rows().get(keyOf(orgId, key))), (row) => row.record)),
    count: (orgId) => Effect.sync(() => [...rows().values()].filter((row) => row.orgId === orgId).length),
  };
};

export const makeMemoryCompanyStore = (db: MemoryDb): ErpRecordStore<Company> => makeRecordStore<Company>(db, "erp_companies", (c) => c.referenceId);
export const makeMemoryCompanyCodeStore = (db: MemoryDb): ErpRecordStore<CompanyCode> =>
  makeRecordStore<CompanyCode>(db, "erp_company_codes", (c) => c.referenceId);
export const makeMemoryPurchaseOrderStore = (db: MemoryDb): ErpRecordStore<PurchaseOrder> =>
  makeRecordStore<PurchaseOrder>(db, "erp_purchase_orders", (po) => po.purchaseOrderNo);

export const makeMemoryErpRecordStores = (db: MemoryDb): ErpRecordStores => ({
  companies: makeMemoryCompanyStore(db),
  companyCodes: makeMemoryCompanyCodeStore(db),
  purchaseOrders: makeMemoryPurchaseOrderStore(db),
});
