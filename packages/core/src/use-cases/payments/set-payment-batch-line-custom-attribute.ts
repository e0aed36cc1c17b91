/**
 * PUT .../paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId}/{customAttributeName}
 * (seed 003): the body is `{"value": ...}`, checked against the organization's definition of that
 * attribute for PaymentBatchLine; `{"value": null}` removes an optional attribute. Allowed in
 * every state but Discarded.
 */
import { Effect } from "effect";
import { CustomAttributeValueResource, decodePaymentBatchInput, type PaymentBatch } from "../../payment-batch";
import { runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";
import type { CustomAttributeDeps, SetPaymentBatchCustomAttributeError } from "./set-payment-batch-custom-attribute";

export type SetPaymentBatchLineCustomAttributeError = SetPaymentBatchCustomAttributeError;

export const makeSetPaymentBatchLineCustomAttribute =
  (deps: CustomAttributeDeps) =>
  (
    input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly lineId: string; readonly name: string; readonly body: unknown },
  ): Effect.Effect<PaymentBatch, SetPaymentBatchLineCustomAttributeError> =>
    Effect.flatMap(decodePaymentBatchInput(CustomAttributeValueResource, input.name)(input.body), ({ value }) =>
      runPaymentBatchCommand(deps, input, (stores, _, stamp) =>
        Effect.map(stores.customAttributes.list(input.orgId), (definitions) => ({
          _tag: "SetLineCustomAttribute" as const,
          ...stamp,
          lineId: input.lineId,
          name: input.name,
          value,
          definitions,
        })),
      ),
    );
