/**
 * POST .../bankAccounting/paymentStatusReports (API.md, beyond the seed): a bank's pain.002
 * status report, or a camt.053 statement, already read into records by the RecordDecoder port
 * (`PaymentStatusRecord` for pain.002, `BankStatementEntryRecord` for camt.053). Each record
 * sets the status of the line it names, exactly as the PAYMENT_STATUS and BANK_STATEMENT item
 * appliers do (camt.053 entries are stored too); the answer counts what matched a line.
 * Everything is applied in one unit of work, so finished batches emit their outbound batches
 * with it.
 *
 * A status given for a whole payment information block or file, without transaction statuses
 * (a group `RJCT`), applies to every line exported in that block: one result per line. Our files
 * have one block whose PmtInfId is the MsgId (see export-payment-batch.ts), so a file's status
 * finds its lines the same way.
 */
import { Effect, Either, Option } from "effect";
import type { FieldError } from "../../kernel";
import type { IdSource, Clock } from "../../ports/clock";
import type { DecodedItem } from "../../ports/codecs";
import type { StoreError } from "../../ports/errors";
import type { PaymentStores } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { BankStatementEntryRecord } from "../../records/bank-statement-entry";
import { paymentStatusKeyOf, statusChangeOf, type PaymentStatusRecord } from "../../records/payment-status";
import { applyStatementEntry } from "./bank-statement-applier";
import { applyLineStatus, setMatchedLineStatus } from "./line-status";
import type { PaymentsCaller } from "./payment-batch-access";

export type PaymentStatusReport =
  | { readonly kind: "pain.002"; readonly items: ReadonlyArray<DecodedItem<PaymentStatusRecord>> }
  | { readonly kind: "camt.053"; readonly items: ReadonlyArray<DecodedItem<BankStatementEntryRecord>> };

export interface ReportItemResult {
  readonly itemNumber: number;
  /** The record's EndToEndId, source document or statement entry key ("" when unreadable). */
  readonly reference: string;
  readonly matched: boolean;
  readonly paymentBatchId?: string;
  readonly lineId?: string;
  /** Why it matched no line (or could not be read). */
  readonly errors?: ReadonlyArray<FieldError>;
}

export interface PaymentStatusReportResult {
  readonly matched: number;
  readonly unmatched: number;
  readonly items: ReadonlyArray<ReportItemResult>;
}

type Stores = Pick<PaymentStores, "paymentBatches" | "bankStatementEntries" | "outbound">;

export const makeApplyPaymentStatusReport =
  (deps: { readonly uow: UnitOfWork<Stores>; readonly clock: Clock; readonly ids: IdSource }) =>
  (input: PaymentsCaller & { readonly report: PaymentStatusReport }): Effect.Effect<PaymentStatusReportResult, StoreError> =>
    Effect.gen(function* () {
      const at = yield* deps.clock.now;
      const context = { orgId: input.orgId, at, actor: input.actor };
      const items = yield* deps.uow.run((stores) => {
        const report = input.report;
        return report.kind === "pain.002"
          ? Effect.flatMap(
              Effect.forEach(report.items, (item) =>
              item._tag === "Invalid"
                ? Effect.succeed([unreadable(item.itemNumber, item.errors)])
                : isBlockStatus(item.record)
                  ? applyBlockStatus(stores, deps, context, item.itemNumber, item.record)
                  : Effect.map(
                    setMatchedLineStatus(stores, deps, context, { ...statusChangeOf(item.record), match: item.record }),
                    (result): ReadonlyArray<ReportItemResult> => [
                      result._tag === "Matched"
                        ? { itemNumber: item.itemNumber, reference: paymentStatusKeyOf(item.record), matched: true, ...result.line }
                        : {
                            itemNumber: item.itemNumber,
                            reference: paymentStatusKeyOf(item.record),
                            matched: false,
                            errors: [{ field: result.field, message: result.message }],
                          },
                    ],
                  ),
              ),
              (nested) => Effect.succeed(nested.flat()),
            )
          : Effect.forEach(report.items, (item) =>
              item._tag === "Invalid"
                ? Effect.succeed(unreadable(item.itemNumber, item.errors))
                : Effect.map(
                    applyStatementEntry(stores, deps, context, item.record),
                    (outcome): ReportItemResult =>
                      outcome._tag === "Matched"
                        ? { itemNumber: item.itemNumber, reference: outcome.entryKey, matched: true, ...outcome.line }
                        : { itemNumber: item.itemNumber, reference: outcome.entryKey, matched: false, errors: [{ field: "endToEndId", message: outcome.reason }] },
                  ),
            );
      });
      const matched = items.filter((i) => i.matched).length;
      return { matched, unmatched: items.length - matched, items };
    });

/** A record about a whole block or file rather than one transaction. */
const isBlockStatus = (r: PaymentStatusRecord): boolean => r.exportTransactionId === undefined && r.sourceDoc === undefined;

/** Sets the status of every line exported in the record's block (or file): one result per line. */
const applyBlockStatus = (
  stores: Stores,
  deps: { readonly ids: IdSource },
  context: { readonly orgId: PaymentsCaller["orgId"]; readonly at: string; readonly actor: PaymentsCaller["actor"] },
  itemNumber: number,
  record: PaymentStatusRecord,
): Effect.Effect<ReadonlyArray<ReportItemResult>, StoreError> =>
  Effect.gen(function* () {
    const group = record.exportTransactionGroupId ?? record.originalMessageId ?? "";
    const field = record.exportTransactionGroupId !== undefined ? "exportTransactionGroupId" : "originalMessageId";
    const locations = yield* stores.paymentBatches.findExportedLinesByGroup(context.orgId, group);
    if (locations.length === 0) {
      return [{ itemNumber, reference: group, matched: false, errors: [{ field, message: `no exported payment-batch line is in payment information block or file "${group}"` }] }];
    }
    const results: Array<ReportItemResult> = [];
    for (const location of locations) {
      // Loaded again for each line: the previous line's change saved a new version.
      const loaded = yield* stores.paymentBatches.get(context.orgId, location.paymentBatchId);
      if (Option.isNone(loaded)) continue;
      const outcome = yield* Effect.either(applyLineStatus(stores, deps, context, loaded.value, location.lineId, statusChangeOf(record)));
      const reference = loaded.value.state.lines.find((l) => l.id === location.lineId)?.exportTransactionId ?? group;
      results.push(
        Either.isRight(outcome)
          ? { itemNumber, reference, matched: true, ...location }
          : { itemNumber, reference, matched: false, errors: [{ field, message: outcome.left.message }] },
      );
    }
    return results;
  });

const unreadable = (itemNumber: number, errors: ReadonlyArray<FieldError>): ReportItemResult => ({ itemNumber, reference: "", matched: false, errors });
