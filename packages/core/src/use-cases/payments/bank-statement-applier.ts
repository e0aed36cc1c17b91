/**
 * The BANK_STATEMENT applier (DOMAIN.md; ISO form camt.053), and the entry matching it shares
 * with the camt.053 status report.
 */
import { Effect, Option, type Schema } from "effect";
import type { Actor, Instant, OrganizationId } from "../../kernel";
import type { IdSource } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchLineLocation } from "../../ports/payment-batch-repository";
import type { PaymentStores } from "../../ports/payment-record-stores";
import { BankStatementEntryRecord, statementEntryKeyOf, type BankStatementEntry } from "../../records/bank-statement-entry";
import type { ItemApplier, ItemOutcome } from "../../records/item-applier";
import { setMatchedLineStatus } from "./line-status";

export type StatementEntryOutcome =
  | { readonly _tag: "Matched"; readonly entryKey: string; readonly line: PaymentBatchLineLocation }
  | { readonly _tag: "Unmatched"; readonly entryKey: string; readonly reason: string };

/**
 * Stores the entry (once) and, for a debit with an `endToEndId`, marks the submitted line with
 * that `exportTransactionId` `Success`. Idempotent: a stored entry is not stored again and a line
 * already `Success` is left as it is.
 */
export const applyStatementEntry = (
  stores: Pick<PaymentStores, "bankStatementEntries" | "paymentBatches" | "outbound">,
  deps: { readonly ids: IdSource },
  context: { readonly orgId: OrganizationId; readonly at: Instant; readonly actor: Actor },
  record: BankStatementEntryRecord,
): Effect.Effect<StatementEntryOutcome, StoreError> =>
  Effect.gen(function* () {
    const entryKey = statementEntryKeyOf(record);
    const entry: BankStatementEntry = { ...record, entryKey, receivedAt: context.at };
    yield* stores.bankStatementEntries.insert(context.orgId, entry);
    if (record.creditDebit !== "DBIT" || record.endToEndId === undefined) {
      return { _tag: "Unmatched", entryKey, reason: record.creditDebit === "DBIT" ? "the entry has no endToEndId" : "the entry is a credit" } as const;
    }
    const result = yield* setMatchedLineStatus(stores, deps, context, {
      match: { exportTransactionId: record.endToEndId },
      status: "Success",
      externalStatusReportId: record.statementId,
    });
    if (result._tag === "Unmatched") return { _tag: "Unmatched", entryKey, reason: result.message } as const;
    const stored = yield* stores.bankStatementEntries.get(context.orgId, entryKey);
    if (Option.isSome(stored) && stored.value.matchedLine === undefined) {
      yield* stores.bankStatementEntries.update(context.orgId, { ...stored.value, matchedLine: result.line });
    }
    return { _tag: "Matched", entryKey, line: result.line } as const;
  });

/** The BANK_STATEMENT applier: every valid entry is stored, so every item is Applied. */
export const makeBankStatementApplier = (deps: {
  readonly ids: IdSource;
}): ItemApplier<Pick<PaymentStores, "bankStatementEntries" | "paymentBatches" | "outbound">, BankStatementEntryRecord, unknown> => ({
  payloadObjectType: "BANK_STATEMENT",
  // Every field reads `unknown` input, so the schema decodes anything a decoder hands it.
  schema: BankStatementEntryRecord as unknown as Schema.Schema<BankStatementEntryRecord, unknown>,
  isoMessage: "camt.053",
  keyOf: statementEntryKeyOf,
  apply: (stores, context, records) =>
    Effect.forEach(records, ({ itemNumber, record }) =>
      Effect.map(applyStatementEntry(stores, deps, context, record), (o) => ({ _tag: "Applied", itemNumber, key: o.entryKey }) satisfies ItemOutcome),
    ),
});
