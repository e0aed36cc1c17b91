/**
 * GET .../paymentBatches/{companyKey}/{paymentBatchKey}/paymentFile (API.md, beyond the seed): the
 * last payment file generated for the batch.
 */
import { Effect, Option } from "effect";
import type { OrganizationId } from "../../kernel";
import { PaymentBatchPaymentFileNotFound, type PaymentBatchNotFound } from "../../payment-batch";
import type { StoreUnavailable } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { PaymentFileStore, StoredPaymentFile } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { loadPaymentBatch, paymentBatchReferenceOf, type PaymentBatchRef } from "./payment-batch-access";

export type GetPaymentFileError = PaymentBatchNotFound | PaymentBatchPaymentFileNotFound | StoreUnavailable;

export const makeGetPaymentFile =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository; readonly paymentFiles: PaymentFileStore }> }) =>
  (input: { readonly orgId: OrganizationId; readonly ref: PaymentBatchRef }): Effect.Effect<StoredPaymentFile, GetPaymentFileError> =>
    deps.uow.run((stores) =>
      Effect.gen(function* () {
        const loaded = yield* loadPaymentBatch(stores.paymentBatches, input.orgId, input.ref);
        const file = yield* stores.paymentFiles.get(input.orgId, loaded.state.id);
        return yield* Option.match(file, {
          onNone: () => Effect.fail(new PaymentBatchPaymentFileNotFound({ reference: paymentBatchReferenceOf(input.ref) })),
          onSome: Effect.succeed,
        });
      }),
    );
