/**
 * Arbitraries for the payments area's records: financial accounts, custom attribute
 * definitions, payment requests, bank statement entries, PAYMENT_STATUS records and stored
 * payment files, as the stores hold them (already decoded).
 */
import { FastCheck as fc } from "effect";
import {
  CustomAttributeTargets,
  CustomAttributeTypes,
  PaymentFileVersions,
  statementEntryKeyOf,
  type BankStatementEntry,
  type BankStatementEntryRecord,
  type CustomAttributeDefinition,
  type FinancialAccount,
  type PaymentRequest,
  type PaymentStatusRecord,
  type StoredPaymentFile,
} from "@batch/core";
import { paymentAmountArb, paymentBicArb, paymentIbanArb, paymentInstantArb } from "./payment-batch";

const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/);
const key = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/);
const optional = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: undefined });
const dateArb = fc.integer({ min: 0, max: 700 }).map((d) => new Date(Date.parse("2026-01-01T00:00:00.000Z") + d * 86_400_000).toISOString().slice(0, 10));

/** Leaves out absent optional properties, as decoded records do. */
const defined = <A extends object>(a: A): A => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as A;

export const financialAccountArb: fc.Arbitrary<FinancialAccount> = fc
  .record({
    key,
    iban: paymentIbanArb,
    bic: paymentBicArb,
    holderName: fc.constantFrom("ACME Lda", "Müller GmbH", "Org & Co"),
    country: fc.constantFrom("PT", "DE", "FR"),
    townName: fc.constantFrom("Lisboa", "Berlin", "Paris"),
    streetName: optional(fc.constantFrom("Rua Augusta", "Hauptstraße")),
    buildingNumber: optional(fc.constantFrom("1", "12A")),
    postCode: optional(fc.constantFrom("1100-048", "10115")),
  })
  .map(defined);

export const customAttributeDefinitionArb: fc.Arbitrary<CustomAttributeDefinition> = fc.record({
  name: word.map((w) => `custom_${w}`),
  appliesTo: fc.constantFrom(...CustomAttributeTargets),
  type: fc.constantFrom(...CustomAttributeTypes),
  required: fc.boolean(),
});

export const paymentRequestArb: fc.Arbitrary<PaymentRequest> = fc
  .record({
    referenceId: key,
    companyKey: fc.constantFrom("C1", "C2"),
    party: fc.constantFrom("ACME Lda", "Dupont & Fils"),
    amount: paymentAmountArb(2).filter((a) => a.coefficient > 0n),
    currency: fc.constant("EUR"),
    iban: paymentIbanArb,
    swift: optional(paymentBicArb),
    dueDate: optional(dateArb),
    paymentInstruction: optional(fc.constantFrom("Invoice 12", "Rent")),
    sourceDoc: optional(fc.constantFrom("INV-1", "INV-2")),
    receivedAt: paymentInstantArb,
    updatedAt: paymentInstantArb,
    line: optional(fc.record({ paymentBatchId: fc.uuid(), lineId: fc.uuid() })),
  })
  .map(defined);

export const bankStatementEntryRecordArb: fc.Arbitrary<BankStatementEntryRecord> = fc
  .record({
    statementId: fc.constantFrom("STMT-1", "STMT-2"),
    accountIban: paymentIbanArb,
    bookingDate: dateArb,
    amount: paymentAmountArb(2),
    currency: fc.constant("EUR"),
    creditDebit: fc.constantFrom("CRDT" as const, "DBIT" as const),
    endToEndId: optional(fc.uuid().map((u) => u.replaceAll("-", ""))),
    remittanceInfo: optional(fc.constantFrom("Invoice 12", "Fee")),
    entryReference: optional(key),
  })
  .map(defined);

export const bankStatementEntryArb: fc.Arbitrary<BankStatementEntry> = fc
  .tuple(bankStatementEntryRecordArb, paymentInstantArb)
  .map(([record, receivedAt]) => ({ ...record, entryKey: statementEntryKeyOf(record), receivedAt }));

export const paymentStatusRecordArb: fc.Arbitrary<PaymentStatusRecord> = fc
  .record({
    exportTransactionId: optional(fc.uuid().map((u) => u.replaceAll("-", ""))),
    sourceDoc: optional(fc.constantFrom("INV-1", "INV-2")),
    status: fc.constantFrom("Success" as const, "Error" as const),
    externalStatusCode: optional(fc.constantFrom("AC01", "AM04")),
    reason: optional(fc.constantFrom("closed account")),
    externalStatusReportId: optional(fc.constantFrom("RPT-1")),
  })
  .filter((r) => r.exportTransactionId !== undefined || r.sourceDoc !== undefined)
  .map(defined);

export const storedPaymentFileArb: fc.Arbitrary<StoredPaymentFile> = fc.record({
  paymentBatchId: fc.uuid(),
  version: fc.constantFrom(...PaymentFileVersions),
  messageId: fc.uuid().map((u) => u.replaceAll("-", "")),
  createdAt: paymentInstantArb,
  content: fc.string({ maxLength: 200 }).map((s) => `<?xml version="1.0" encoding="UTF-8"?><Document>${s.replace(/[<&]/g, "")}</Document>`),
});
