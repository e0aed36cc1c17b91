/**
 * Financial accounts (DOMAIN.md, extension): the organization's own bank accounts, named by a
 * `key` that payment batches refer to (`financialAccount`). The account is the debtor of a
 * payment file, so its lengths follow the SEPA rulebook (name 70, town 35 characters in
 * pain.001.001.09) and its IBAN and BIC are checked when it is created.
 */
import { Data, Schema } from "effect";
import { Bic, Iban } from "../banking/schema";
import type { FieldError } from "../kernel";
import { optionalField, requiredField, Text } from "./fields";

const boundedText = (max: number) =>
  Text.pipe(Schema.maxLength(max, { message: () => `must be at most ${max} characters` }));

const CountryCode = Text.pipe(
  Schema.filter((s) => /^[A-Z]{2}$/.test(s), { message: () => "must be an ISO 3166 two-letter country code (DE, PT, ...)" }),
);

/** Also the shape of `POST .../financialAccounts` and of its answers. */
export const FinancialAccountRecord = Schema.Struct({
  key: requiredField(
    boundedText(50).pipe(
      Schema.filter((s) => /^[A-Za-z0-9._-]+$/.test(s), { message: () => 'may hold only letters, digits, ".", "_" and "-"' }),
    ),
  ),
  iban: requiredField(Schema.compose(Text, Iban)),
  bic: requiredField(Schema.compose(Text, Bic)),
  holderName: requiredField(boundedText(70)),
  country: requiredField(CountryCode),
  townName: requiredField(boundedText(35)),
  streetName: optionalField(boundedText(70)),
  buildingNumber: optionalField(boundedText(16)),
  postCode: optionalField(boundedText(16)),
});
export type FinancialAccount = typeof FinancialAccountRecord.Type;

export class FinancialAccountNotFound extends Data.TaggedError("FinancialAccount.NotFound")<{ readonly key: string }> {
  override get message() {
    return `no financial account "${this.key}" in this organization`;
  }
}

export class FinancialAccountAlreadyExists extends Data.TaggedError("FinancialAccount.AlreadyExists")<{ readonly key: string }> {
  override get message() {
    return `a financial account "${this.key}" already exists in this organization`;
  }
}

export class FinancialAccountInvalid extends Data.TaggedError("FinancialAccount.Invalid")<{
  readonly message: string;
  readonly errors: ReadonlyArray<FieldError>;
}> {}

export type FinancialAccountError = FinancialAccountNotFound | FinancialAccountAlreadyExists | FinancialAccountInvalid;
