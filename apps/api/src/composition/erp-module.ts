/**
 * Seed 000: the ERP use cases over the unit of work, the appliers of every payload object type,
 * the codecs, and the worker's handler for queued inbound batches.
 */
import { ContainerModule } from "inversify";
import { Effect } from "effect";
import {
  makeAcknowledgeOutboundBatch,
  makeCancelErpBatch,
  makeCreateErpBatch,
  makeGetErpBatch,
  makeGetOutboundPayload,
  makeListErpBatchItems,
  makeListErpBatches,
  makeListOutboundBatches,
  makeProcessInboundBatch,
  makeReceiveBlock,
  makeUploadWholeBatch,
  makeItemAppliers,
  type ItemApplierRegistry,
} from "@batch/core";
import { makeRecordDecoder, makeRecordEncoder } from "@batch/codecs";
import type { ErpUseCases } from "../http/routes/erp-routes";
import type { ServiceStores } from "./tokens";
import { bindService, resolve } from "./token";
import { Tokens } from "./tokens";

/** The actor of the worker's transitions and of the records it applies. */
export const WORKER_ACTOR = { id: "00000000-0000-4000-8000-000000000000", name: "batchport worker" } as const;

export const erpModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.ErpUseCases, async (ctx): Promise<ErpUseCases> => {
    const config = await resolve(ctx, Tokens.Config);
    const uow = await resolve(ctx, Tokens.UnitOfWork);
    const blobs = await resolve(ctx, Tokens.BlobStore);
    const clock = await resolve(ctx, Tokens.Clock);
    const ids = await resolve(ctx, Tokens.Ids);
    const settings = { dataBlockSize: config.dataBlockSize, maxPayloadSize: config.maxPayloadSize };
    return {
      create: makeCreateErpBatch({ uow, clock, ids, settings }),
      receiveBlock: makeReceiveBlock({ uow, blobs, clock, ids }),
      uploadWhole: makeUploadWholeBatch({ uow, blobs, clock, ids, settings }),
      get: makeGetErpBatch({ uow }),
      list: makeListErpBatches({ uow }),
      listItems: makeListErpBatchItems({ uow }),
      cancel: makeCancelErpBatch({ uow, clock }),
      listOutbound: makeListOutboundBatches({ uow }),
      outboundPayload: makeGetOutboundPayload({ uow, encoder: makeRecordEncoder() }),
      acknowledge: makeAcknowledgeOutboundBatch({ uow, clock }),
    };
  });

  bindService(bind, Tokens.ErpBatchProcessor, async (ctx) => {
    const appliers: ItemApplierRegistry<ServiceStores> = makeItemAppliers({ ids: await resolve(ctx, Tokens.Ids) });
    return makeProcessInboundBatch({
      uow: await resolve(ctx, Tokens.UnitOfWork),
      appliers,
      blobs: await resolve(ctx, Tokens.BlobStore),
      decoder: makeRecordDecoder(),
      clock: await resolve(ctx, Tokens.Clock),
    });
  });

  bindService(bind, Tokens.JobHandlers, async (ctx) => {
    const process = await resolve(ctx, Tokens.ErpBatchProcessor);
    const processBatchProcess = await resolve(ctx, Tokens.BatchProcessProcessor);
    return {
      "erp-batch": (job) => Effect.asVoid(process({ orgId: job.orgId, batchId: job.subjectId, actor: WORKER_ACTOR })),
      "batch-process": (job) => Effect.asVoid(processBatchProcess({ orgId: job.orgId, id: Number(job.subjectId), actor: WORKER_ACTOR })),
    };
  });
});
