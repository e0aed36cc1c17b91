/**
 * PUT .../paymentBatches/{companyKey}/{paymentBatchKey}/{customAttributeName} (seed 003): the
 * body is `{"value": ...}`, checked against the organization's definition of that attribute for
 * PaymentBatch; `{"value": null}` removes an optional attribute. Allowed in every state but
 * Discarded.
 */
import { Effect } from "effect";
import {
  CustomAttributeValueResource,
  decodePaymentBatchInput,
  type PaymentBatch,
  type PaymentBatchError,
  type PaymentBatchInputInvalid,
} from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { CustomAttributeDefinitionStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type SetPaymentBatchCustomAttributeError = PaymentBatchInputInvalid | PaymentBatchError | StoreError;

export interface CustomAttributeDeps {
  readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository; readonly customAttributes: CustomAttributeDefinitionStore }>;
  readonly clock: Clock;
}

export const makeSetPaymentBatchCustomAttribute =
  (deps: CustomAttributeDeps) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly name: string; readonly body: unknown }): Effect.Effect<PaymentBatch, SetPaymentBatchCustomAttributeError> =>
    Effect.flatMap(decodePaymentBatchInput(CustomAttributeValueResource, input.name)(input.body), ({ value }) =>
      runPaymentBatchCommand(deps, input, (stores, _, stamp) =>
        Effect.map(stores.customAttributes.list(input.orgId), (definitions) => ({
          _tag: "SetCustomAttribute" as const,
          ...stamp,
          name: input.name,
          value,
          definitions,
        })),
      ),
    );
