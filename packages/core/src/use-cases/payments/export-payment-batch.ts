/**
 * POST .../paymentBatches/{companyKey}/{paymentBatchKey}/export[?version=] (API.md, beyond the
 * seed): generates the SEPA credit transfer file (pain.001.001.09 by default, or pain.001.001.03)
 * through the PaymentFileWriter port, stores it as the batch's last file, and moves the batch to
 * Submitted, all in one unit of work (a file the writer refuses leaves the batch unchanged).
 *
 * The file holds the Open lines without an exportTransactionId; the debtor is the batch's
 * financial account. Ids are UUIDs without dashes (32 characters), within SEPA's 35; the one
 * payment information block's PmtInfId is the file's MsgId.
 * The requested execution date is the batch's document date, or the export day when the
 * document date has passed (banks refuse execution dates in the past).
 */
import { Effect, Schema } from "effect";
import {
  decodePaymentBatchInput,
  paymentBatchLinesToExport,
  remittanceOf,
  type PaymentBatch,
  type PaymentBatchError,
  type PaymentBatchInputInvalid,
} from "../../payment-batch";
import type { Clock, IdSource } from "../../ports/clock";
import { PaymentFileVersions, type CreditTransferInitiation, type PaymentFileInvalid, type PaymentFileWriter } from "../../ports/codecs";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { FinancialAccountStore, PaymentFileStore, StoredPaymentFile } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { Instant } from "../../kernel";
import { optionalLiteral } from "../../records/fields";
import type { FinancialAccount, FinancialAccountNotFound } from "../../records/financial-account";
import { decideAndCommitPaymentBatch, loadPaymentBatch, requireFinancialAccount, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

export const DEFAULT_PAYMENT_FILE_VERSION = "pain.001.001.09";

const ExportOptions = Schema.Struct({ version: optionalLiteral(...PaymentFileVersions) });

/** The credit transfer of the batch's last export: its lines of that file, debited from `account`. */
export const creditTransferOf = (batch: PaymentBatch, account: FinancialAccount, exportedAt: Instant): CreditTransferInitiation => {
  const lastExport = "lastExport" in batch ? batch.lastExport : undefined;
  const groupId = lastExport?.exportTransactionGroupId;
  const documentDay = batch.documentDate.slice(0, 10);
  const exportDay = exportedAt.slice(0, 10);
  return {
    messageId: lastExport?.messageId ?? "",
    createdAt: exportedAt,
    initiatingPartyName: account.holderName,
    paymentInformationId: groupId ?? "",
    requestedExecutionDate: documentDay > exportDay ? documentDay : exportDay,
    debtor: {
      name: account.holderName,
      iban: account.iban,
      bic: account.bic,
      address: {
        country: account.country,
        townName: account.townName,
        streetName: account.streetName,
        buildingNumber: account.buildingNumber,
        postCode: account.postCode,
      },
    },
    transactions: batch.lines
      .filter((l) => groupId !== undefined && l.exportTransactionGroupId === groupId)
      .map((l) => ({
        endToEndId: l.exportTransactionId ?? "",
        amount: l.transferAmount,
        currency: l.currency,
        creditorName: l.party,
        creditorIban: l.iBAN ?? "",
        creditorBic: l.swift,
        remittanceInformation: remittanceOf(l),
      })),
  };
};

const compactId = (uuid: string) => uuid.replaceAll("-", "");

export interface ExportedPaymentBatch {
  readonly batch: PaymentBatch;
  readonly file: StoredPaymentFile;
}

export type ExportPaymentBatchError = PaymentBatchInputInvalid | FinancialAccountNotFound | PaymentFileInvalid | PaymentBatchError | StoreError;

export const makeExportPaymentBatch =
  (deps: {
    readonly uow: UnitOfWork<{
      readonly paymentBatches: PaymentBatchRepository;
      readonly financialAccounts: FinancialAccountStore;
      readonly paymentFiles: PaymentFileStore;
    }>;
    readonly clock: Clock;
    readonly ids: IdSource;
    readonly writer: PaymentFileWriter;
  }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly version?: unknown }): Effect.Effect<ExportedPaymentBatch, ExportPaymentBatchError> =>
    Effect.gen(function* () {
      const options = yield* decodePaymentBatchInput(ExportOptions, "the export options")({ version: input.version });
      const version = options.version ?? DEFAULT_PAYMENT_FILE_VERSION;
      const at = yield* deps.clock.now;
      return yield* deps.uow.run((stores) =>
        Effect.gen(function* () {
          const loaded = yield* loadPaymentBatch(stores.paymentBatches, input.orgId, input.ref);
          const messageId = compactId(yield* deps.ids.uuid);
          // One payment information block per file: its PmtInfId is the MsgId, so a bank's status
          // for the whole file (GrpSts) finds the same lines as one for the block (PmtInfSts).
          const exportTransactionGroupId = messageId;
          const exportTransactionIds = yield* Effect.forEach(paymentBatchLinesToExport(loaded.state), () => Effect.map(deps.ids.uuid, compactId));
          const committed = yield* decideAndCommitPaymentBatch(stores.paymentBatches, input.orgId, loaded, {
            _tag: "ExportPaymentBatch",
            at,
            actor: input.actor,
            messageId,
            exportTransactionGroupId,
            exportTransactionIds,
            version,
          });
          const batch = committed.batch._tag === "Some" ? committed.batch.value : loaded.state;
          const account = yield* requireFinancialAccount(stores.financialAccounts, input, batch.financialAccount ?? "");
          const content = yield* deps.writer.write(creditTransferOf(batch, account, at), version);
          const file: StoredPaymentFile = { paymentBatchId: batch.id, version, messageId, createdAt: at, content };
          yield* stores.paymentFiles.put(input.orgId, file);
          return { batch, file };
        }),
      );
    });
