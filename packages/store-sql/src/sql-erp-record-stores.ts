/**
 * The master data inbound ERP batches upsert: companies and company codes by `referenceId`,
 * purchase orders by `purchaseOrderNo`. Each upsert of a chunk is multi-row statements.
 */
import type { Company, CompanyCode, ErpRecordStore, ErpRecordStores, PurchaseOrder } from "@batch/core";
import type { TableName } from "./bulk-write";
import type { SqlSession } from "./dialects/dialect";
import { makeRecordAccess } from "./record-table";

const makeErpRecordStore = <A extends object>(
  session: SqlSession,
  table: TableName,
  noun: string,
  key: { readonly property: keyof A & string; readonly column: string },
): ErpRecordStore<A> => {
  const records = makeRecordAccess<A>(session, {
    table,
    noun,
    columns: { [key.property]: { property: key.property, column: key.column, type: "string" } },
    key: [key.property],
  });
  return {
    upsertMany: (orgId, values) => records.put(orgId, values),
    get: (orgId, value) => records.find(orgId, { [key.property]: value } as Partial<Record<keyof A & string, unknown>>),
    count: records.count,
  };
};

export const makeSqlErpRecordStores = (session: SqlSession): ErpRecordStores => ({
  companies: makeErpRecordStore<Company>(session, "erp_companies", "company", { property: "referenceId", column: "reference_id" }),
  companyCodes: makeErpRecordStore<CompanyCode>(session, "erp_company_codes", "company code", { property: "referenceId", column: "reference_id" }),
  purchaseOrders: makeErpRecordStore<PurchaseOrder>(session, "erp_purchase_orders", "purchase order", { property: "purchaseOrderNo", column: "purchase_order_no" }),
});
