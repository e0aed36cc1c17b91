/**
 * Receivable customers (seed 002 `/jsonApi/upload/customers`, seed 004 `Customer` CSV files),
 * unique per organization by `customerno`. The balance is kept by the books: receivable
 * documents add to it and BatchInit's zeroOutCustomerBalance resets it; an imported `balance`
 * sets it (an opening balance).
 */
import { Schema } from "effect";
import * as Decimal from "../money/decimal";
import type { Instant } from "../kernel";
import { OptionalAmount, OptionalText, RequiredText, Text, requiredField } from "./fields";
import { amountScaleProblem } from "./receivable-document";

/** Deliberately loose (local@domain, no spaces): ERPs hold addresses no stricter rule would admit. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const Email = Text.pipe(
  Schema.filter((s) => EMAIL.test(s), { message: (issue) => `must be an email address, got "${String(issue.actual)}"` }),
);

/** One customer row as imported; absent optional fields are left out. */
export const CustomerRecord = Schema.Struct({
  companyname: OptionalText,
  firstname: OptionalText,
  lastname: OptionalText,
  phoneno: OptionalText,
  emailaddress1: requiredField(Email),
  customerno: RequiredText,
  cocode: OptionalText,
  balance: OptionalAmount,
}).pipe(
  Schema.filter((record) => {
    const problem = record.balance === undefined ? undefined : amountScaleProblem(record.balance, undefined);
    return problem === undefined ? true : { path: ["balance"], message: problem };
  }),
);
export type CustomerRecord = typeof CustomerRecord.Type;

export interface Customer {
  readonly customerno: string;
  readonly companyname?: string;
  readonly firstname?: string;
  readonly lastname?: string;
  readonly phoneno?: string;
  readonly emailaddress1: string;
  readonly cocode?: string;
  /** Exact; without a currency of its own it takes up to four fraction digits. */
  readonly balance: Decimal.Decimal;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

/**
 * The customer after importing `record`: a new customer starts at a zero balance; an existing one
 * keeps every field the record leaves absent (a CSV without a `cocode` column does not erase it).
 */
export const importCustomer = (existing: Customer | undefined, record: CustomerRecord, at: Instant): Customer => {
  const { balance, ...fields } = record;
  return {
    ...existing,
    ...fields,
    balance: balance ?? existing?.balance ?? Decimal.zero,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
};
