/** The load and save steps the AP use cases repeat inside their unit of work. */
import { Effect, Option } from "effect";
import {
  ApBatchNotFound,
  ApInvoiceNotFound,
  apBatchExists,
  evolveApBatch,
  type ApBatchEvent,
  type ApInvoice,
  type ExistingApBatch,
} from "../../ap-batch";
import { fold, type OrganizationId } from "../../kernel";
import type { ApBatchRepository, ApInvoiceStore, StoreError, StoreUnavailable } from "../../ports";

export interface LoadedApBatch {
  readonly state: ExistingApBatch;
  readonly version: number;
}

/** The batch of the organization, or ApBatchNotFound (also for another organization's batch). */
export const loadApBatch = (
  apBatches: ApBatchRepository,
  orgId: OrganizationId,
  apBatchId: string,
): Effect.Effect<LoadedApBatch, ApBatchNotFound | StoreUnavailable> =>
  apBatches.get(orgId, apBatchId).pipe(
    Effect.flatMap((found) =>
      Option.match(Option.filter(found, (v) => apBatchExists(v.state)), {
        onNone: () => Effect.fail(new ApBatchNotFound({ apBatchId })),
        onSome: (v) => Effect.succeed({ state: v.state as ExistingApBatch, version: v.version }),
      }),
    ),
  );

/** Applies the accepted events and saves the result under the loaded version; returns the new state. */
export const saveApBatchEvents = (
  apBatches: ApBatchRepository,
  orgId: OrganizationId,
  loaded: LoadedApBatch,
  events: ReadonlyArray<ApBatchEvent>,
): Effect.Effect<ExistingApBatch, StoreError> => {
  // Events accepted for an existing batch never make it absent again.
  const state = fold(evolveApBatch, loaded.state, events) as ExistingApBatch;
  return apBatches
    .save({ orgId, id: state.apBatchId, state, events, expectedVersion: loaded.version })
    .pipe(Effect.as(state));
};

/** The invoice of the organization, or ApInvoiceNotFound (also for another organization's invoice). */
export const loadApInvoice = (
  apInvoices: ApInvoiceStore,
  orgId: OrganizationId,
  apMatchedInvoiceId: string,
): Effect.Effect<ApInvoice, ApInvoiceNotFound | StoreUnavailable> =>
  apInvoices.get(orgId, apMatchedInvoiceId).pipe(
    Effect.flatMap(
      Option.match({
        onNone: () => Effect.fail(new ApInvoiceNotFound({ apMatchedInvoiceId })),
        onSome: Effect.succeed,
      }),
    ),
  );
