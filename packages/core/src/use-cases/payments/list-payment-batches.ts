/**
 * GET .../paymentBatches (seed 003): every batch of the organization, ordered by company, then
 * paymentBatchKey. Read page by page of the largest size inside one unit of work, so the list is
 * one consistent snapshot.
 */
import { Effect } from "effect";
import type { OrganizationId } from "../../kernel";
import type { PaymentBatch } from "../../payment-batch";
import type { StoreUnavailable } from "../../ports/errors";
import { MAX_PAYMENT_BATCH_PAGE_SIZE, type PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";

export const makeListPaymentBatches =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }> }) =>
  (input: { readonly orgId: OrganizationId }): Effect.Effect<ReadonlyArray<PaymentBatch>, StoreUnavailable> =>
    deps.uow.run((stores) =>
      Effect.gen(function* () {
        const all: Array<PaymentBatch> = [];
        for (let page = 1; ; page += 1) {
          const result = yield* stores.paymentBatches.list(input.orgId, { page, pageSize: MAX_PAYMENT_BATCH_PAGE_SIZE });
          all.push(...result.items.map((v) => v.state));
          if (result.items.length < MAX_PAYMENT_BATCH_PAGE_SIZE || all.length >= result.totalItems) return all;
        }
      }),
    );
