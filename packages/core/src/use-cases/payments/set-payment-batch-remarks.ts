/**
 * PUT .../paymentBatches/{companyKey}/{paymentBatchKey}/remarks (seed 003): the body is the bare JSON
 * value; null or "" clears it. Allowed in every state but Discarded.
 */
import { Effect } from "effect";
import { decodePaymentBatchInput, PaymentBatchTextValue, type PaymentBatch, type PaymentBatchError, type PaymentBatchInputInvalid } from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type SetPaymentBatchRemarksError = PaymentBatchInputInvalid | PaymentBatchError | StoreError;

export const makeSetPaymentBatchRemarks =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }>; readonly clock: Clock }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly value: unknown }): Effect.Effect<PaymentBatch, SetPaymentBatchRemarksError> =>
    Effect.flatMap(decodePaymentBatchInput(PaymentBatchTextValue, "remarks")(input.value), (value) =>
      runPaymentBatchCommand(deps, input, (_, __, stamp) => Effect.succeed({ _tag: "SetRemarks", ...stamp, remarks: value } as const)),
    );
