/** GET .../bankAccounting/financialAccounts (API.md, beyond the seed): every account of the organization, by key. */
import type { Effect } from "effect";
import type { OrganizationId } from "../../kernel";
import type { StoreUnavailable } from "../../ports/errors";
import type { FinancialAccountStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { FinancialAccount } from "../../records/financial-account";

export const makeListFinancialAccounts =
  (deps: { readonly uow: UnitOfWork<{ readonly financialAccounts: FinancialAccountStore }> }) =>
  (input: { readonly orgId: OrganizationId }): Effect.Effect<ReadonlyArray<FinancialAccount>, StoreUnavailable> =>
    deps.uow.run((stores) => stores.financialAccounts.list(input.orgId));
