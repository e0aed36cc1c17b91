/** COMPANY_CODE records of inbound ERP batches (seed 000): upserted by `referenceId`. */
import { Schema } from "effect";
import type { CompanyCodeStore } from "../ports/erp-record-stores";
import { makeUpsertApplier } from "../erp-batch/upsert-applier";
import { OptionalCurrency, OptionalText, RequiredText } from "./fields";

export const CompanyCode = Schema.Struct({
  referenceId: RequiredText,
  code: RequiredText,
  name: OptionalText,
  /** The company's `referenceId`; not required to exist yet, as ERPs send codes and companies in any order. */
  companyReferenceId: OptionalText,
  currency: OptionalCurrency,
  country: OptionalText,
}).annotations({ identifier: "CompanyCode" });
export type CompanyCode = typeof CompanyCode.Type;

export const companyCodeApplier = makeUpsertApplier({
  payloadObjectType: "COMPANY_CODE",
  schema: CompanyCode,
  keyOf: (companyCode) => companyCode.referenceId,
  store: (stores: { readonly companyCodes: CompanyCodeStore }) => stores.companyCodes,
});
