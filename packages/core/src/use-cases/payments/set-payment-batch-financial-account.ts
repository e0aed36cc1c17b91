/**
 * PUT .../paymentBatches/{companyKey}/{paymentBatchKey}/financialAccount (seed 003): allowed
 * while the batch is Draft; the value must name a financial account of the organization (null
 * or "" clears it).
 */
import { Effect } from "effect";
import { decodePaymentBatchInput, PaymentBatchTextValue, type PaymentBatch, type PaymentBatchError, type PaymentBatchInputInvalid } from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { FinancialAccountStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { FinancialAccountNotFound } from "../../records/financial-account";
import { requireFinancialAccount, runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export type SetPaymentBatchFinancialAccountError = PaymentBatchInputInvalid | FinancialAccountNotFound | PaymentBatchError | StoreError;

export const makeSetPaymentBatchFinancialAccount =
  (deps: {
    readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository; readonly financialAccounts: FinancialAccountStore }>;
    readonly clock: Clock;
  }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly value: unknown }): Effect.Effect<PaymentBatch, SetPaymentBatchFinancialAccountError> =>
    Effect.flatMap(decodePaymentBatchInput(PaymentBatchTextValue, "financialAccount")(input.value), (financialAccount) =>
      runPaymentBatchCommand(deps, input, (stores, _, stamp) =>
        Effect.gen(function* () {
          if (financialAccount !== undefined) yield* requireFinancialAccount(stores.financialAccounts, input, financialAccount);
          return { _tag: "SetFinancialAccount", ...stamp, financialAccount } as const;
        }),
      ),
    );
