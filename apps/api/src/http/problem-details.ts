/**
 * The one place where domain and port errors become HTTP answers. The table is typed over every
 * error union the core exports, so an error tag added to the core fails to compile here until it
 * is given a status (STYLE.md, apps/api).
 */
import type {
  ApBatchError,
  ApInvoiceError,
  BatchProcessError,
  BatchProcessJobIdTaken,
  BatchProcessUploadTooLarge,
  BlobBodyFailed,
  BlobKeyInvalid,
  BlobNotFound,
  BlobStoreUnavailable,
  BlobTooLarge,
  CollectionQueryError,
  CustomAttributeError,
  ErpBatchBlockDigestMismatch,
  ErpBatchClientReferenceConflict,
  ErpBatchCursorInvalid,
  ErpBatchError,
  FinancialAccountError,
  PayloadMalformed,
  PaymentBatchError,
  PaymentBatchInputInvalid,
  PaymentBatchPaymentFileNotFound,
  PaymentFileInvalid,
  PaymentRequestError,
  PrintTemplateUnknown,
  StoreError,
} from "@batch/core";
import type { Problem } from "./problem";

export type DomainError =
  | StoreError
  | BlobKeyInvalid
  | BlobNotFound
  | BlobTooLarge
  | BlobBodyFailed
  | BlobStoreUnavailable
  | PayloadMalformed
  | PaymentFileInvalid
  | PrintTemplateUnknown
  | ErpBatchError
  | ErpBatchClientReferenceConflict
  | ErpBatchBlockDigestMismatch
  | ErpBatchCursorInvalid
  | ApBatchError
  | ApInvoiceError
  | CollectionQueryError
  | BatchProcessError
  | BatchProcessJobIdTaken
  | BatchProcessUploadTooLarge
  | PaymentBatchError
  | PaymentBatchInputInvalid
  | PaymentBatchPaymentFileNotFound
  | PaymentRequestError
  | FinancialAccountError
  | CustomAttributeError;

export type DomainErrorTag = DomainError["_tag"];

interface Mapping {
  readonly status: number;
  /** Replaces the error's message where it would expose internals (connection strings, paths). */
  readonly detail?: string;
}

/**
 * Statuses follow API.md: a refusal by a state machine is 409 on the ERP surface (seed 000 says
 * so for blocks, cancel and acknowledge) and 400 on the AP, payment-batch and batch-process
 * surfaces, whose seeds answer their refusals with 400; a record of another organization is 404
 * like one that does not exist.
 */
const MAPPING: { readonly [Tag in DomainErrorTag]: Mapping } = {
  "Store.Unavailable": { status: 503, detail: "the store is unavailable; retry later" },
  "Store.VersionConflict": { status: 409 },
  "Store.UniqueConflict": { status: 409 },
  "Blob.KeyInvalid": { status: 400 },
  "Blob.NotFound": { status: 404 },
  "Blob.TooLarge": { status: 413 },
  "Blob.BodyFailed": { status: 400 },
  "Blob.Unavailable": { status: 503, detail: "the blob store is unavailable; retry later" },
  "Payload.Malformed": { status: 400 },
  "PaymentFile.Invalid": { status: 400 },
  "Print.TemplateUnknown": { status: 400 },

  "ErpBatch.NotFound": { status: 404 },
  "ErpBatch.AlreadyExists": { status: 409 },
  "ErpBatch.ParametersInvalid": { status: 400 },
  "ErpBatch.PayloadTooLarge": { status: 400 },
  "ErpBatch.FormatUnsupported": { status: 400 },
  "ErpBatch.ClientReferenceConflict": { status: 409 },
  "ErpBatch.BlockOutOfRange": { status: 400 },
  "ErpBatch.BlockSizeWrong": { status: 400 },
  "ErpBatch.BlockDigestConflict": { status: 409 },
  "ErpBatch.BlockDigestMismatch": { status: 400 },
  "ErpBatch.PayloadSizeWrong": { status: 400 },
  "ErpBatch.NotReceiving": { status: 409 },
  "ErpBatch.NotCancellable": { status: 409 },
  "ErpBatch.NotQueued": { status: 409 },
  "ErpBatch.NotProcessing": { status: 409 },
  "ErpBatch.ItemCountsInconsistent": { status: 409 },
  "ErpBatch.LineItemCountMismatch": { status: 409 },
  "ErpBatch.NotPending": { status: 409 },
  "ErpBatch.ItemNumberInvalid": { status: 400 },
  "ErpBatch.CursorInvalid": { status: 400 },

  "ApBatch.NotFound": { status: 404 },
  "ApBatch.AlreadyExists": { status: 409 },
  "ApBatch.BatchNoTaken": { status: 400 },
  "ApBatch.Invalid": { status: 400 },
  "ApBatch.InvoiceNotVouchered": { status: 400 },
  "ApBatch.InvoiceNotInBatch": { status: 400 },
  "ApBatch.AlreadyQueued": { status: 400 },
  "ApBatch.AlreadyExported": { status: 400 },
  "ApBatch.NoInvoices": { status: 400 },
  "ApInvoice.NotFound": { status: 404 },
  "ApInvoice.Duplicate": { status: 409 },
  "CollectionQuery.Invalid": { status: 400 },
  "CollectionQuery.TopExceeded": { status: 400 },

  "BatchProcess.NotFound": { status: 404 },
  "BatchProcess.AlreadyExists": { status: 409 },
  "BatchProcess.StatusConflict": { status: 400 },
  "BatchProcess.InputFileMissing": { status: 400 },
  "BatchProcess.FinalizedAlone": { status: 400 },
  "BatchProcess.ParentMissing": { status: 400 },
  "BatchProcess.ParentInvalid": { status: 400 },
  "BatchProcess.ChildUnknown": { status: 400 },
  "BatchProcess.ChildrenPending": { status: 409 },
  "BatchProcess.CountsInvalid": { status: 409 },
  "BatchProcess.OutputFileMissing": { status: 404 },
  "BatchProcess.CommandInvalid": { status: 400 },
  "BatchProcess.JobIdTaken": { status: 409 },
  "BatchProcess.UploadTooLarge": { status: 413 },

  "PaymentBatch.NotFound": { status: 404 },
  "PaymentBatch.AlreadyExists": { status: 409 },
  "PaymentBatch.NotDraft": { status: 400 },
  "PaymentBatch.Discarded": { status: 400 },
  "PaymentBatch.FieldInvalid": { status: 400 },
  "PaymentBatch.InvalidIban": { status: 400 },
  "PaymentBatch.InvalidBic": { status: 400 },
  "PaymentBatch.CurrencyMismatch": { status: 400 },
  "PaymentBatch.AmountInvalid": { status: 400 },
  "PaymentBatch.CustomAttributeInvalid": { status: 400 },
  "PaymentBatch.LineNotFound": { status: 404 },
  "PaymentBatch.LineAlreadyExists": { status: 409 },
  "PaymentBatch.LineNotCorrectable": { status: 400 },
  "PaymentBatch.NotExportable": { status: 400 },
  "PaymentBatch.ExportNotAllowed": { status: 400 },
  "PaymentBatch.FinancialAccountMissing": { status: 400 },
  "PaymentBatch.NothingToExport": { status: 400 },
  "PaymentBatch.NotSepaValid": { status: 400 },
  "PaymentBatch.ExportIdsInvalid": { status: 400 },
  "PaymentBatch.NotSubmitted": { status: 400 },
  "PaymentBatch.LineNotExported": { status: 400 },
  "PaymentBatch.NotDiscardable": { status: 400 },
  "PaymentBatch.NotDeletable": { status: 400 },
  "PaymentBatch.InputInvalid": { status: 400 },
  "PaymentBatch.PaymentFileNotFound": { status: 404 },
  "PaymentRequest.NotFound": { status: 400 },
  "PaymentRequest.AlreadyInBatch": { status: 400 },
  "PaymentRequest.CompanyMismatch": { status: 400 },
  "FinancialAccount.NotFound": { status: 400 },
  "FinancialAccount.AlreadyExists": { status: 409 },
  "FinancialAccount.Invalid": { status: 400 },
  "CustomAttribute.DefinitionNotFound": { status: 400 },
  "CustomAttribute.DefinitionInvalid": { status: 400 },
};

const isDomainError = (error: unknown): error is DomainError =>
  typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string" && Object.hasOwn(MAPPING, error._tag);

const fieldErrorsOf = (error: DomainError) =>
  "errors" in error && Array.isArray(error.errors) ? { errors: error.errors } : {};

/** The answer to a domain or port error, or undefined when `error` is none of them (a defect). */
export const problemFor = (error: unknown): Problem | undefined => {
  if (!isDomainError(error)) return undefined;
  const mapping = MAPPING[error._tag];
  return {
    status: mapping.status,
    code: error._tag,
    detail: mapping.detail ?? error.message,
    ...(mapping.status === 503 ? { headers: { "Retry-After": "5" } } : {}),
    ...fieldErrorsOf(error),
  };
};
