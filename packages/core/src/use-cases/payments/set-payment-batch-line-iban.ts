/**
 * PUT .../paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId}/iBAN (seed 003):
 * the body is the bare JSON text (null or "" clears it). Allowed while the batch is Draft, or on
 * an Error line of a submitted batch, which corrects it: the exported values are kept as the
 * originals, the line is Open again and leaves its file, and a finished batch is
 * PartiallyCompleted again. A line so reopened stays editable until the next export.
 */
import { Effect } from "effect";
import { decodePaymentBatchInput, PaymentBatchTextValue, type PaymentBatch, type PaymentBatchError, type PaymentBatchInputInvalid } from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type SetPaymentBatchLineIbanError = PaymentBatchInputInvalid | PaymentBatchError | StoreError;

export const makeSetPaymentBatchLineIban =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }>; readonly clock: Clock }) =>
  (
    input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly lineId: string; readonly value: unknown },
  ): Effect.Effect<PaymentBatch, SetPaymentBatchLineIbanError> =>
    Effect.flatMap(decodePaymentBatchInput(PaymentBatchTextValue, "iBAN")(input.value), (value) =>
      runPaymentBatchCommand(deps, input, (_, __, stamp) =>
        Effect.succeed({ _tag: "SetLineBankDetail", ...stamp, lineId: input.lineId, field: "iBAN", value } as const),
      ),
    );
