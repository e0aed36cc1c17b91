/** COMPANY records of inbound ERP batches (seed 000): upserted by `referenceId`. */
import { Schema } from "effect";
import type { CompanyStore } from "../ports/erp-record-stores";
import { makeUpsertApplier } from "../erp-batch/upsert-applier";
import { OptionalText, RequiredText } from "./fields";

export const Company = Schema.Struct({
  referenceId: RequiredText,
  name: OptionalText,
  registeredCountry: OptionalText,
  registeredRegion: OptionalText,
}).annotations({ identifier: "Company" });
export type Company = typeof Company.Type;

export const companyApplier = makeUpsertApplier({
  payloadObjectType: "COMPANY",
  schema: Company,
  keyOf: (company) => company.referenceId,
  store: (stores: { readonly companies: CompanyStore }) => stores.companies,
});
