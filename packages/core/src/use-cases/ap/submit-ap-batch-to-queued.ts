/** POST /odata/Batches({batchId})/SubmitToQueued: Open -> Queued, scheduled for export. */
import { Effect } from "effect";
import {
  apBatchViewOf,
  decideSubmitApBatchToQueued,
  type ApBatchAlreadyExported,
  type ApBatchAlreadyQueued,
  type ApBatchNotFound,
  type ApBatchView,
} from "../../ap-batch";
import type { Actor, OrganizationId } from "../../kernel";
import type { ApBatchRepository, Clock, StoreError, UnitOfWork } from "../../ports";
import { loadApBatch, saveApBatchEvents } from "./ap-batch-persistence";

export interface SubmitApBatchToQueuedInput {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
  readonly apBatchId: string;
}

export type SubmitApBatchToQueuedError = ApBatchNotFound | ApBatchAlreadyQueued | ApBatchAlreadyExported | StoreError;

export const makeSubmitApBatchToQueued =
  (deps: { readonly uow: UnitOfWork<{ readonly apBatches: ApBatchRepository }>; readonly clock: Clock }) =>
  (input: SubmitApBatchToQueuedInput): Effect.Effect<ApBatchView, SubmitApBatchToQueuedError> =>
    Effect.flatMap(deps.clock.now, (at) =>
      deps.uow.run(({ apBatches }) =>
        Effect.gen(function* () {
          const loaded = yield* loadApBatch(apBatches, input.orgId, input.apBatchId);
          const events = yield* decideSubmitApBatchToQueued(loaded.state, { _tag: "SubmitToQueued", apBatchId: input.apBatchId, at, actor: input.actor });
          return apBatchViewOf(yield* saveApBatchEvents(apBatches, input.orgId, loaded, events));
        }),
      ),
    );
