import type { Effect, Option } from "effect";
import type { ApBatchEvent, ApBatchState, ApBatchView } from "../ap-batch";
import type { OrganizationId } from "../kernel";
import type { CollectionQuery, QueryResult } from "./collection-query";
import type { StoreUnavailable } from "./errors";
import type { AggregateRepository, Versioned } from "./repository";

/** The unique constraint `save` reports (as UniqueConflict) when a batch's `batchNo` is taken in its organization. */
export const AP_BATCH_NO_CONSTRAINT = "ap_batches.batch_no";

/**
 * AP batches of an organization, keyed by `apBatchId`. `save` keeps `batchNo` unique per
 * organization: a state whose `batchNo` another batch of the organization holds fails with
 * UniqueConflict (constraint AP_BATCH_NO_CONSTRAINT) and writes nothing. Saving the Absent state
 * is not allowed (a batch is never deleted).
 */
export interface ApBatchRepository extends AggregateRepository<string, ApBatchState, ApBatchEvent> {
  /** The batch of this organization with this `batchNo` (exact match), or None. Fails with StoreUnavailable. */
  readonly findByBatchNo: (orgId: OrganizationId, batchNo: string) => Effect.Effect<Option.Option<Versioned<ApBatchState>>, StoreUnavailable>;
  /**
   * The next number of the organization's batch-number sequence (1, 2, 3, ...), for generated
   * `batchNo`s. Numbers increase and are never handed out twice, also across concurrent units of
   * work; one taken by a unit of work that rolls back may be skipped or handed out again.
   * Fails with StoreUnavailable.
   */
  readonly nextBatchNumber: (orgId: OrganizationId) => Effect.Effect<number, StoreUnavailable>;
  /**
   * The organization's batches as seed 001 views, filtered, searched, sorted and paged by a query
   * already checked against `apBatchCatalogue` (collection-query.ts states the semantics).
   * Fails with StoreUnavailable.
   */
  readonly query: (orgId: OrganizationId, query: CollectionQuery) => Effect.Effect<QueryResult<ApBatchView>, StoreUnavailable>;
}
