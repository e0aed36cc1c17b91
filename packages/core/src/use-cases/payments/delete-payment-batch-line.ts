/**
 * DELETE .../paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId} (seed 003):
 * allowed while the batch is Draft.
 */
import { Effect } from "effect";
import type { PaymentBatch, PaymentBatchError } from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type DeletePaymentBatchLineError = PaymentBatchError | StoreError;

export const makeDeletePaymentBatchLine =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }>; readonly clock: Clock }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly lineId: string }): Effect.Effect<PaymentBatch, DeletePaymentBatchLineError> =>
    runPaymentBatchCommand(deps, input, (_, __, stamp) => Effect.succeed({ _tag: "DeleteLine", ...stamp, lineId: input.lineId } as const));
