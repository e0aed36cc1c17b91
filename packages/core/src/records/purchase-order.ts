/** PURCHASE_ORDER records of inbound ERP batches (seed 000): upserted by `purchaseOrderNo`. */
import { Schema } from "effect";
import { fitsCurrency } from "../money/money";
import { fractionDigitsOf } from "../money/currency";
import type { PurchaseOrderStore } from "../ports/erp-record-stores";
import { makeUpsertApplier } from "../erp-batch/upsert-applier";
import { OptionalAmount, OptionalCurrency, OptionalDate, RequiredText, optionalLiteral } from "./fields";

export const PurchaseOrderTypes = ["Standard", "Return", "Capital"] as const;

export const PurchaseOrder = Schema.Struct({
  purchaseOrderNo: RequiredText,
  vendorNo: RequiredText,
  poType: optionalLiteral(...PurchaseOrderTypes),
  orderDate: OptionalDate,
  currency: OptionalCurrency,
  totalAmount: OptionalAmount,
}).pipe(
  // Amounts carry the currency's minor unit at most (DOMAIN.md, "Money is exact").
  Schema.filter((po) =>
    po.totalAmount === undefined || po.currency === undefined || fitsCurrency(po.totalAmount, po.currency)
      ? undefined
      : { path: ["totalAmount"], message: `must have at most ${fractionDigitsOf(po.currency) ?? 0} decimal places for ${po.currency}` },
  ),
).annotations({ identifier: "PurchaseOrder" });
export type PurchaseOrder = typeof PurchaseOrder.Type;

export const purchaseOrderApplier = makeUpsertApplier({
  payloadObjectType: "PURCHASE_ORDER",
  schema: PurchaseOrder,
  keyOf: (po) => po.purchaseOrderNo,
  store: (stores: { readonly purchaseOrders: PurchaseOrderStore }) => stores.purchaseOrders,
});
