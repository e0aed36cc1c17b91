/**
 * POST .../paymentBatches (seed 003): creates a Draft batch from an `ApiPaymentBatchResource`,
 * with its lines and custom attributes. The batch gets a new id and its company's next
 * paymentBatchKey; `financialAccount`, when given, must name an account of the organization.
 */
import { Effect } from "effect";
import { fold } from "../../kernel/decider";
import {
  ApiPaymentBatchResource,
  customAttributesOf,
  decidePaymentBatch,
  decodePaymentBatchInput,
  evolvePaymentBatch,
  newPaymentBatchLineFrom,
  rawPaymentBatchLinesOf,
  type PaymentBatch,
  type PaymentBatchError,
  type PaymentBatchInputInvalid,
} from "../../payment-batch";
import type { Clock, IdSource } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { CustomAttributeDefinitionStore, FinancialAccountStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { FinancialAccountNotFound } from "../../records/financial-account";
import { requireFinancialAccount, type PaymentsCaller } from "./payment-batch-access";

export type CreatePaymentBatchError = PaymentBatchInputInvalid | FinancialAccountNotFound | PaymentBatchError | StoreError;

export const makeCreatePaymentBatch =
  (deps: {
    readonly uow: UnitOfWork<{
      readonly paymentBatches: PaymentBatchRepository;
      readonly financialAccounts: FinancialAccountStore;
      readonly customAttributes: CustomAttributeDefinitionStore;
    }>;
    readonly clock: Clock;
    readonly ids: IdSource;
  }) =>
  (input: PaymentsCaller & { readonly body: unknown }): Effect.Effect<PaymentBatch, CreatePaymentBatchError> =>
    Effect.gen(function* () {
      const resource = yield* decodePaymentBatchInput(ApiPaymentBatchResource, "the payment batch")(input.body);
      const at = yield* deps.clock.now;
      const id = yield* deps.ids.uuid;
      const rawLines = rawPaymentBatchLinesOf(input.body);
      const lines = yield* Effect.forEach(resource.paymentBatchLines ?? [], (line, i) =>
        Effect.map(deps.ids.uuid, (lineId) => newPaymentBatchLineFrom(line, lineId, rawLines[i])),
      );
      return yield* deps.uow.run((stores) =>
        Effect.gen(function* () {
          if (resource.financialAccount !== undefined) yield* requireFinancialAccount(stores.financialAccounts, input, resource.financialAccount);
          const definitions = yield* stores.customAttributes.list(input.orgId);
          const paymentBatchKey = yield* stores.paymentBatches.nextPaymentBatchKey(input.orgId, resource.company);
          const initial = { _tag: "Absent" } as const;
          const events = yield* decidePaymentBatch(initial, {
            _tag: "CreatePaymentBatch",
            at,
            actor: input.actor,
            id,
            company: resource.company,
            paymentBatchKey,
            documentDate: resource.documentDate,
            currency: resource.currency,
            exchangeRate: resource.exchangeRate,
            paymentMethod: resource.paymentMethod,
            bankAccountType: resource.bankAccountType,
            financialAccount: resource.financialAccount,
            note: resource.note,
            remarks: resource.remarks,
            allowExport: resource.allowExport ?? false,
            customAttributes: customAttributesOf(resource, input.body),
            lines,
            definitions,
          });
          const state = fold(evolvePaymentBatch, initial, events);
          if (state._tag === "Absent") return yield* Effect.dieMessage("creating a payment batch produced no batch");
          yield* stores.paymentBatches.save({ orgId: input.orgId, id, state, events, expectedVersion: 0 });
          return state;
        }),
      );
    });
