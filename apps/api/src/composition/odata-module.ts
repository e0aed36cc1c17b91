/** Seed 001: the AP batch and invoice use cases over the unit of work, for the `/odata` surface. */
import { ContainerModule } from "inversify";
import {
  makeAddInvoiceToApBatch,
  makeCreateApBatch,
  makeCreateApInvoice,
  makeExportApBatch,
  makeGetApBatch,
  makeGetApInvoice,
  makeListApBatches,
  makeListApBatchInvoices,
  makeListApInvoices,
  makeRemoveInvoiceFromApBatch,
  makeSubmitApBatchToQueued,
} from "@batch/core";
import type { ODataUseCases } from "../http/routes/odata-routes";
import { bindService, resolve } from "./token";
import { Tokens } from "./tokens";

export const odataModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.ODataUseCases, async (ctx): Promise<ODataUseCases> => {
    const uow = await resolve(ctx, Tokens.UnitOfWork);
    const clock = await resolve(ctx, Tokens.Clock);
    const ids = await resolve(ctx, Tokens.Ids);
    return {
      listBatches: makeListApBatches({ uow }),
      createBatch: makeCreateApBatch({ uow, clock, ids }),
      getBatch: makeGetApBatch({ uow }),
      listBatchInvoices: makeListApBatchInvoices({ uow }),
      addInvoice: makeAddInvoiceToApBatch({ uow, clock }),
      removeInvoice: makeRemoveInvoiceFromApBatch({ uow, clock }),
      exportBatch: makeExportApBatch({ uow, clock, ids }),
      submitToQueued: makeSubmitApBatchToQueued({ uow, clock }),
      listInvoices: makeListApInvoices({ uow }),
      getInvoice: makeGetApInvoice({ uow }),
      createInvoice: makeCreateApInvoice({ uow, clock }),
    };
  });
});
