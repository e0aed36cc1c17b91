/**
 * Storage of ERP batches (seed 000): the aggregate with its listing queries, and beside it the
 * per-item store (inbound item results, outbound item payloads), kept out of the aggregate state
 * so a batch of a million items stays a small row.
 */
import { Data, type Effect, type Option } from "effect";
import type { ErpBatchEvent } from "../erp-batch/erp-batch.events";
import type { ErpBatchDirection, ErpBatchStatus, ExistingErpBatch, InboundState, OutboundState } from "../erp-batch/erp-batch.state";
import type { FieldError, Instant, OrganizationId } from "../kernel";
import type { PayloadObjectType } from "../records/payload-object-type";
import type { StoreUnavailable } from "./errors";
import type { JobOutbox } from "./job-queue";
import type { AggregateRepository, Page, Versioned } from "./repository";

/** A `cursor` that this store did not hand out (or that belongs to another listing). */
export class ErpBatchCursorInvalid extends Data.TaggedError("ErpBatch.CursorInvalid")<{ readonly cursor: string }> {
  override get message() {
    return "cursor is not a cursor returned by this listing";
  }
}

export interface ErpBatchListQuery {
  readonly status?: ErpBatchStatus;
  readonly payloadObjectType?: PayloadObjectType;
  /** Inbound batches of this client reference only. */
  readonly clientRefId?: string;
  readonly direction?: ErpBatchDirection;
  /** Page size, 1 or more. */
  readonly limit: number;
  readonly cursor?: string;
}

/** The unique key of `clientRefId` + `referenceId` per organization, as UniqueConflict names it. */
export const ERP_BATCH_CLIENT_REFERENCE_CONSTRAINT = "erp_batches.client_reference";

/**
 * ErpBatch states by `batchId`. `save` enforces that `clientRefId` + `referenceId` of inbound
 * batches is unique per organization (UniqueConflict on ERP_BATCH_CLIENT_REFERENCE_CONSTRAINT).
 */
export interface ErpBatchRepository extends AggregateRepository<string, ExistingErpBatch, ErpBatchEvent> {
  /** The inbound batch with that client reference, or None. Fails with StoreUnavailable. */
  readonly findByClientReference: (
    orgId: OrganizationId,
    clientRefId: string,
    referenceId: string,
  ) => Effect.Effect<Option.Option<Versioned<InboundState>>, StoreUnavailable>;
  /**
   * The organization's batches matching every given filter, newest first (`createdAt` descending,
   * then `batchId` descending), `limit` per page. Batches created after the first page was read
   * may be missed, never repeated. Fails with ErpBatchCursorInvalid, StoreUnavailable.
   */
  readonly list: (orgId: OrganizationId, query: ErpBatchListQuery) => Effect.Effect<Page<ExistingErpBatch>, ErpBatchCursorInvalid | StoreUnavailable>;
  /**
   * Outbound batches in PENDING or PARTIAL_PENDING, of one type when given, oldest first
   * (`createdAt`, then `batchId`): the pick-up queue. Fails with StoreUnavailable.
   */
  readonly listOutboundPending: (
    orgId: OrganizationId,
    payloadObjectType?: PayloadObjectType,
  ) => Effect.Effect<ReadonlyArray<OutboundState>, StoreUnavailable>;
}

export type ErpBatchItemStatus = "PENDING" | "COMPLETE" | "FAILED";

/** The outcome of one inbound item, as recorded after its chunk was applied. */
export interface ErpBatchItemResult {
  readonly itemNumber: number;
  readonly status: "COMPLETE" | "FAILED";
  /** The record's natural key; erpBatchAbsent when the record could not be decoded. */
  readonly key?: string;
  readonly errors: ReadonlyArray<FieldError>;
}

/** An item as listed: an inbound result, or an outbound item with its acknowledgement status. */
export interface ErpBatchItem {
  readonly itemNumber: number;
  readonly status: ErpBatchItemStatus;
  readonly key?: string;
  readonly errors: ReadonlyArray<FieldError>;
}

/** An outbound item: the record the ERP picks up. */
export interface OutboundItem {
  readonly itemNumber: number;
  readonly status: "PENDING" | "COMPLETE";
  readonly payload: Readonly<Record<string, unknown>>;
  readonly acknowledgedAt?: Instant;
}

export interface ErpBatchItemQuery {
  readonly status?: ErpBatchItemStatus;
  /** Page size, 1 or more. */
  readonly limit: number;
  readonly cursor?: string;
}

/** Counts of the items recorded for a batch. */
export interface ErpBatchItemTally {
  readonly pending: number;
  readonly complete: number;
  readonly failed: number;
  /** The highest item number recorded, 0 when none is. */
  readonly lastItemNumber: number;
}

/** Items of ERP batches, keyed by organization, batch and item number. Used inside a unit of work. */
export interface ErpBatchItemStore {
  /**
   * Records inbound item results; an item recorded again is replaced (so a chunk replayed after a
   * crash leaves one row per item). Fails with StoreUnavailable.
   */
  readonly recordResults: (orgId: OrganizationId, batchId: string, results: ReadonlyArray<ErpBatchItemResult>) => Effect.Effect<void, StoreUnavailable>;
  /** Counts of the batch's recorded items by status. Fails with StoreUnavailable. */
  readonly tally: (orgId: OrganizationId, batchId: string) => Effect.Effect<ErpBatchItemTally, StoreUnavailable>;
  /**
   * The batch's items in item-number order, of one status when given, `limit` per page (none for a
   * batch of another organization). Fails with ErpBatchCursorInvalid, StoreUnavailable.
   */
  readonly list: (orgId: OrganizationId, batchId: string, query: ErpBatchItemQuery) => Effect.Effect<Page<ErpBatchItem>, ErpBatchCursorInvalid | StoreUnavailable>;
  /**
   * Stores the payloads of an outbound batch as items 1..n, PENDING, in order. Putting items for a
   * batch that already has items replaces nothing and succeeds (emitting is idempotent). Fails with
   * StoreUnavailable.
   */
  readonly putOutboundItems: (
    orgId: OrganizationId,
    batchId: string,
    payloads: ReadonlyArray<Readonly<Record<string, unknown>>>,
  ) => Effect.Effect<void, StoreUnavailable>;
  /** An outbound batch's items in item-number order (empty for none). Fails with StoreUnavailable. */
  readonly getOutboundItems: (orgId: OrganizationId, batchId: string) => Effect.Effect<ReadonlyArray<OutboundItem>, StoreUnavailable>;
  /**
   * Marks outbound items COMPLETE: every item, or those numbered (numbers without an item are
   * ignored). An item already COMPLETE keeps its first `acknowledgedAt`. Fails with StoreUnavailable.
   */
  readonly markAcknowledged: (
    orgId: OrganizationId,
    batchId: string,
    items: "all" | ReadonlyArray<number>,
    at: Instant,
  ) => Effect.Effect<void, StoreUnavailable>;
}

/** The stores every ERP batch use case works on inside its unit of work. */
export interface ErpBatchStores {
  readonly erpBatches: ErpBatchRepository;
  readonly erpBatchItems: ErpBatchItemStore;
  /** A batch that becomes QUEUED gets its job in the same unit of work. */
  readonly jobs: JobOutbox;
}
