/**
 * POST /odata/Batches({batchId})/Export: the batch and its invoices become Exported, and an
 * outbound INVOICE ERP batch holding the invoices (seed 001 JSON, one item per invoice, in the
 * order they joined) is emitted for the ERP, all in one unit of work.
 */
import { Effect } from "effect";
import {
  apBatchViewOf,
  decideExportApBatch,
  encodeApInvoice,
  type ApBatchAlreadyExported,
  type ApBatchHasNoInvoices,
  type ApBatchNotFound,
  type ApBatchView,
} from "../../ap-batch";
import type { Actor, OrganizationId } from "../../kernel";
import type { ApBatchRepository, ApInvoiceStore, Clock, IdSource, OutboundBatchEmitter, StoreError, UnitOfWork } from "../../ports";
import { loadApBatch, saveApBatchEvents } from "./ap-batch-persistence";

export interface ExportApBatchInput {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
  readonly apBatchId: string;
}

export type ExportApBatchError = ApBatchNotFound | ApBatchAlreadyExported | ApBatchHasNoInvoices | StoreError;

export interface ExportedApBatch {
  readonly batch: ApBatchView;
  /** The outbound INVOICE ERP batch the export emitted. */
  readonly outboundBatchId: string;
}

export const makeExportApBatch =
  (deps: {
    readonly uow: UnitOfWork<{
      readonly apBatches: ApBatchRepository;
      readonly apInvoices: ApInvoiceStore;
      readonly outbound: OutboundBatchEmitter;
    }>;
    readonly clock: Clock;
    readonly ids: IdSource;
  }) =>
  (input: ExportApBatchInput): Effect.Effect<ExportedApBatch, ExportApBatchError> =>
    Effect.gen(function* () {
      const at = yield* deps.clock.now;
      const outboundBatchId = yield* deps.ids.uuid;
      return yield* deps.uow.run(({ apBatches, apInvoices, outbound }) =>
        Effect.gen(function* () {
          const loaded = yield* loadApBatch(apBatches, input.orgId, input.apBatchId);
          const stamp = { at, actor: input.actor };
          const events = yield* decideExportApBatch(loaded.state, { _tag: "Export", apBatchId: input.apBatchId, outboundBatchId, ...stamp });
          const ids = loaded.state.invoices.map((line) => line.apMatchedInvoiceId);
          const invoices = yield* apInvoices.exportBatch(input.orgId, input.apBatchId, ids, stamp);
          if (invoices.length !== ids.length) {
            return yield* Effect.dieMessage(
              `AP batch ${input.apBatchId} lists ${ids.length} invoices but the store holds ${invoices.length} of them as Batched in it`,
            );
          }
          yield* outbound.emit({
            orgId: input.orgId,
            batchId: outboundBatchId,
            payloadObjectType: "INVOICE",
            items: invoices.map((invoice) => encodeApInvoice(invoice)),
            ...stamp,
          });
          const state = yield* saveApBatchEvents(apBatches, input.orgId, loaded, events);
          return { batch: apBatchViewOf(state), outboundBatchId };
        }),
      );
    });
