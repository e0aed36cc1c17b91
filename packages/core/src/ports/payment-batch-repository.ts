/**
 * Storage of payment batches (seed 003). A batch is addressed by its `id` or by
 * `company` + `paymentBatchKey`; the key is an autonumber per company of an organization.
 */
import type { Effect, Option } from "effect";
import type { OrganizationId } from "../kernel";
import type { PaymentBatch, PaymentBatchEvent } from "../payment-batch";
import type { StoreUnavailable, VersionConflict } from "./errors";
import type { AggregateRepository, Versioned } from "./repository";

/** The largest page of the paged listing (seed 003: "max. is 1000"). */
export const MAX_PAYMENT_BATCH_PAGE_SIZE = 1000;

export interface PaymentBatchPageRequest {
  /** 1-based. */
  readonly page: number;
  /** 1..MAX_PAYMENT_BATCH_PAGE_SIZE. */
  readonly pageSize: number;
}

export interface PaymentBatchPage {
  readonly items: ReadonlyArray<Versioned<PaymentBatch>>;
  readonly page: number;
  readonly pageSize: number;
  /** Batches of the organization in all, over every page. */
  readonly totalItems: number;
}

/** Where a line of a payment file lives. */
export interface PaymentBatchLineLocation {
  readonly paymentBatchId: string;
  readonly lineId: string;
}

/**
 * `save` keeps `company` + `paymentBatchKey` unique per organization (UniqueConflict with
 * constraint "payment_batches.company_key" otherwise) and the `id` unique across organizations.
 */
export interface PaymentBatchRepository extends AggregateRepository<string, PaymentBatch, PaymentBatchEvent> {
  /**
   * Removes the batch (and its stored events) when its stored version still equals
   * `expectedVersion`. Fails with VersionConflict (stale or absent), StoreUnavailable.
   */
  readonly delete: (orgId: OrganizationId, id: string, expectedVersion: number) => Effect.Effect<void, VersionConflict | StoreUnavailable>;
  /** The batch of that company and key, or None. Fails with StoreUnavailable. */
  readonly getByKey: (
    orgId: OrganizationId,
    companyKey: string,
    paymentBatchKey: number,
  ) => Effect.Effect<Option.Option<Versioned<PaymentBatch>>, StoreUnavailable>;
  /**
   * One page of the organization's batches, ordered by company, then paymentBatchKey, then id.
   * A page past the end is empty. Fails with StoreUnavailable.
   */
  readonly list: (orgId: OrganizationId, request: PaymentBatchPageRequest) => Effect.Effect<PaymentBatchPage, StoreUnavailable>;
  /**
   * The company's next paymentBatchKey: 1 for its first batch, and every later call, also under
   * concurrent calls, a larger key than any returned before. A key taken in a unit of work that
   * fails may be returned again. Fails with StoreUnavailable.
   */
  readonly nextPaymentBatchKey: (orgId: OrganizationId, company: string) => Effect.Effect<number, StoreUnavailable>;
  /**
   * The line whose `exportTransactionId` (the file's EndToEndId) is this one, in any batch of the
   * organization, or None. Fails with StoreUnavailable.
   */
  readonly findLineByExportTransactionId: (
    orgId: OrganizationId,
    exportTransactionId: string,
  ) => Effect.Effect<Option.Option<PaymentBatchLineLocation>, StoreUnavailable>;
  /**
   * The lines with this `sourceDoc` that have an `exportTransactionId`, in batches of the
   * organization, ordered by batch id then line id. Fails with StoreUnavailable.
   */
  readonly findExportedLinesBySourceDoc: (
    orgId: OrganizationId,
    sourceDoc: string,
  ) => Effect.Effect<ReadonlyArray<PaymentBatchLineLocation>, StoreUnavailable>;
  /**
   * The lines exported in the payment information block `exportTransactionGroupId` (the file's
   * PmtInfId) that still carry their exportTransactionId, in line order. Fails with StoreUnavailable.
   */
  readonly findExportedLinesByGroup: (
    orgId: OrganizationId,
    exportTransactionGroupId: string,
  ) => Effect.Effect<ReadonlyArray<PaymentBatchLineLocation>, StoreUnavailable>;
}
