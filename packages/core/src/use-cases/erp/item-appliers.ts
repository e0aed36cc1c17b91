/**
 * The applier of every payload object type, in one place, so the service's worker, the
 * `validate` command and tests decode and apply with the same schemas.
 */
import type { Schema } from "effect";
import type { IdSource } from "../../ports/clock";
import type { IsoMessage } from "../../ports/codecs";
import type { PayloadObjectType } from "../../records/payload-object-type";
import { Company, companyApplier } from "../../records/company";
import { CompanyCode, companyCodeApplier } from "../../records/company-code";
import { PurchaseOrder, purchaseOrderApplier } from "../../records/purchase-order";
import { InvoiceRecord, invoiceApplier } from "../../records/invoice";
import { PaymentRequestRecord } from "../../records/payment-request";
import { PaymentStatusRecord } from "../../records/payment-status";
import { BankStatementEntryRecord } from "../../records/bank-statement-entry";
import { makePaymentRequestApplier } from "../payments/payment-request-applier";
import { makePaymentStatusApplier } from "../payments/payment-status-applier";
import { makeBankStatementApplier } from "../payments/bank-statement-applier";

/** Every payload object type's applier; the stores bag must hold every store they write. */
export const makeItemAppliers = (deps: { readonly ids: IdSource }) =>
  ({
    COMPANY: companyApplier,
    COMPANY_CODE: companyCodeApplier,
    INVOICE: invoiceApplier,
    PURCHASE_ORDER: purchaseOrderApplier,
    PAYMENT_REQUEST: makePaymentRequestApplier(),
    PAYMENT_STATUS: makePaymentStatusApplier(deps),
    BANK_STATEMENT: makeBankStatementApplier(deps),
  }) as const;

export interface PayloadRecordSchema {
  readonly schema: Schema.Schema<unknown, unknown>;
  /** The ISO 20022 message carrying records of this type (format `ISO`), when there is one. */
  readonly isoMessage?: IsoMessage;
}

const entry = <A, I>(schema: Schema.Schema<A, I>, isoMessage?: IsoMessage): PayloadRecordSchema =>
  isoMessage === undefined
    ? { schema: schema as unknown as Schema.Schema<unknown, unknown> }
    : { schema: schema as unknown as Schema.Schema<unknown, unknown>, isoMessage };

/** The record schema of every payload object type: what an upload of that type is validated with. */
export const payloadRecordSchemas: Readonly<Record<PayloadObjectType, PayloadRecordSchema>> = {
  COMPANY: entry(Company),
  COMPANY_CODE: entry(CompanyCode),
  INVOICE: entry(InvoiceRecord),
  PURCHASE_ORDER: entry(PurchaseOrder),
  PAYMENT_REQUEST: entry(PaymentRequestRecord, "pain.001"),
  PAYMENT_STATUS: entry(PaymentStatusRecord, "pain.002"),
  BANK_STATEMENT: entry(BankStatementEntryRecord, "camt.053"),
};
