/**
 * PUT .../paymentBatches/{companyKey}/{paymentBatchKey}/company (seed 003): allowed while the
 * batch is Draft. The batch takes the new company's next paymentBatchKey (so it is then addressed
 * as `{newCompany}/{newKey}`); its id stays.
 */
import { Effect, Schema } from "effect";
import { decodePaymentBatchInput, type PaymentBatch, type PaymentBatchError, type PaymentBatchInputInvalid } from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { RequiredText } from "../../records/fields";
import { runPaymentBatchCommand, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

const CompanyValue = Schema.Struct({ company: RequiredText });

export type SetPaymentBatchCompanyError = PaymentBatchInputInvalid | PaymentBatchError | StoreError;

export const makeSetPaymentBatchCompany =
  (deps: { readonly uow: UnitOfWork<{ readonly paymentBatches: PaymentBatchRepository }>; readonly clock: Clock }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly value: unknown }): Effect.Effect<PaymentBatch, SetPaymentBatchCompanyError> =>
    Effect.flatMap(decodePaymentBatchInput(CompanyValue, "company")({ company: input.value }), ({ company }) =>
      runPaymentBatchCommand(deps, input, (stores, batch, stamp) =>
        Effect.map(
          // The same company keeps its key: no number is taken for a change that changes nothing.
          company === batch.company || batch._tag !== "Draft"
            ? Effect.succeed(batch.paymentBatchKey)
            : stores.paymentBatches.nextPaymentBatchKey(input.orgId, company),
          (paymentBatchKey) => ({ _tag: "ChangeCompany", ...stamp, company, paymentBatchKey }) as const,
        ),
      ),
    );
