/**
 * Custom attributes (seed 003 "extensibility custom attributes"): an organization defines
 * `custom_<name>` attributes for payment batches or for their lines, each with a type and a
 * required flag; values sent by clients are validated against those definitions.
 *
 * A value is stored as the JSON value it arrived as (string, number, boolean; a date as its ISO
 * text), so reading it back gives what the client wrote.
 */
import { Data, Either, Schema } from "effect";
import type { FieldError } from "../kernel";
import { BooleanValue, DateValue, OptionalBoolean, requiredLiteral } from "./fields";

export const CustomAttributeTargets = ["PaymentBatch", "PaymentBatchLine"] as const;
export type CustomAttributeTarget = (typeof CustomAttributeTargets)[number];

export const CustomAttributeTypes = ["string", "number", "boolean", "date"] as const;
export type CustomAttributeType = (typeof CustomAttributeTypes)[number];

export interface CustomAttributeDefinition {
  /** The full name, prefix included: `custom_costCenter`. */
  readonly name: string;
  readonly appliesTo: CustomAttributeTarget;
  readonly type: CustomAttributeType;
  readonly required: boolean;
}

export type CustomAttributeValue = string | number | boolean;
export type CustomAttributeValues = Readonly<Record<string, CustomAttributeValue>>;

export const CUSTOM_ATTRIBUTE_PREFIX = "custom_";
const NAME = /^custom_[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const CUSTOM_ATTRIBUTE_NAME_RULE =
  'a custom attribute name is "custom_" followed by a letter and up to 63 letters, digits or "_"';

export const isCustomAttributeName = (name: string): boolean => NAME.test(name);

/** The body of `PUT .../customAttributes/{name}`; `required` absent means false. */
export const CustomAttributeDefinitionBody = Schema.Struct({
  appliesTo: requiredLiteral(...CustomAttributeTargets),
  type: requiredLiteral(...CustomAttributeTypes),
  required: OptionalBoolean,
});

export class CustomAttributeDefinitionNotFound extends Data.TaggedError("CustomAttribute.DefinitionNotFound")<{
  readonly name: string;
}> {
  override get message() {
    return `no custom attribute "${this.name}" is defined`;
  }
}

export class CustomAttributeDefinitionInvalid extends Data.TaggedError("CustomAttribute.DefinitionInvalid")<{
  readonly message: string;
  readonly errors: ReadonlyArray<FieldError>;
}> {}

export type CustomAttributeError = CustomAttributeDefinitionNotFound | CustomAttributeDefinitionInvalid;

const typeMessage: Record<CustomAttributeType, string> = {
  string: "must be text",
  number: "must be a number",
  boolean: "must be true or false",
  date: "must be a date (YYYY-MM-DD) or an ISO 8601 date-time",
};

/**
 * The value to store for `definition`, or a message naming the rule it breaks. `null`, `undefined`
 * and blank text are absent ("Empty is absent"): `Right(undefined)` unless the attribute is required.
 */
export const checkCustomAttributeValue = (
  definition: CustomAttributeDefinition,
  value: unknown,
): Either.Either<CustomAttributeValue | undefined, string> => {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    return definition.required ? Either.left("is required") : Either.right(undefined);
  }
  const wrongType = Either.left(`${typeMessage[definition.type]} (custom attribute of type ${definition.type})`);
  switch (definition.type) {
    case "string":
      return typeof value === "string" ? Either.right(value.trim()) : wrongType;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? Either.right(value) : wrongType;
    case "boolean":
      return Either.mapLeft(Schema.decodeUnknownEither(BooleanValue)(value), () => typeMessage.boolean);
    case "date":
      return Either.mapLeft(Schema.decodeUnknownEither(DateValue)(value), () => typeMessage.date);
  }
};

/**
 * Validates custom attribute values for one target. Every value must name a definition of that
 * target and match its type; with `requireAll` (creating a batch, adding a line) every required
 * definition must have a value. Field names are `<prefix><name>`.
 */
export const validateCustomAttributes = (options: {
  readonly definitions: ReadonlyArray<CustomAttributeDefinition>;
  readonly target: CustomAttributeTarget;
  readonly values: Readonly<Record<string, unknown>>;
  readonly requireAll: boolean;
  readonly fieldPrefix?: string;
}): Either.Either<CustomAttributeValues, ReadonlyArray<FieldError>> => {
  const prefix = options.fieldPrefix ?? "";
  const errors: Array<FieldError> = [];
  const result: Record<string, CustomAttributeValue> = {};
  const byName = new Map(options.definitions.filter((d) => d.appliesTo === options.target).map((d) => [d.name, d]));
  for (const [name, value] of Object.entries(options.values)) {
    const definition = byName.get(name);
    if (definition === undefined) {
      errors.push({ field: `${prefix}${name}`, message: unknownAttributeMessage(name, options.target) });
      continue;
    }
    Either.match(checkCustomAttributeValue(definition, value), {
      onLeft: (message) => errors.push({ field: `${prefix}${name}`, message }),
      onRight: (checked) => {
        if (checked !== undefined) result[name] = checked;
      },
    });
  }
  if (options.requireAll) {
    for (const definition of byName.values()) {
      if (definition.required && !(definition.name in options.values)) {
        errors.push({ field: `${prefix}${definition.name}`, message: "is required" });
      }
    }
  }
  return errors.length === 0 ? Either.right(result) : Either.left(errors);
};

export const unknownAttributeMessage = (name: string, target: CustomAttributeTarget): string =>
  isCustomAttributeName(name)
    ? `no custom attribute "${name}" is defined for ${target}`
    : `"${name}" is not a custom attribute: ${CUSTOM_ATTRIBUTE_NAME_RULE}`;
