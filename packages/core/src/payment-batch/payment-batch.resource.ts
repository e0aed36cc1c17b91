/**
 * The seed 003 resources: what clients send (`ApiPaymentBatchResource`,
 * `ApiPaymentBatchPaymentBatchLinesResource`, the bare values of the PUT setters) and what they
 * read (`PaymentBatchResource`, `PaymentBatchLineResource`). Enumerations are read as integers or
 * names and written as integers; money is a `MoneyResource` whose `amount` is a JSON number
 * written from the exact value.
 *
 * Leniency beyond the seed: a line's `discountAmount` and `withholdedAmount` default to 0, its
 * `status` to Open (the only status a new line can have), `accountPosting` may be left out, and
 * `transferAmount` may be left out when `documentAmount` is given (it is then computed). Custom
 * attributes are read from a `customAttributes` object and from top-level `custom_*` properties.
 */
import { Effect, Either, ParseResult, Schema } from "effect";
import { fieldErrorsOf } from "../kernel/field-error";
import * as Decimal from "../money/decimal";
import { fractionDigitsOf } from "../money/currency";
import { CUSTOM_ATTRIBUTE_PREFIX } from "../records/custom-attribute";
import {
  AmountValue,
  BooleanValue,
  isBlank,
  OptionalBoolean,
  OptionalDate,
  optionalField,
  OptionalText,
  RequiredCurrency,
  RequiredDate,
  requiredField,
  RequiredText,
} from "../records/fields";
import type { NewPaymentBatchLine } from "./payment-batch.commands";
import { PaymentBatchInputInvalid } from "./payment-batch.errors";
import {
  PaymentBatchLineStatuses,
  paymentBatchLineStatusId,
  paymentBatchStatusId,
  type PaymentBatch,
  type PaymentBatchLine,
} from "./payment-batch.state";

const show = (u: unknown): string => (typeof u === "string" ? `"${u.slice(0, 40)}"` : typeof u === "object" ? "an object" : String(u));

/** A `MoneyResource` (`{"amount": 12.5}`; the other members are ignored, as the seed says), or a bare amount. */
export const MoneyResourceValue = Schema.transformOrFail(Schema.Unknown, AmountValue, {
  strict: true,
  decode: (u, _, ast) => {
    if (typeof u === "object" && u !== null && !Array.isArray(u)) {
      const amount = (u as { readonly amount?: unknown }).amount;
      return isBlank(amount) ? ParseResult.fail(new ParseResult.Type(ast, u, "amount is required")) : ParseResult.succeed(amount);
    }
    return ParseResult.succeed(u);
  },
  encode: ParseResult.succeed,
}).annotations({ identifier: "MoneyResource" });

/** A `PaymentBatchLineState`: 1, 2, 3 or Open, Error, Success (any letter case). */
export const PaymentBatchLineStatusValue = Schema.transformOrFail(Schema.Unknown, Schema.Literal(...PaymentBatchLineStatuses), {
  strict: true,
  decode: (u, _, ast) => {
    const byId = typeof u === "number" || (typeof u === "string" && /^\s*\d+\s*$/.test(u)) ? PaymentBatchLineStatuses[Number(u) - 1] : undefined;
    const byName = typeof u === "string" ? PaymentBatchLineStatuses.find((s) => s.toLowerCase() === u.trim().toLowerCase()) : undefined;
    const status = byId ?? byName;
    return status === undefined
      ? ParseResult.fail(new ParseResult.Type(ast, u, `must be a PaymentBatchLineState: 1 Open, 2 Error or 3 Success, got ${show(u)}`))
      : ParseResult.succeed(status);
  },
  encode: ParseResult.succeed,
}).annotations({ identifier: "PaymentBatchLineState" });

const CustomAttributesObject = optionalField(Schema.Record({ key: Schema.String, value: Schema.Unknown }));

/** `ApiPaymentBatchPaymentBatchLinesResource`. */
export const ApiPaymentBatchLineResource = Schema.Struct({
  party: RequiredText,
  sourceDoc: OptionalText,
  documentAmount: optionalField(MoneyResourceValue),
  discountAmount: optionalField(MoneyResourceValue),
  withholdedAmount: optionalField(MoneyResourceValue),
  transferAmount: optionalField(MoneyResourceValue),
  currency: RequiredCurrency,
  accountPosting: OptionalText,
  status: optionalField(PaymentBatchLineStatusValue),
  swift: OptionalText,
  iBAN: OptionalText,
  paymentInstruction: OptionalText,
  dueDate: OptionalDate,
  note: OptionalText,
  customAttributes: CustomAttributesObject,
}).pipe(
  Schema.filter((l) => {
    if (l.transferAmount === undefined && l.documentAmount === undefined) {
      return { path: ["transferAmount"], message: "is required (or give documentAmount to compute it)" };
    }
    if (l.status !== undefined && l.status !== "Open") return { path: ["status"], message: "a new line is Open (1); its status changes once it is exported" };
    return undefined;
  }),
);
export type ApiPaymentBatchLineResource = typeof ApiPaymentBatchLineResource.Type;

/** `ApiPaymentBatchResource`. */
export const ApiPaymentBatchResource = Schema.Struct({
  documentDate: RequiredDate,
  currency: RequiredCurrency,
  company: RequiredText,
  exchangeRate: requiredField(AmountValue),
  paymentMethod: RequiredText,
  bankAccountType: RequiredText,
  financialAccount: OptionalText,
  note: OptionalText,
  remarks: OptionalText,
  paymentBatchLines: optionalField(Schema.Array(ApiPaymentBatchLineResource)),
  allowExport: OptionalBoolean,
  customAttributes: CustomAttributesObject,
});
export type ApiPaymentBatchResource = typeof ApiPaymentBatchResource.Type;

/** Decodes a request body, naming every failing field. */
export const decodePaymentBatchInput =
  <A, I>(schema: Schema.Schema<A, I>, what: string) =>
  (input: unknown): Effect.Effect<A, PaymentBatchInputInvalid> =>
    Either.match(Schema.decodeUnknownEither(schema, { errors: "all" })(input), {
      onLeft: (error) => {
        const errors = fieldErrorsOf(error);
        const message = `${what} is invalid: ${errors.map((e) => (e.field === "" ? e.message : `${e.field}: ${e.message}`)).join("; ")}`;
        return Effect.fail(new PaymentBatchInputInvalid({ message, errors }));
      },
      onRight: Effect.succeed,
    });

/** The custom attributes of a resource: its `customAttributes` object and its top-level `custom_*` properties. */
export const customAttributesOf = (decoded: { readonly customAttributes?: Readonly<Record<string, unknown>> }, raw: unknown) => {
  const topLevel =
    typeof raw === "object" && raw !== null && !Array.isArray(raw)
      ? Object.fromEntries(Object.entries(raw).filter(([key]) => key.startsWith(CUSTOM_ATTRIBUTE_PREFIX)))
      : {};
  return { ...decoded.customAttributes, ...topLevel };
};

/** The line a decoded resource describes, with its new id; `raw` is the line as sent (for `custom_*` properties). */
export const newPaymentBatchLineFrom = (line: ApiPaymentBatchLineResource, id: string, raw: unknown): NewPaymentBatchLine => {
  const discountAmount = line.discountAmount ?? Decimal.zero;
  const withholdedAmount = line.withholdedAmount ?? Decimal.zero;
  const transferAmount =
    line.transferAmount ?? Decimal.subtract(Decimal.subtract(line.documentAmount ?? Decimal.zero, discountAmount), withholdedAmount);
  return {
    id,
    party: line.party,
    sourceDoc: line.sourceDoc,
    documentAmount: line.documentAmount,
    discountAmount,
    withholdedAmount,
    transferAmount,
    currency: line.currency,
    accountPosting: line.accountPosting,
    iBAN: line.iBAN,
    swift: line.swift,
    paymentInstruction: line.paymentInstruction,
    dueDate: line.dueDate,
    note: line.note,
    customAttributes: customAttributesOf(line, raw),
  };
};

/** The lines as sent in `paymentBatchLines`, for their `custom_*` properties. */
export const rawPaymentBatchLinesOf = (raw: unknown): ReadonlyArray<unknown> => {
  const lines = typeof raw === "object" && raw !== null ? (raw as { readonly paymentBatchLines?: unknown }).paymentBatchLines : undefined;
  return Array.isArray(lines) ? lines : [];
};

/** The bare JSON value of a text setter (`"changed"`); null or blank clears the attribute. */
export const PaymentBatchTextValue = Schema.transformOrFail(Schema.Unknown, Schema.UndefinedOr(Schema.String), {
  strict: true,
  decode: (u, _, ast) => {
    if (isBlank(u)) return ParseResult.succeed(undefined);
    if (typeof u === "string") return ParseResult.succeed(u.trim());
    if (typeof u === "number" && Number.isFinite(u)) return ParseResult.succeed(String(u));
    return ParseResult.fail(new ParseResult.Type(ast, u, `must be text or null, got ${show(u)}`));
  },
  encode: ParseResult.succeed,
});

/** The bare JSON value of a boolean setter (`true`). */
export const PaymentBatchBooleanValue = BooleanValue;

/** `ExtensibilityCustomAttributeValueResource`: `{"value": ...}`; a null value removes an optional attribute. */
export const CustomAttributeValueResource = Schema.transformOrFail(Schema.Unknown, Schema.Struct({ value: Schema.Unknown }), {
  strict: true,
  decode: (u, _, ast) =>
    typeof u === "object" && u !== null && !Array.isArray(u) && Object.hasOwn(u, "value")
      ? ParseResult.succeed({ value: (u as { readonly value: unknown }).value })
      : ParseResult.fail(new ParseResult.Type(ast, u, `must be {"value": ...} (ExtensibilityCustomAttributeValueResource), got ${show(u)}`)),
  encode: ParseResult.succeed,
});

export interface MoneyResource {
  readonly amount: number;
  readonly fractionDigits: number;
}

const money = (amount: Decimal.Decimal, currency: string): MoneyResource => ({
  amount: Decimal.toNumber(amount),
  fractionDigits: fractionDigitsOf(currency) ?? 2,
});

/** `PaymentBatchLineResource`. */
export const toPaymentBatchLineResource = (l: PaymentBatchLine) => ({
  id: l.id,
  party: l.party,
  documentAmount: money(l.documentAmount, l.currency),
  discountAmount: money(l.discountAmount, l.currency),
  withholdedAmount: money(l.withholdedAmount, l.currency),
  transferAmount: money(l.transferAmount, l.currency),
  currency: l.currency,
  accountPosting: l.accountPosting,
  status: paymentBatchLineStatusId(l.status),
  sourceDoc: l.sourceDoc,
  exportTransactionGroupId: l.exportTransactionGroupId,
  exportTransactionId: l.exportTransactionId,
  externalStatusCode: l.externalStatusCode,
  externalStatusReportId: l.externalStatusReportId,
  reason: l.reason,
  swift: l.swift,
  iBAN: l.iBAN,
  paymentInstruction: l.paymentInstruction,
  dueDate: l.dueDate,
  note: l.note,
  originalSwift: l.original?.swift,
  originalIBAN: l.original?.iBAN,
  originalPaymentInstruction: l.original?.paymentInstruction,
  paymentRequestReferenceId: l.paymentRequestReferenceId,
  customAttributes: l.customAttributes,
});
export type PaymentBatchLineResource = ReturnType<typeof toPaymentBatchLineResource>;

/** `PaymentBatchResource`; `companyKey` repeats `company`, the key of the paths. */
export const toPaymentBatchResource = (b: PaymentBatch) => ({
  id: b.id,
  paymentBatchKey: b.paymentBatchKey,
  companyKey: b.company,
  company: b.company,
  numberOfOpenItems: b.numberOfOpenItems,
  documentDate: b.documentDate,
  currency: b.currency,
  openAmount: money(b.openAmount, b.currency),
  totalAmount: money(b.totalAmount, b.currency),
  exchangeRate: Decimal.toNumber(b.exchangeRate),
  paymentMethod: b.paymentMethod,
  status: paymentBatchStatusId(b._tag),
  bankAccountType: b.bankAccountType,
  financialAccount: b.financialAccount,
  note: b.note,
  remarks: b.remarks,
  paymentBatchLines: b.lines.map(toPaymentBatchLineResource),
  allowExport: b.allowExport,
  isActive: b.isActive,
  customAttributes: b.customAttributes,
  createdAt: b.createdAt,
  lastUpdated: b.lastUpdated,
});
export type PaymentBatchResource = ReturnType<typeof toPaymentBatchResource>;
