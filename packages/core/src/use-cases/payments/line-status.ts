/**
 * Setting the status of an exported payment-batch line, the one path shared by the manual
 * `PUT .../status`, PAYMENT_STATUS items, pain.002 reports and matched camt.053 entries.
 *
 * A line that already has the requested status is left as it is and counts as done: a bank
 * answer read twice (a replayed inbound batch, a report uploaded again) changes nothing, even
 * once the batch has finished. When a change finishes the batch, an outbound PAYMENT_STATUS
 * batch is emitted in the same unit of work.
 */
import { Effect, Either, Option } from "effect";
import type { Actor, Instant, OrganizationId } from "../../kernel";
import {
  finishedStatusOf,
  isSubmittedPaymentBatch,
  type PaymentBatch,
  type PaymentBatchError,
  type PaymentBatchEvent,
  type PaymentBatchLineStatus,
} from "../../payment-batch";
import type { IdSource } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { OutboundBatchEmitter } from "../../ports/outbound";
import type { PaymentBatchLineLocation, PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { Versioned } from "../../ports/repository";
import { decideAndCommitPaymentBatch } from "./payment-batch-access";

export interface LineStatusChange {
  readonly status: PaymentBatchLineStatus;
  readonly externalStatusCode?: string;
  readonly reason?: string;
  readonly externalStatusReportId?: string;
}

export interface LineStatusContext {
  readonly orgId: OrganizationId;
  readonly at: Instant;
  readonly actor: Actor;
}

type Stores = { readonly paymentBatches: PaymentBatchRepository; readonly outbound: OutboundBatchEmitter };

/**
 * The outbound PAYMENT_STATUS batch of a finished payment batch: one item per line, with the
 * fields a PAYMENT_STATUS record has (absent ones left out), so the ERP reads it as such records.
 */
export const emitPaymentStatusOutbound = (
  outbound: OutboundBatchEmitter,
  ids: IdSource,
  context: LineStatusContext,
  batch: PaymentBatch,
): Effect.Effect<void, StoreError> =>
  Effect.flatMap(ids.uuid, (batchId) =>
    outbound.emit({
      orgId: context.orgId,
      batchId,
      payloadObjectType: "PAYMENT_STATUS",
      items: batch.lines.map((l) => ({
        ...(l.sourceDoc === undefined ? {} : { sourceDoc: l.sourceDoc }),
        ...(l.exportTransactionId === undefined ? {} : { exportTransactionId: l.exportTransactionId }),
        status: l.status,
        ...(l.externalStatusCode === undefined ? {} : { externalStatusCode: l.externalStatusCode }),
        ...(l.reason === undefined ? {} : { reason: l.reason }),
      })),
      at: context.at,
      actor: context.actor,
    }),
  );

/** Emits the outbound batch when `events` finished the batch. */
export const emitIfFinished = (
  outbound: OutboundBatchEmitter,
  ids: IdSource,
  context: LineStatusContext,
  batch: Option.Option<PaymentBatch>,
  events: ReadonlyArray<PaymentBatchEvent>,
): Effect.Effect<void, StoreError> =>
  Option.isSome(batch) && finishedStatusOf(events) !== undefined ? emitPaymentStatusOutbound(outbound, ids, context, batch.value) : Effect.void;

/**
 * Sets the status of line `lineId` of the loaded batch. Returns whether anything changed.
 * Fails with the decider's refusal (not submitted, line not exported, ...) or a StoreError.
 */
export const applyLineStatus = (
  stores: Stores,
  deps: { readonly ids: IdSource },
  context: LineStatusContext,
  loaded: Versioned<PaymentBatch>,
  lineId: string,
  change: LineStatusChange,
): Effect.Effect<{ readonly batch: PaymentBatch; readonly changed: boolean }, PaymentBatchError | StoreError> =>
  Effect.gen(function* () {
    const line = loaded.state.lines.find((l) => l.id === lineId);
    if (line !== undefined && line.exportTransactionId !== undefined && line.status === change.status) {
      return { batch: loaded.state, changed: false };
    }
    const committed = yield* decideAndCommitPaymentBatch(stores.paymentBatches, context.orgId, loaded, {
      _tag: "SetLineStatus",
      at: context.at,
      actor: context.actor,
      lineId,
      ...change,
    });
    yield* emitIfFinished(stores.outbound, deps.ids, context, committed.batch, committed.events);
    return { batch: Option.getOrElse(committed.batch, () => loaded.state), changed: committed.events.length > 0 };
  });

/** How a bank answer names its line: by EndToEndId, else by the ERP's source document. */
export interface LineMatch {
  readonly exportTransactionId?: string;
  readonly sourceDoc?: string;
}

export type LineMatchResult =
  | { readonly _tag: "Matched"; readonly line: PaymentBatchLineLocation; readonly changed: boolean }
  | { readonly _tag: "Unmatched"; readonly field: "exportTransactionId" | "sourceDoc"; readonly message: string };

const unmatched = (field: "exportTransactionId" | "sourceDoc", message: string): LineMatchResult => ({ _tag: "Unmatched", field, message });

/**
 * Finds the line a bank answer is about and sets its status. By `exportTransactionId` the line
 * is unique. By `sourceDoc` alone it must be the only exported line with that document in a
 * submitted batch (or, for an answer read again, the only one that already has that status).
 * A refusal of the decider is an Unmatched result naming why, not a failure.
 */
export const setMatchedLineStatus = (
  stores: Stores,
  deps: { readonly ids: IdSource },
  context: LineStatusContext,
  request: LineStatusChange & { readonly match: LineMatch },
): Effect.Effect<LineMatchResult, StoreError> =>
  Effect.gen(function* () {
    const { match, ...change } = request;
    const field = match.exportTransactionId !== undefined ? "exportTransactionId" : "sourceDoc";
    const located = yield* locate(stores.paymentBatches, context.orgId, match, change.status);
    if (Either.isLeft(located)) return unmatched(field, located.left);
    const { loaded, location } = located.right;
    const outcome = yield* Effect.either(applyLineStatus(stores, deps, context, loaded, location.lineId, change));
    return Either.match(outcome, {
      onLeft: (error): LineMatchResult => unmatched(field, error.message),
      onRight: ({ changed }): LineMatchResult => ({ _tag: "Matched", line: location, changed }),
    });
  });

type Located = { readonly loaded: Versioned<PaymentBatch>; readonly location: PaymentBatchLineLocation };

const locate = (
  repository: PaymentBatchRepository,
  orgId: OrganizationId,
  match: LineMatch,
  status: PaymentBatchLineStatus,
): Effect.Effect<Either.Either<Located, string>, StoreError> =>
  Effect.gen(function* () {
    if (match.exportTransactionId !== undefined) {
      const id = match.exportTransactionId;
      const location = yield* repository.findLineByExportTransactionId(orgId, id);
      if (Option.isNone(location)) return Either.left(`no payment-batch line has exportTransactionId "${id}"`);
      const loaded = yield* repository.get(orgId, location.value.paymentBatchId);
      return Option.match(loaded, {
        onNone: () => Either.left(`no payment-batch line has exportTransactionId "${id}"`),
        onSome: (l) => Either.right({ loaded: l, location: location.value }),
      });
    }
    const sourceDoc = match.sourceDoc ?? "";
    const locations = yield* repository.findExportedLinesBySourceDoc(orgId, sourceDoc);
    const candidates: Array<Located> = [];
    for (const location of locations) {
      const loaded = yield* repository.get(orgId, location.paymentBatchId);
      if (Option.isSome(loaded)) candidates.push({ loaded: loaded.value, location });
    }
    const submitted = candidates.filter((c) => isSubmittedPaymentBatch(c.loaded.state));
    if (submitted.length > 1) {
      return Either.left(`${submitted.length} submitted payment-batch lines have sourceDoc "${sourceDoc}": give the exportTransactionId`);
    }
    const [only] = submitted;
    if (only !== undefined) return Either.right(only);
    const answered = candidates.filter(
      (c) => c.loaded.state._tag !== "Discarded" && c.loaded.state.lines.some((l) => l.id === c.location.lineId && l.status === status),
    );
    const [repeat] = answered;
    return answered.length === 1 && repeat !== undefined
      ? Either.right(repeat)
      : Either.left(`no submitted payment-batch line has sourceDoc "${sourceDoc}"`);
  });
