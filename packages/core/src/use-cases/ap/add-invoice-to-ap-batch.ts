/**
 * POST /odata/Batches({batchId})/Invoices: a Vouchered invoice joins the batch and becomes
 * Batched. The batch and the invoice change in one unit of work; the invoice store joins the
 * invoice only if it is still Vouchered and in no batch when written, so two concurrent additions
 * of one invoice to two batches cannot both succeed ("an invoice is never in two AP batches").
 */
import { Effect, Option } from "effect";
import {
  apBatchViewOf,
  decideAddInvoiceToApBatch,
  InvoiceNotVouchered,
  type ApBatchAlreadyExported,
  type ApBatchNotFound,
  type ApBatchView,
  type ApInvoice,
  type ApInvoiceNotFound,
} from "../../ap-batch";
import type { Actor, OrganizationId } from "../../kernel";
import type { ApBatchRepository, ApInvoiceStore, Clock, StoreError, UnitOfWork } from "../../ports";
import { loadApBatch, loadApInvoice, saveApBatchEvents } from "./ap-batch-persistence";

export interface AddInvoiceToApBatchInput {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
  readonly apBatchId: string;
  readonly apMatchedInvoiceId: string;
}

export type AddInvoiceToApBatchError = ApBatchNotFound | ApInvoiceNotFound | ApBatchAlreadyExported | InvoiceNotVouchered | StoreError;

export const makeAddInvoiceToApBatch =
  (deps: {
    readonly uow: UnitOfWork<{ readonly apBatches: ApBatchRepository; readonly apInvoices: ApInvoiceStore }>;
    readonly clock: Clock;
  }) =>
  (input: AddInvoiceToApBatchInput): Effect.Effect<{ readonly batch: ApBatchView; readonly invoice: ApInvoice }, AddInvoiceToApBatchError> =>
    Effect.flatMap(deps.clock.now, (at) =>
      deps.uow.run(({ apBatches, apInvoices }) =>
        Effect.gen(function* () {
          const loaded = yield* loadApBatch(apBatches, input.orgId, input.apBatchId);
          const invoice = yield* loadApInvoice(apInvoices, input.orgId, input.apMatchedInvoiceId);
          const stamp = { at, actor: input.actor };
          const events = yield* decideAddInvoiceToApBatch(loaded.state, { _tag: "AddInvoice", apBatchId: input.apBatchId, invoice, ...stamp });
          const joined = yield* apInvoices.addToBatch(input.orgId, invoice.apMatchedInvoiceId, { apBatchId: input.apBatchId, apBatchNo: loaded.state.batchNo }, stamp);
          if (Option.isNone(joined)) {
            // Another unit of work batched (or changed) the invoice since it was read.
            return yield* Effect.fail(new InvoiceNotVouchered({ apMatchedInvoiceId: invoice.apMatchedInvoiceId, matchedInvoiceStatus: invoice.matchedInvoiceStatus }));
          }
          const state = yield* saveApBatchEvents(apBatches, input.orgId, loaded, events);
          return { batch: apBatchViewOf(state), invoice: joined.value };
        }),
      ),
    );
