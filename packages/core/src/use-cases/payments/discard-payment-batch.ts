/**
 * POST .../paymentBatches/{companyKey}/{paymentBatchKey}/discard (API.md, beyond the seed): a
 * Draft or Submitted batch becomes Discarded; from then on it can only be deleted.
 */
import { Effect } from "effect";
import type { PaymentBatch, PaymentBatchError } from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type DiscardPaymentBatchError = PaymentBatchError | StoreError;

export const makeDiscardPaymentBatch =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }>; readonly clock: Clock }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef }): Effect.Effect<PaymentBatch, DiscardPaymentBatchError> =>
    runPaymentBatchCommand(deps, input, (_, __, stamp) => Effect.succeed({ _tag: "DiscardPaymentBatch", ...stamp } as const));
