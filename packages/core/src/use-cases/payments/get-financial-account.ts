/** GET .../bankAccounting/financialAccounts/{key} (API.md, beyond the seed). */
import type { Effect } from "effect";
import type { OrganizationId } from "../../kernel";
import type { StoreUnavailable } from "../../ports/errors";
import type { FinancialAccountStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { FinancialAccount, FinancialAccountNotFound } from "../../records/financial-account";
import { requireFinancialAccount } from "./payment-batch-access";

export const makeGetFinancialAccount =
  (deps: { readonly uow: UnitOfWork<{ readonly financialAccounts: FinancialAccountStore }> }) =>
  (input: { readonly orgId: OrganizationId; readonly key: string }): Effect.Effect<FinancialAccount, FinancialAccountNotFound | StoreUnavailable> =>
    deps.uow.run((stores) => requireFinancialAccount(stores.financialAccounts, input, input.key));
