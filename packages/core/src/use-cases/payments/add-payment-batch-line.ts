/**
 * POST .../paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines (seed 003): adds an
 * `ApiPaymentBatchPaymentBatchLinesResource` line to a Draft batch; its IBAN and BIC are checked,
 * and its custom attributes against the organization's definitions (required ones enforced).
 */
import { Effect } from "effect";
import {
  ApiPaymentBatchLineResource,
  decodePaymentBatchInput,
  newPaymentBatchLineFrom,
  type PaymentBatch,
  type PaymentBatchError,
  type PaymentBatchInputInvalid,
} from "../../payment-batch";
import type { Clock, IdSource } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { CustomAttributeDefinitionStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type AddPaymentBatchLineError = PaymentBatchInputInvalid | PaymentBatchError | StoreError;

export interface AddedPaymentBatchLine {
  readonly batch: PaymentBatch;
  readonly lineId: string;
}

export const makeAddPaymentBatchLine =
  (deps: {
    readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository; readonly customAttributes: CustomAttributeDefinitionStore }>;
    readonly clock: Clock;
    readonly ids: IdSource;
  }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly body: unknown }): Effect.Effect<AddedPaymentBatchLine, AddPaymentBatchLineError> =>
    Effect.gen(function* () {
      const resource = yield* decodePaymentBatchInput(ApiPaymentBatchLineResource, "the payment batch line")(input.body);
      const lineId = yield* deps.ids.uuid;
      const line = newPaymentBatchLineFrom(resource, lineId, input.body);
      const batch = yield* runPaymentBatchCommand(deps, input, (stores, _, stamp) =>
        Effect.map(stores.customAttributes.list(input.orgId), (definitions) => ({ _tag: "AddLine" as const, ...stamp, line, definitions })),
      );
      return { batch, lineId };
    });
