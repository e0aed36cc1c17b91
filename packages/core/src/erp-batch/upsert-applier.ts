/**
 * The applier of master-data payload types whose effect is a plain upsert by natural key
 * (COMPANY, COMPANY_CODE, PURCHASE_ORDER): every valid record is applied, and applying again
 * leaves the same record, so a chunk replayed after a crash changes nothing.
 */
import { Effect, type Schema } from "effect";
import type { ErpRecordStore } from "../ports/erp-record-stores";
import type { ItemApplier } from "../records/item-applier";
import type { PayloadObjectType } from "../records/payload-object-type";

export const makeUpsertApplier = <Stores, A, I>(spec: {
  readonly payloadObjectType: PayloadObjectType;
  readonly schema: Schema.Schema<A, I>;
  readonly keyOf: (record: A) => string;
  readonly store: (stores: Stores) => ErpRecordStore<A>;
}): ItemApplier<Stores, A, I> => ({
  payloadObjectType: spec.payloadObjectType,
  schema: spec.schema,
  keyOf: spec.keyOf,
  apply: (stores, context, items) =>
    spec
      .store(stores)
      .upsertMany(context.orgId, items.map((item) => item.record))
      .pipe(Effect.as(items.map((item) => ({ _tag: "Applied" as const, itemNumber: item.itemNumber, key: spec.keyOf(item.record) })))),
});
