/**
 * DELETE .../paymentBatches/{id} and DELETE .../paymentBatches/{companyKey}/{paymentBatchKey}
 * (seed 003): a Draft or Discarded batch is removed, with its last payment file.
 */
import { Effect } from "effect";
import type { PaymentBatchError } from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { PaymentFileStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { decideAndCommitPaymentBatch, loadPaymentBatch, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type DeletePaymentBatchError = PaymentBatchError | StoreError;

export const makeDeletePaymentBatch =
  (deps: {
    readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository; readonly paymentFiles: PaymentFileStore }>;
    readonly clock: Clock;
  }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef }): Effect.Effect<void, DeletePaymentBatchError> =>
    Effect.flatMap(deps.clock.now, (at) =>
      deps.uow.run((stores) =>
        Effect.gen(function* () {
          const loaded = yield* loadPaymentBatch(stores.paymentBatches, input.orgId, input.ref);
          yield* decideAndCommitPaymentBatch(stores.paymentBatches, input.orgId, loaded, { _tag: "DeletePaymentBatch", at, actor: input.actor });
          yield* stores.paymentFiles.delete(input.orgId, loaded.state.id);
        }),
      ),
    );
