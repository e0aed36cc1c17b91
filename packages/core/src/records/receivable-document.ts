/**
 * Receivable documents (seed 002 `/jsonApi/upload/invoices`, seed 004 `Invoice` CSV files):
 * invoices, credit memos and debit memos, unique per organization by `invoiceNumber` +
 * `customerNumber`.
 *
 * Balance rule (DOMAIN.md, made idempotent): a document contributes `balanceAmount` (else
 * `invoiceAmount`) to its customer's balance, positively for an Invoice or DebitMemo and
 * negatively for a CreditMemo. The document remembers its contribution (`appliedToBalance`), and
 * importing it again moves the balance by the difference only, so a file applied twice (a worker
 * that crashed and ran again, a client that re-sent) leaves the same balance as applied once.
 * zeroOutCustomerBalance resets balances and contributions together, so a document loaded after
 * it counts in full again.
 */
import { Either, ParseResult, Schema } from "effect";
import * as Decimal from "../money/decimal";
import { fractionDigitsOf } from "../money/currency";
import type { FieldError, Instant } from "../kernel";
import {
  OptionalAmount,
  OptionalCurrency,
  OptionalDate,
  OptionalText,
  RequiredAmount,
  RequiredText,
  optionalField,
  optionalLiteral,
} from "./fields";

export const DocumentTypes = ["Invoice", "CreditMemo", "DebitMemo"] as const;
export type DocumentType = (typeof DocumentTypes)[number];

export const DocumentStatuses = ["Open", "Paid", "CarriedOver"] as const;
export type DocumentStatus = (typeof DocumentStatuses)[number];

/**
 * Receivable amounts are in currency units with at most the currency's ISO 4217 fraction digits.
 * Without a currency none can be blamed, so the most any ISO 4217 currency has (CLF, UYW: 4) is
 * the limit.
 */
export const MAX_FRACTION_DIGITS_WITHOUT_CURRENCY = 4;

/** Why `amount` does not fit `currency`, or undefined when it does. */
export const amountScaleProblem = (amount: Decimal.Decimal, currency: string | undefined): string | undefined => {
  const allowed = (currency === undefined ? undefined : fractionDigitsOf(currency)) ?? MAX_FRACTION_DIGITS_WITHOUT_CURRENCY;
  const digits = Decimal.fractionDigits(amount);
  if (digits <= allowed) return undefined;
  return currency === undefined
    ? `has ${digits} fraction digits; without a currency at most ${allowed} are accepted`
    : `has ${digits} fraction digits; ${currency} has ${allowed}`;
};

type JsonObject = { readonly [key: string]: unknown };

const isJsonObject = (u: unknown): u is JsonObject => typeof u === "object" && u !== null && !Array.isArray(u);

/**
 * The seed's `json` type (billAddr, shipAddr): a JSON object; from a CSV or XML cell, text holding
 * a JSON object. Other text is kept as written (an address on one line).
 */
const JsonValue = Schema.transformOrFail(Schema.Unknown, Schema.Union(Schema.String, Schema.Record({ key: Schema.String, value: Schema.Unknown })), {
  strict: true,
  decode: (u, _, ast) => {
    if (isJsonObject(u)) return ParseResult.succeed(u);
    if (typeof u !== "string") return ParseResult.fail(new ParseResult.Type(ast, u, "must be a JSON object or text"));
    const text = u.trim();
    if (!text.startsWith("{")) return ParseResult.succeed(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (isJsonObject(parsed)) return ParseResult.succeed(parsed);
    } catch {
      // reported below: text that opens an object must be one
    }
    return ParseResult.fail(new ParseResult.Type(ast, u, "must be a JSON object: the text starts with { but is not valid JSON"));
  },
  encode: ParseResult.succeed,
});

/** One document row as imported; absent optional fields are left out. */
export const ReceivableDocumentRecord = Schema.Struct({
  companyCode: OptionalText,
  profitCenter: OptionalText,
  customerName: OptionalText,
  customerNumber: RequiredText,
  accountingDocNumber: OptionalText,
  invoiceNumber: RequiredText,
  postDate: OptionalDate,
  dueDate: OptionalDate,
  paymentTerms: OptionalText,
  documentType: optionalLiteral(...DocumentTypes),
  postingKey: OptionalText,
  debitCreditIndicator: OptionalText,
  balanceAmount: OptionalAmount,
  billAddr: optionalField(JsonValue),
  shipAddr: optionalField(JsonValue),
  currency: OptionalCurrency,
  invoiceAmount: RequiredAmount,
  reasonCode: OptionalText,
  reasonCodeDescription: OptionalText,
  fiscalYear: OptionalText,
  invoiceDate: OptionalDate,
  reference1: OptionalText,
  reference2: OptionalText,
  localAmount: OptionalAmount,
  itemText: OptionalText,
  fiscalPeriod: OptionalText,
  issueDate: OptionalDate,
  soldTo: OptionalText,
  lineItem: OptionalText,
  referenceDocNo: OptionalText,
  status: optionalLiteral(...DocumentStatuses),
});
export type ReceivableDocumentRecord = typeof ReceivableDocumentRecord.Type;

export interface DocumentKey {
  readonly customerNumber: string;
  readonly invoiceNumber: string;
}

export type ReceivableDocument = Omit<ReceivableDocumentRecord, "documentType" | "status"> & {
  readonly documentType: DocumentType;
  readonly status: DocumentStatus;
  /** What the document currently adds to its customer's balance (negative for a credit memo). */
  readonly appliedToBalance: Decimal.Decimal;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
};

/** What a document adds to its customer's balance. */
export const balanceContributionOf = (document: Pick<ReceivableDocument, "documentType" | "invoiceAmount" | "balanceAmount">): Decimal.Decimal => {
  const amount = document.balanceAmount ?? document.invoiceAmount;
  return document.documentType === "CreditMemo" ? Decimal.negate(amount) : amount;
};

const AMOUNT_FIELDS = ["invoiceAmount", "localAmount", "balanceAmount"] as const;

export interface ImportedDocument {
  readonly document: ReceivableDocument;
  /** How much the customer's balance moves: the new contribution minus the one already applied. */
  readonly balanceDelta: Decimal.Decimal;
}

/**
 * The document after importing `record`. A new document defaults to an `Open` `Invoice`; an
 * existing one keeps every field the record leaves absent. Fails with the amount fields that have
 * more fraction digits than the (new or kept) currency allows.
 */
export const importDocument = (
  existing: ReceivableDocument | undefined,
  record: ReceivableDocumentRecord,
  at: Instant,
): Either.Either<ImportedDocument, ReadonlyArray<FieldError>> => {
  const merged = {
    ...existing,
    ...record,
    documentType: record.documentType ?? existing?.documentType ?? "Invoice",
    status: record.status ?? existing?.status ?? "Open",
  };
  const errors = AMOUNT_FIELDS.flatMap((field): ReadonlyArray<FieldError> => {
    const amount = merged[field];
    const problem = amount === undefined ? undefined : amountScaleProblem(amount, merged.currency);
    return problem === undefined ? [] : [{ field, message: problem }];
  });
  if (errors.length > 0) return Either.left(errors);
  const contribution = balanceContributionOf(merged);
  const document: ReceivableDocument = {
    ...merged,
    appliedToBalance: contribution,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
  return Either.right({ document, balanceDelta: Decimal.subtract(contribution, existing?.appliedToBalance ?? Decimal.zero) });
};

/** The key as shown in per-row results and errors. */
export const documentKeyText = (key: DocumentKey): string => `${key.invoiceNumber}/${key.customerNumber}`;
