/**
 * What every payment-batch use case does around `decide`: find the batch by id or by
 * company + key, apply the decided events and write the result under optimistic concurrency.
 */
import { Effect, Option } from "effect";
import { fold } from "../../kernel/decider";
import type { Actor, Instant, OrganizationId } from "../../kernel";
import {
  decidePaymentBatch,
  evolvePaymentBatch,
  PaymentBatchNotFound,
  type PaymentBatch,
  type PaymentBatchCommand,
  type PaymentBatchError,
  type PaymentBatchEvent,
} from "../../payment-batch";
import type { Clock } from "../../ports/clock";
import type { StoreError, StoreUnavailable } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { Versioned } from "../../ports/repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { FinancialAccountStore } from "../../ports/payment-record-stores";
import { FinancialAccountNotFound, type FinancialAccount } from "../../records/financial-account";

/** How a request addresses a batch: `{id}` or `{companyKey}/{paymentBatchKey}`. */
export type PaymentBatchRef = { readonly id: string } | { readonly companyKey: string; readonly paymentBatchKey: number };

export const paymentBatchReferenceOf = (ref: PaymentBatchRef): string => ("id" in ref ? ref.id : `${ref.companyKey}/${ref.paymentBatchKey}`);

/** Who calls, for which organization: the part of every use-case input that is not the request. */
export interface PaymentsCaller {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
}

export const loadPaymentBatch = (
  repository: PaymentBatchRepository,
  orgId: OrganizationId,
  ref: PaymentBatchRef,
): Effect.Effect<Versioned<PaymentBatch>, PaymentBatchNotFound | StoreUnavailable> =>
  Effect.flatMap("id" in ref ? repository.get(orgId, ref.id) : repository.getByKey(orgId, ref.companyKey, ref.paymentBatchKey), (found) =>
    Option.match(found, {
      onNone: () => Effect.fail(new PaymentBatchNotFound({ reference: paymentBatchReferenceOf(ref) })),
      onSome: Effect.succeed,
    }),
  );

export interface CommittedPaymentBatch {
  /** The batch after the events; None once deleted. */
  readonly batch: Option.Option<PaymentBatch>;
  readonly events: ReadonlyArray<PaymentBatchEvent>;
}

/**
 * Decides `command` on the loaded batch and writes the outcome: nothing when no event was
 * accepted, a delete when the batch is gone, else a save at the loaded version.
 */
export const decideAndCommitPaymentBatch = (
  repository: PaymentBatchRepository,
  orgId: OrganizationId,
  loaded: Versioned<PaymentBatch>,
  command: PaymentBatchCommand,
): Effect.Effect<CommittedPaymentBatch, PaymentBatchError | StoreError> =>
  Effect.gen(function* () {
    const events = yield* decidePaymentBatch(loaded.state, command);
    if (events.length === 0) return { batch: Option.some(loaded.state), events };
    const next = fold(evolvePaymentBatch, loaded.state, events);
    if (next._tag === "Absent") {
      yield* repository.delete(orgId, loaded.state.id, loaded.version);
      return { batch: Option.none(), events };
    }
    yield* repository.save({ orgId, id: next.id, state: next, events, expectedVersion: loaded.version });
    return { batch: Option.some(next), events };
  });

/** The command's time and actor. */
interface CommandStamp {
  readonly at: Instant;
  readonly actor: Actor;
}

/**
 * The shape of most payment-batch use cases: in one unit of work, load the batch, build the
 * command (which may read other stores), decide, and save. Returns the batch as saved.
 */
export const runPaymentBatchCommand = <S extends { readonly paymentBatches: PaymentBatchRepository }, E>(
  deps: { readonly uow: UnitOfWork<S>; readonly clock: Clock },
  input: PaymentsCaller & { readonly ref: PaymentBatchRef },
  build: (stores: S, batch: PaymentBatch, stamp: CommandStamp) => Effect.Effect<PaymentBatchCommand, E>,
): Effect.Effect<PaymentBatch, E | PaymentBatchError | StoreError> =>
  Effect.flatMap(deps.clock.now, (at) =>
    deps.uow.run((stores) =>
      Effect.gen(function* () {
        const loaded = yield* loadPaymentBatch(stores.paymentBatches, input.orgId, input.ref);
        const command = yield* build(stores, loaded.state, { at, actor: input.actor });
        const committed = yield* decideAndCommitPaymentBatch(stores.paymentBatches, input.orgId, loaded, command);
        return Option.getOrElse(committed.batch, () => loaded.state);
      }),
    ),
  );

/** The organization's account with that key. Fails with FinancialAccountNotFound, StoreUnavailable. */
export const requireFinancialAccount = (
  store: FinancialAccountStore,
  caller: { readonly orgId: OrganizationId },
  key: string,
): Effect.Effect<FinancialAccount, FinancialAccountNotFound | StoreUnavailable> =>
  Effect.flatMap(store.get(caller.orgId, key), (found) =>
    Option.match(found, { onNone: () => Effect.fail(new FinancialAccountNotFound({ key })), onSome: Effect.succeed }),
  );
