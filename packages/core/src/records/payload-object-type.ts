import { Schema } from "effect";

/** The seed 000 enumeration of payload object types. */
export const PayloadObjectTypes = [
  "COMPANY_CODE",
  "COMPANY",
  "INVOICE",
  "PURCHASE_ORDER",
  "PAYMENT_REQUEST",
  "PAYMENT_STATUS",
  "BANK_STATEMENT",
] as const;
export type PayloadObjectType = (typeof PayloadObjectTypes)[number];
export const PayloadObjectType = Schema.Literal(...PayloadObjectTypes);
