/** GET .../bankAccounting/customAttributes/{name} (API.md, beyond the seed). */
import { Effect, Option } from "effect";
import type { OrganizationId } from "../../kernel";
import type { StoreUnavailable } from "../../ports/errors";
import type { CustomAttributeDefinitionStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { CustomAttributeDefinitionNotFound, type CustomAttributeDefinition } from "../../records/custom-attribute";

export const makeGetCustomAttributeDefinition =
  (deps: { readonly uow: UnitOfWork<{ readonly customAttributes: CustomAttributeDefinitionStore }> }) =>
  (input: { readonly orgId: OrganizationId; readonly name: string }): Effect.Effect<CustomAttributeDefinition, CustomAttributeDefinitionNotFound | StoreUnavailable> =>
    deps.uow.run((stores) =>
      Effect.flatMap(stores.customAttributes.get(input.orgId, input.name), (found) =>
        Option.match(found, { onNone: () => Effect.fail(new CustomAttributeDefinitionNotFound({ name: input.name })), onSome: Effect.succeed }),
      ),
    );
