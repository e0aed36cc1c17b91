/**
 * GET .../paymentBatches/{id} and GET .../paymentBatches/{companyKey}/{paymentBatchKey} (seed 003).
 */
import { Effect } from "effect";
import type { OrganizationId } from "../../kernel";
import type { PaymentBatch, PaymentBatchNotFound } from "../../payment-batch";
import type { StoreUnavailable } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { loadPaymentBatch, type PaymentBatchRef } from "./payment-batch-access";

export type GetPaymentBatchError = PaymentBatchNotFound | StoreUnavailable;

export const makeGetPaymentBatch =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }> }) =>
  (input: { readonly orgId: OrganizationId; readonly ref: PaymentBatchRef }): Effect.Effect<PaymentBatch, GetPaymentBatchError> =>
    deps.uow.run((stores) => Effect.map(loadPaymentBatch(stores.paymentBatches, input.orgId, input.ref), (loaded) => loaded.state));
