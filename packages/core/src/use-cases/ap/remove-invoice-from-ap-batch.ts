/** DELETE /odata/Batches({batchId})/Invoices({apMatchedInvoiceId}) (extension): the invoice leaves the batch and is Vouchered again. */
import { Effect, Option } from "effect";
import {
  apBatchViewOf,
  decideRemoveInvoiceFromApBatch,
  type ApBatchAlreadyExported,
  type ApBatchNotFound,
  type ApBatchView,
  type ApInvoice,
  type ApInvoiceNotFound,
  type InvoiceNotInBatch,
} from "../../ap-batch";
import type { Actor, OrganizationId } from "../../kernel";
import type { ApBatchRepository, ApInvoiceStore, Clock, StoreError, UnitOfWork } from "../../ports";
import { loadApBatch, loadApInvoice, saveApBatchEvents } from "./ap-batch-persistence";

export interface RemoveInvoiceFromApBatchInput {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
  readonly apBatchId: string;
  readonly apMatchedInvoiceId: string;
}

export type RemoveInvoiceFromApBatchError = ApBatchNotFound | ApInvoiceNotFound | ApBatchAlreadyExported | InvoiceNotInBatch | StoreError;

export const makeRemoveInvoiceFromApBatch =
  (deps: {
    readonly uow: UnitOfWork<{ readonly apBatches: ApBatchRepository; readonly apInvoices: ApInvoiceStore }>;
    readonly clock: Clock;
  }) =>
  (input: RemoveInvoiceFromApBatchInput): Effect.Effect<{ readonly batch: ApBatchView; readonly invoice: ApInvoice }, RemoveInvoiceFromApBatchError> =>
    Effect.flatMap(deps.clock.now, (at) =>
      deps.uow.run(({ apBatches, apInvoices }) =>
        Effect.gen(function* () {
          const loaded = yield* loadApBatch(apBatches, input.orgId, input.apBatchId);
          yield* loadApInvoice(apInvoices, input.orgId, input.apMatchedInvoiceId);
          const stamp = { at, actor: input.actor };
          const events = yield* decideRemoveInvoiceFromApBatch(loaded.state, {
            _tag: "RemoveInvoice",
            apBatchId: input.apBatchId,
            apMatchedInvoiceId: input.apMatchedInvoiceId,
            ...stamp,
          });
          const released = yield* apInvoices.removeFromBatch(input.orgId, input.apMatchedInvoiceId, input.apBatchId, stamp);
          if (Option.isNone(released)) {
            return yield* Effect.dieMessage(`AP batch ${input.apBatchId} lists invoice ${input.apMatchedInvoiceId}, which the store does not hold as Batched in it`);
          }
          const state = yield* saveApBatchEvents(apBatches, input.orgId, loaded, events);
          return { batch: apBatchViewOf(state), invoice: released.value };
        }),
      ),
    );
