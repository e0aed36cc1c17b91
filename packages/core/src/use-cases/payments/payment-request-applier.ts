/**
 * The PAYMENT_REQUEST applier (DOMAIN.md: upsert by `referenceId`; ISO form pain.001).
 */
import { Effect, Option, type Schema } from "effect";
import type { PaymentRequestStore } from "../../ports/payment-record-stores";
import type { ItemApplier, ItemOutcome } from "../../records/item-applier";
import { paymentRequestHoldsRecord, PaymentRequestRecord } from "../../records/payment-request";

/** Upserts by `referenceId`; an identical record changes nothing, so applying twice is applying once. */
export const makePaymentRequestApplier = (): ItemApplier<{ readonly paymentRequests: PaymentRequestStore }, PaymentRequestRecord, unknown> => ({
  payloadObjectType: "PAYMENT_REQUEST",
  // Every field reads `unknown` input, so the schema decodes anything a decoder hands it.
  schema: PaymentRequestRecord as unknown as Schema.Schema<PaymentRequestRecord, unknown>,
  isoMessage: "pain.001",
  keyOf: (r) => r.referenceId,
  apply: (stores, context, records) =>
    Effect.forEach(records, ({ itemNumber, record }) =>
      Effect.gen(function* () {
        const stored = yield* stores.paymentRequests.get(context.orgId, record.referenceId);
        const unchanged = Option.exists(stored, (s) => paymentRequestHoldsRecord(s, record));
        if (!unchanged) {
          const previous = Option.getOrUndefined(stored);
          yield* stores.paymentRequests.put(context.orgId, {
            ...record,
            receivedAt: previous?.receivedAt ?? context.at,
            updatedAt: context.at,
            ...(previous?.line === undefined ? {} : { line: previous.line }),
          });
        }
        return { _tag: "Applied", itemNumber, key: record.referenceId } satisfies ItemOutcome;
      }),
    ),
});
