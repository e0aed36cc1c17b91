/**
 * PUT .../bankAccounting/customAttributes/{name} `{appliesTo, type, required}` (API.md, beyond
 * the seed): creates or replaces the definition. A new or changed definition applies to values
 * set from then on; stored values are not checked again.
 */
import { Effect, Either, Schema } from "effect";
import { fieldErrorsOf, type OrganizationId } from "../../kernel";
import type { StoreUnavailable } from "../../ports/errors";
import type { CustomAttributeDefinitionStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import {
  CUSTOM_ATTRIBUTE_NAME_RULE,
  CustomAttributeDefinitionBody,
  CustomAttributeDefinitionInvalid,
  isCustomAttributeName,
  type CustomAttributeDefinition,
} from "../../records/custom-attribute";

export const makePutCustomAttributeDefinition =
  (deps: { readonly uow: UnitOfWork<{ readonly customAttributes: CustomAttributeDefinitionStore }> }) =>
  (input: {
    readonly orgId: OrganizationId;
    readonly name: string;
    readonly body: unknown;
  }): Effect.Effect<CustomAttributeDefinition, CustomAttributeDefinitionInvalid | StoreUnavailable> =>
    Effect.gen(function* () {
      if (!isCustomAttributeName(input.name)) {
        return yield* Effect.fail(
          new CustomAttributeDefinitionInvalid({ message: `name: ${CUSTOM_ATTRIBUTE_NAME_RULE}`, errors: [{ field: "name", message: CUSTOM_ATTRIBUTE_NAME_RULE }] }),
        );
      }
      const body = yield* Either.mapLeft(Schema.decodeUnknownEither(CustomAttributeDefinitionBody, { errors: "all" })(input.body), (error) => {
        const errors = fieldErrorsOf(error);
        return new CustomAttributeDefinitionInvalid({
          message: `the custom attribute definition is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`,
          errors,
        });
      });
      const definition: CustomAttributeDefinition = { name: input.name, appliesTo: body.appliesTo, type: body.type, required: body.required ?? false };
      yield* deps.uow.run((stores) => stores.customAttributes.put(input.orgId, definition));
      return definition;
    });
