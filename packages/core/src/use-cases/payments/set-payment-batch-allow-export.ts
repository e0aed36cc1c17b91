/**
 * PUT .../paymentBatches/{companyKey}/{paymentBatchKey}/allowExport (seed 003): the body is the bare JSON
 * boolean. Allowed while the batch is Draft.
 */
import { Effect } from "effect";
import { PaymentBatchBooleanValue, decodePaymentBatchInput, type PaymentBatch, type PaymentBatchError, type PaymentBatchInputInvalid } from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type SetPaymentBatchAllowExportError = PaymentBatchInputInvalid | PaymentBatchError | StoreError;

export const makeSetPaymentBatchAllowExport =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }>; readonly clock: Clock }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly value: unknown }): Effect.Effect<PaymentBatch, SetPaymentBatchAllowExportError> =>
    Effect.flatMap(decodePaymentBatchInput(PaymentBatchBooleanValue, "allowExport")(input.value), (value) =>
      runPaymentBatchCommand(deps, input, (_, __, stamp) => Effect.succeed({ _tag: "SetAllowExport", ...stamp, allowExport: value } as const)),
    );
