/** Steps every ERP batch use case shares: load or refuse, decide and save, retry a stale save. */
import { Effect, Either, Option, Schedule } from "effect";
import type { ErpBatchCommand } from "../../erp-batch/erp-batch.commands";
import { decideErpBatch } from "../../erp-batch/erp-batch.decide";
import { ErpBatchNotFound, ErpBatchParametersInvalid, type ErpBatchError } from "../../erp-batch/erp-batch.errors";
import type { ErpBatchEvent } from "../../erp-batch/erp-batch.events";
import { evolveErpBatch } from "../../erp-batch/erp-batch.evolve";
import type { ErpBatchState, ExistingErpBatch } from "../../erp-batch/erp-batch.state";
import { fold, type OrganizationId } from "../../kernel";
import type { ErpBatchRepository } from "../../ports/erp-batch-repository";
import type { StoreUnavailable, UniqueConflict, VersionConflict } from "../../ports/errors";
import type { Versioned } from "../../ports/repository";

export const loadErpBatch = (
  repository: ErpBatchRepository,
  orgId: OrganizationId,
  batchId: string,
): Effect.Effect<Versioned<ExistingErpBatch>, ErpBatchNotFound | StoreUnavailable> =>
  Effect.flatMap(repository.get(orgId, batchId), Option.match({
    onNone: () => Effect.fail(new ErpBatchNotFound({ batchId })),
    onSome: Effect.succeed,
  }));

export interface Decided {
  readonly state: ExistingErpBatch;
  readonly events: ReadonlyArray<ErpBatchEvent>;
  /** The stored version after the decision (unchanged when no event was accepted). */
  readonly version: number;
}

/**
 * Decides `command` on the loaded state (version 0 for a new batch) and saves the result when
 * there are events; no events (a repeated block) saves nothing.
 */
export const decideAndSave = (
  repository: ErpBatchRepository,
  orgId: OrganizationId,
  loaded: Versioned<ErpBatchState>,
  command: ErpBatchCommand,
): Effect.Effect<Decided, ErpBatchError | VersionConflict | UniqueConflict | StoreUnavailable> =>
  Either.match(decideErpBatch(loaded.state, command), {
    onLeft: Effect.fail,
    onRight: (events) => {
      const state = fold(evolveErpBatch, loaded.state, events);
      // decide only accepts commands that leave an existing batch, so Absent here is a bug.
      if (state._tag === "Absent") return Effect.dieMessage(`ErpBatch ${command._tag} left no batch`);
      if (events.length === 0) return Effect.succeed({ state, events, version: loaded.version });
      return Effect.map(
        repository.save({ orgId, id: state.batchId, state, events, expectedVersion: loaded.version }),
        (version): Decided => ({ state, events, version }),
      );
    },
  });

/**
 * Runs `effect` again when it lost an optimistic-concurrency race: it reloads and decides on the
 * state the winner saved. Concurrent block uploads of one batch contend here; each retry makes
 * progress for someone, so a bounded number suffices.
 */
export const retryOnVersionConflict = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.retry(effect, {
    while: (e) => e._tag === "Store.VersionConflict",
    schedule: Schedule.recurs(50),
  });

export const isQueuedBy = (events: ReadonlyArray<ErpBatchEvent>): boolean => events.some((e) => e._tag === "BatchQueued");

/** Rows per page of the ERP listings when the client gives no `limit`, and the most it may ask for. */
export const ERP_DEFAULT_PAGE_LIMIT = 100;
export const ERP_MAX_PAGE_LIMIT = 1000;

export const pageLimit = (limit: number | undefined): Effect.Effect<number, ErpBatchParametersInvalid> =>
  limit === undefined
    ? Effect.succeed(ERP_DEFAULT_PAGE_LIMIT)
    : Number.isSafeInteger(limit) && limit >= 1 && limit <= ERP_MAX_PAGE_LIMIT
      ? Effect.succeed(limit)
      : Effect.fail(new ErpBatchParametersInvalid({ errors: [{ field: "limit", message: `must be a whole number from 1 to ${ERP_MAX_PAGE_LIMIT}` }] }));
