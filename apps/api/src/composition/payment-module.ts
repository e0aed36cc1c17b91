/**
 * Seed 003: the payment-batch use cases over the unit of work, with the SEPA payment file writer,
 * the PDF renderer (first prints kept in the blob store) and the ISO 20022 readers of bank answers.
 */
import { ContainerModule } from "inversify";
import {
  makeAddPaymentBatchLine,
  makeAddPaymentBatchLinesFromRequests,
  makeApplyPaymentStatusReport,
  makeCreateFinancialAccount,
  makeCreatePaymentBatch,
  makeDeletePaymentBatch,
  makeDeletePaymentBatchLine,
  makeDiscardPaymentBatch,
  makeExportPaymentBatch,
  makeGetCustomAttributeDefinition,
  makeGetFinancialAccount,
  makeGetPaymentBatch,
  makeGetPaymentFile,
  makeListCustomAttributeDefinitions,
  makeListFinancialAccounts,
  makeListPaymentBatches,
  makeListPaymentBatchesPage,
  makePrintPaymentBatch,
  makePutCustomAttributeDefinition,
  makeSetPaymentBatchAllowExport,
  makeSetPaymentBatchCompany,
  makeSetPaymentBatchCustomAttribute,
  makeSetPaymentBatchFinancialAccount,
  makeSetPaymentBatchIsActive,
  makeSetPaymentBatchLineCustomAttribute,
  makeSetPaymentBatchLineIban,
  makeSetPaymentBatchLinePaymentInstruction,
  makeSetPaymentBatchLineStatus,
  makeSetPaymentBatchLineSwift,
  makeSetPaymentBatchNote,
  makeSetPaymentBatchRemarks,
} from "@batch/core";
import { makePaymentFileWriter, makePdfRenderer } from "@batch/codecs";
import type { PaymentUseCases } from "../http/routes/payment-routes";
import { bindService, resolve } from "./token";
import { Tokens } from "./tokens";

export const paymentModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.PaymentUseCases, async (ctx): Promise<PaymentUseCases> => {
    const uow = await resolve(ctx, Tokens.UnitOfWork);
    const clock = await resolve(ctx, Tokens.Clock);
    const ids = await resolve(ctx, Tokens.Ids);
    const blobs = await resolve(ctx, Tokens.BlobStore);
    const deps = { uow, clock, ids, blobs, writer: makePaymentFileWriter(), renderer: makePdfRenderer() };
    return {
      list: makeListPaymentBatches(deps),
      page: makeListPaymentBatchesPage(deps),
      get: makeGetPaymentBatch(deps),
      print: makePrintPaymentBatch(deps),
      create: makeCreatePaymentBatch(deps),
      addLine: makeAddPaymentBatchLine(deps),
      fromRequests: makeAddPaymentBatchLinesFromRequests(deps),
      allowExport: makeSetPaymentBatchAllowExport(deps),
      company: makeSetPaymentBatchCompany(deps),
      financialAccount: makeSetPaymentBatchFinancialAccount(deps),
      isActive: makeSetPaymentBatchIsActive(deps),
      note: makeSetPaymentBatchNote(deps),
      remarks: makeSetPaymentBatchRemarks(deps),
      customAttribute: makeSetPaymentBatchCustomAttribute(deps),
      lineIban: makeSetPaymentBatchLineIban(deps),
      lineSwift: makeSetPaymentBatchLineSwift(deps),
      linePaymentInstruction: makeSetPaymentBatchLinePaymentInstruction(deps),
      lineStatus: makeSetPaymentBatchLineStatus(deps),
      lineCustomAttribute: makeSetPaymentBatchLineCustomAttribute(deps),
      deleteBatch: makeDeletePaymentBatch(deps),
      deleteLine: makeDeletePaymentBatchLine(deps),
      discard: makeDiscardPaymentBatch(deps),
      export: makeExportPaymentBatch(deps),
      paymentFile: makeGetPaymentFile(deps),
      statusReport: makeApplyPaymentStatusReport(deps),
      createFinancialAccount: makeCreateFinancialAccount(deps),
      getFinancialAccount: makeGetFinancialAccount(deps),
      listFinancialAccounts: makeListFinancialAccounts(deps),
      putCustomAttributeDefinition: makePutCustomAttributeDefinition(deps),
      getCustomAttributeDefinition: makeGetCustomAttributeDefinition(deps),
      listCustomAttributeDefinitions: makeListCustomAttributeDefinitions(deps),
    };
  });
});
