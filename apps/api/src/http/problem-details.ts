/**
 * The one place where domain and port errors become HTTP answers. The table is typed over every
 * error union the core exports, so an error tag added to the core fails to compile here until it
 * is given a status (STYLE.md, apps/api).
 */
import type {
  BlobBodyFailed,
  BlobKeyInvalid,
  BlobNotFound,
  BlobStoreUnavailable,
  BlobTooLarge,
  PayloadMalformed,
  PaymentFileInvalid,
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
  | PrintTemplateUnknown;

export type DomainErrorTag = DomainError["_tag"];

interface Mapping {
  readonly status: number;
  /** Replaces the error's message where it would expose internals (connection strings, paths). */
  readonly detail?: string;
}

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
