/**
 * The PAYMENT_STATUS applier (DOMAIN.md; ISO form pain.002).
 */
import { Effect, type Schema } from "effect";
import type { IdSource } from "../../ports/clock";
import type { PaymentStores } from "../../ports/payment-record-stores";
import type { ItemApplier, ItemOutcome } from "../../records/item-applier";
import { paymentStatusKeyOf, PaymentStatusRecord, statusChangeOf } from "../../records/payment-status";
import { setMatchedLineStatus } from "./line-status";

type Stores = Pick<PaymentStores, "paymentBatches" | "outbound">;

/**
 * The PAYMENT_STATUS applier: sets the status of the submitted line the record names; the item is
 * Rejected, naming why, when no submitted line matches. Idempotent: a line that already has the
 * status is left as it is and the item is Applied again.
 */
export const makePaymentStatusApplier = (deps: { readonly ids: IdSource }): ItemApplier<Stores, PaymentStatusRecord, unknown> => ({
  payloadObjectType: "PAYMENT_STATUS",
  // Every field reads `unknown` input, so the schema decodes anything a decoder hands it.
  schema: PaymentStatusRecord as unknown as Schema.Schema<PaymentStatusRecord, unknown>,
  isoMessage: "pain.002",
  keyOf: paymentStatusKeyOf,
  apply: (stores, context, records) =>
    Effect.forEach(records, ({ itemNumber, record }) =>
      Effect.map(
        setMatchedLineStatus(stores, deps, context, { ...statusChangeOf(record), match: record }),
        (result): ItemOutcome =>
          result._tag === "Matched"
            ? { _tag: "Applied", itemNumber, key: paymentStatusKeyOf(record) }
            : { _tag: "Rejected", itemNumber, key: paymentStatusKeyOf(record), errors: [{ field: result.field, message: result.message }] },
      ),
    ),
});

