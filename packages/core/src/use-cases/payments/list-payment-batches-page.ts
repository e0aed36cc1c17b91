/**
 * GET .../paymentBatches?page={page}&pageSize={pageSize} (seed 003): `page` from 1 (default 1),
 * `pageSize` at most 1000 (default 100). Batches are ordered by company, then paymentBatchKey.
 */
import { Effect, Schema } from "effect";
import type { OrganizationId } from "../../kernel";
import { decodePaymentBatchInput, type PaymentBatch, type PaymentBatchInputInvalid } from "../../payment-batch";
import type { StoreUnavailable } from "../../ports/errors";
import { MAX_PAYMENT_BATCH_PAGE_SIZE, type PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { IntegerValue, optionalField } from "../../records/fields";

export const DEFAULT_PAYMENT_BATCH_PAGE_SIZE = 100;

const Paging = Schema.Struct({
  page: optionalField(IntegerValue.pipe(Schema.greaterThanOrEqualTo(1, { message: () => "must be 1 or more" }))),
  pageSize: optionalField(
    IntegerValue.pipe(
      Schema.between(1, MAX_PAYMENT_BATCH_PAGE_SIZE, { message: () => `must be from 1 to ${MAX_PAYMENT_BATCH_PAGE_SIZE}` }),
    ),
  ),
});

export interface PaymentBatchListPage {
  readonly items: ReadonlyArray<PaymentBatch>;
  readonly page: number;
  readonly pageSize: number;
  readonly totalItems: number;
}

export type ListPaymentBatchesPageError = PaymentBatchInputInvalid | StoreUnavailable;

export const makeListPaymentBatchesPage =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }> }) =>
  (input: { readonly orgId: OrganizationId; readonly page?: unknown; readonly pageSize?: unknown }): Effect.Effect<PaymentBatchListPage, ListPaymentBatchesPageError> =>
    Effect.gen(function* () {
      const paging = yield* decodePaymentBatchInput(Paging, "paging")({ page: input.page, pageSize: input.pageSize });
      const request = { page: paging.page ?? 1, pageSize: paging.pageSize ?? DEFAULT_PAYMENT_BATCH_PAGE_SIZE };
      const result = yield* deps.uow.run((stores) => stores.paymentBatches.list(input.orgId, request));
      return { items: result.items.map((v) => v.state), page: result.page, pageSize: result.pageSize, totalItems: result.totalItems };
    });
