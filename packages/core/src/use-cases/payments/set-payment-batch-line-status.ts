/**
 * PUT .../paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/{lineId}/status
 * (seed 003): the body is a `PaymentBatchLineState` (`3` or `"Success"`). Allowed on exported lines
 * of a Submitted or PartiallyCompleted batch; the batch status follows from its lines, and a batch
 * that finishes emits its outbound PAYMENT_STATUS batch in the same unit of work. Setting the
 * status a line already has changes nothing.
 */
import { Effect } from "effect";
import {
  decodePaymentBatchInput,
  PaymentBatchLineStatusValue,
  type PaymentBatch,
  type PaymentBatchError,
  type PaymentBatchInputInvalid,
} from "../../payment-batch";
import type { Clock, IdSource } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { OutboundBatchEmitter } from "../../ports/outbound";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { applyLineStatus } from "./line-status";
import { loadPaymentBatch, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type SetPaymentBatchLineStatusError = PaymentBatchInputInvalid | PaymentBatchError | StoreError;

export const makeSetPaymentBatchLineStatus =
  (deps: {
    readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository; readonly outbound: OutboundBatchEmitter }>;
    readonly clock: Clock;
    readonly ids: IdSource;
  }) =>
  (
    input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly lineId: string; readonly value: unknown },
  ): Effect.Effect<PaymentBatch, SetPaymentBatchLineStatusError> =>
    Effect.gen(function* () {
      const status = yield* decodePaymentBatchInput(PaymentBatchLineStatusValue, "status")(input.value);
      const at = yield* deps.clock.now;
      return yield* deps.uow.run((stores) =>
        Effect.gen(function* () {
          const loaded = yield* loadPaymentBatch(stores.paymentBatches, input.orgId, input.ref);
          const context = { orgId: input.orgId, at, actor: input.actor };
          const { batch } = yield* applyLineStatus(stores, deps, context, loaded, input.lineId, { status });
          return batch;
        }),
      );
    });
