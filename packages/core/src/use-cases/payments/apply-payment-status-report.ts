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
 *
 * pain.002 statuses of lines found by their EndToEndId (or block) are applied per batch in one
 * SetLineStatuses decision and one save, so a report answering 100,000 lines passes over the
 * batch's lines a few times instead of once per line.
 */
import { Effect, Option } from "effect";
import type { FieldError } from "../../kernel";
import type { IdSource, Clock } from "../../ports/clock";
import type { DecodedItem } from "../../ports/codecs";
import type { StoreError } from "../../ports/errors";
import type { PaymentStores } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { BankStatementEntryRecord } from "../../records/bank-statement-entry";
import { paymentStatusKeyOf, statusChangeOf, type PaymentStatusRecord } from "../../records/payment-status";
import { applyStatementEntry } from "./bank-statement-applier";
import { emitIfFinished, setMatchedLineStatus } from "./line-status";
import { decideAndCommitPaymentBatch, type PaymentsCaller } from "./payment-batch-access";
import { lineStatusChangeOutcome, type LineStatusUpdate } from "../../payment-batch";
import type { PaymentBatchLineLocation } from "../../ports/payment-batch-repository";

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

interface Context {
  readonly orgId: PaymentsCaller["orgId"];
  readonly at: string;
  readonly actor: PaymentsCaller["actor"];
}

/** A status for one located line, and how to report it. */
interface LocatedChange {
  readonly itemNumber: number;
  readonly reference: string;
  readonly field: string;
  readonly location: PaymentBatchLineLocation;
  readonly change: LineStatusUpdate;
}

export const makeApplyPaymentStatusReport =
  (deps: { readonly uow: UnitOfWork<Stores>; readonly clock: Clock; readonly ids: IdSource }) =>
  (input: PaymentsCaller & { readonly report: PaymentStatusReport }): Effect.Effect<PaymentStatusReportResult, StoreError> =>
    Effect.gen(function* () {
      const at = yield* deps.clock.now;
      const context: Context = { orgId: input.orgId, at, actor: input.actor };
      const report = input.report;
      const items = yield* deps.uow.run((stores) =>
        report.kind === "pain.002"
          ? applyStatusReport(stores, deps, context, report.items)
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
            ),
      );
      const sorted = [...items].sort((a, b) => a.itemNumber - b.itemNumber);
      const matched = sorted.filter((i) => i.matched).length;
      return { matched, unmatched: sorted.length - matched, items: sorted };
    });

const applyStatusReport = (
  stores: Stores,
  deps: { readonly ids: IdSource },
  context: Context,
  items: ReadonlyArray<DecodedItem<PaymentStatusRecord>>,
): Effect.Effect<ReadonlyArray<ReportItemResult>, StoreError> =>
  Effect.gen(function* () {
    const results: Array<ReportItemResult> = [];
    const located: Array<LocatedChange> = [];
    const bySourceDoc: Array<{ readonly itemNumber: number; readonly record: PaymentStatusRecord }> = [];
    for (const item of items) {
      if (item._tag === "Invalid") {
        results.push(unreadable(item.itemNumber, item.errors));
        continue;
      }
      const record = item.record;
      const change = statusChangeOf(record);
      if (record.exportTransactionId !== undefined) {
        const location = yield* stores.paymentBatches.findLineByExportTransactionId(context.orgId, record.exportTransactionId);
        if (Option.isNone(location)) {
          results.push(unmatchedItem(item.itemNumber, record.exportTransactionId, "exportTransactionId", `no payment-batch line has exportTransactionId "${record.exportTransactionId}"`));
        } else {
          located.push({ itemNumber: item.itemNumber, reference: record.exportTransactionId, field: "exportTransactionId", location: location.value, change: { lineId: location.value.lineId, ...change } });
        }
      } else if (record.sourceDoc !== undefined) {
        bySourceDoc.push({ itemNumber: item.itemNumber, record });
      } else {
        const group = record.exportTransactionGroupId ?? record.originalMessageId ?? "";
        const field = record.exportTransactionGroupId !== undefined ? "exportTransactionGroupId" : "originalMessageId";
        const locations = yield* stores.paymentBatches.findExportedLinesByGroup(context.orgId, group);
        if (locations.length === 0) {
          results.push(unmatchedItem(item.itemNumber, group, field, `no exported payment-batch line is in payment information block or file "${group}"`));
        }
        for (const location of locations) located.push({ itemNumber: item.itemNumber, reference: group, field, location, change: { lineId: location.lineId, ...change } });
      }
    }
    results.push(...(yield* applyLocated(stores, deps, context, located)));
    // By source document alone a line is found only when it is the one candidate (line-status.ts).
    for (const { itemNumber, record } of bySourceDoc) {
      const result = yield* setMatchedLineStatus(stores, deps, context, { ...statusChangeOf(record), match: record });
      results.push(
        result._tag === "Matched"
          ? { itemNumber, reference: paymentStatusKeyOf(record), matched: true, ...result.line }
          : unmatchedItem(itemNumber, paymentStatusKeyOf(record), result.field, result.message),
      );
    }
    return results;
  });

/** Applies the located changes batch by batch: one decision and one save per batch. */
const applyLocated = (
  stores: Stores,
  deps: { readonly ids: IdSource },
  context: Context,
  located: ReadonlyArray<LocatedChange>,
): Effect.Effect<ReadonlyArray<ReportItemResult>, StoreError> =>
  Effect.gen(function* () {
    const byBatch = new Map<string, Array<LocatedChange>>();
    for (const l of located) {
      const list = byBatch.get(l.location.paymentBatchId);
      if (list === undefined) byBatch.set(l.location.paymentBatchId, [l]);
      else list.push(l);
    }
    const results: Array<ReportItemResult> = [];
    for (const [paymentBatchId, changes] of byBatch) {
      const loaded = yield* stores.paymentBatches.get(context.orgId, paymentBatchId);
      if (Option.isNone(loaded)) {
        for (const c of changes) results.push(unmatchedItem(c.itemNumber, c.reference, c.field, `payment batch ${paymentBatchId} does not exist`));
        continue;
      }
      const batch = loaded.value.state;
      const lines = new Map(batch.lines.map((l) => [l.id, l]));
      const applicable: Array<LineStatusUpdate> = [];
      for (const c of changes) {
        const outcome = lineStatusChangeOutcome(batch, lines.get(c.location.lineId), c.change);
        if (outcome === undefined || outcome === "unchanged") {
          if (outcome === undefined) applicable.push(c.change);
          results.push({ itemNumber: c.itemNumber, reference: c.reference, matched: true, ...c.location });
        } else {
          results.push(unmatchedItem(c.itemNumber, c.reference, c.field, outcome.message));
        }
      }
      if (applicable.length === 0) continue;
      // Every change was checked above, so a refusal here is a defect; store failures stay failures.
      const committed = yield* decideAndCommitPaymentBatch(stores.paymentBatches, context.orgId, loaded.value, {
        _tag: "SetLineStatuses",
        at: context.at,
        actor: context.actor,
        changes: applicable,
      }).pipe(Effect.catchAll((e) => (isStoreError(e) ? Effect.fail(e) : Effect.die(e))));
      yield* emitIfFinished(stores.outbound, deps.ids, context, committed.batch, committed.events);
    }
    return results;
  });

const isStoreError = (u: unknown): u is StoreError =>
  typeof u === "object" && u !== null && "_tag" in u && typeof u._tag === "string" && u._tag.startsWith("Store.");

const unmatchedItem = (itemNumber: number, reference: string, field: string, message: string): ReportItemResult => ({
  itemNumber,
  reference,
  matched: false,
  errors: [{ field, message }],
});

const unreadable = (itemNumber: number, errors: ReadonlyArray<FieldError>): ReportItemResult => ({ itemNumber, reference: "", matched: false, errors });
