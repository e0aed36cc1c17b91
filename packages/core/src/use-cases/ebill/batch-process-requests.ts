/**
 * The seed 004 request bodies as Schemas over loose input (XML element text), so the HTTP layer
 * decodes them into the use-case inputs with field-level errors. Empty elements are absent.
 */
import { Schema } from "effect";
import { ImportSubOperations, MAX_JOB_ID_LENGTH } from "../../batch-process/batch-process.state";
import { IntegerValue, OptionalBoolean, OptionalText, Text, optionalField, optionalLiteral, requiredLiteral } from "../../records/fields";

const JobId = Text.pipe(Schema.maxLength(MAX_JOB_ID_LENGTH, { message: () => `must have at most ${MAX_JOB_ID_LENGTH} characters` }));
const ProcessId = IntegerValue.pipe(Schema.filter((n) => n >= 1, { message: (i) => `must be a BatchProcess id (a whole number from 1), got ${String(i.actual)}` }));

/** `POST /rest/batchProcess?mode=S3FileUpload` */
export const FileUploadRequest = Schema.Struct({
  jobId: optionalField(JobId),
  inputType: optionalLiteral("API"),
  operation: requiredLiteral("eBill-Import"),
  subOperation: requiredLiteral(...ImportSubOperations),
  inputFilename: OptionalText,
  parentBatchProcess: optionalField(ProcessId),
  parentBatchProcessJobId: optionalField(JobId),
});
export type FileUploadRequest = typeof FileUploadRequest.Type;

/** `PUT /rest/batchProcess?mode=BatchFinalize`, and the `id` / `jobId` of `GET /rest/batchProcess`: one or both. */
export const ProcessRefRequest = Schema.Struct({
  id: optionalField(ProcessId),
  jobId: optionalField(JobId),
}).pipe(
  Schema.filter((ref) => ref.id !== undefined || ref.jobId !== undefined || { path: ["id"], message: "give id or jobId (or both)" }),
);
export type ProcessRefRequest = typeof ProcessRefRequest.Type;

/** `POST /rest/batchProcess?mode=BatchInit`; a step not given (or false) is not run. */
export const BatchInitRequest = Schema.Struct({
  jobId: optionalField(JobId),
  carryForwardInvoices: OptionalBoolean,
  carryForwardCreditMemos: OptionalBoolean,
  carryForwardDebitMemos: OptionalBoolean,
  zeroOutCustomerBalance: OptionalBoolean,
});
export type BatchInitRequest = typeof BatchInitRequest.Type;
