/**
 * POST .../bankAccounting/financialAccounts (API.md, beyond the seed): adds a financial account
 * `{key, iban, bic, holderName, country, townName, streetName?, buildingNumber?, postCode?}`.
 */
import { Effect, Either, Schema } from "effect";
import { fieldErrorsOf, type OrganizationId } from "../../kernel";
import type { StoreUnavailable } from "../../ports/errors";
import type { FinancialAccountStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import {
  FinancialAccountAlreadyExists,
  FinancialAccountInvalid,
  FinancialAccountRecord,
  type FinancialAccount,
} from "../../records/financial-account";

export type CreateFinancialAccountError = FinancialAccountInvalid | FinancialAccountAlreadyExists | StoreUnavailable;

export const makeCreateFinancialAccount =
  (deps: { readonly uow: UnitOfWork<{ readonly financialAccounts: FinancialAccountStore }> }) =>
  (input: { readonly orgId: OrganizationId; readonly body: unknown }): Effect.Effect<FinancialAccount, CreateFinancialAccountError> =>
    Effect.gen(function* () {
      const account = yield* Either.mapLeft(Schema.decodeUnknownEither(FinancialAccountRecord, { errors: "all" })(input.body), (error) => {
        const errors = fieldErrorsOf(error);
        return new FinancialAccountInvalid({ message: `the financial account is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`, errors });
      });
      yield* deps.uow.run((stores) =>
        stores.financialAccounts
          .insert(input.orgId, account)
          .pipe(Effect.catchTag("Store.UniqueConflict", () => Effect.fail(new FinancialAccountAlreadyExists({ key: account.key })))),
      );
      return account;
    });
