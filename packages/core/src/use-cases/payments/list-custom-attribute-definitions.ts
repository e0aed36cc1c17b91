/** The organization's custom attribute definitions, by name (for `GET .../customAttributes`). */
import type { Effect } from "effect";
import type { OrganizationId } from "../../kernel";
import type { StoreUnavailable } from "../../ports/errors";
import type { CustomAttributeDefinitionStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { CustomAttributeDefinition } from "../../records/custom-attribute";

export const makeListCustomAttributeDefinitions =
  (deps: { readonly uow: UnitOfWork<{ readonly customAttributes: CustomAttributeDefinitionStore }> }) =>
  (input: { readonly orgId: OrganizationId }): Effect.Effect<ReadonlyArray<CustomAttributeDefinition>, StoreUnavailable> =>
    deps.uow.run((stores) => stores.customAttributes.list(input.orgId));
