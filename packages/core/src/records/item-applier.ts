/**
 * How the items of an inbound ERP batch reach the books. Each payload object type has one
 * applier, written beside the records it writes; the inbound-batch processing use case decodes
 * the payload with the applier's schema and hands it chunks of valid records inside a unit of
 * work. Applying must be idempotent: after a crash between applying and recording the results,
 * the same chunk is applied again and must leave the same records (upserts by natural key).
 */
import type { Effect, Schema } from "effect";
import type { Actor, FieldError, Instant, OrganizationId } from "../kernel";
import type { IsoMessage, StoreError } from "../ports";
import type { PayloadObjectType } from "./payload-object-type";

export interface ApplyContext {
  readonly orgId: OrganizationId;
  readonly at: Instant;
  readonly actor: Actor;
  /** The inbound ERP batch the records come from. */
  readonly batchId: string;
}

export type ItemOutcome =
  | { readonly itemNumber: number; readonly key: string; readonly _tag: "Applied" }
  | { readonly itemNumber: number; readonly key: string; readonly _tag: "Rejected"; readonly errors: ReadonlyArray<FieldError> };

export interface ItemApplier<Stores, A, I = unknown> {
  readonly payloadObjectType: PayloadObjectType;
  /** Decodes one record of the payload; its failures become the item's field errors. */
  readonly schema: Schema.Schema<A, I>;
  /** The ISO 20022 message that carries records of this type, when it has one. */
  readonly isoMessage?: IsoMessage;
  /** The record's natural key, shown in per-item results (`referenceId`, `invoiceNo/vendorNo`, ...). */
  readonly keyOf: (record: A) => string;
  /**
   * Applies valid records inside the caller's unit of work, returning one outcome per record in
   * order. A business refusal (an invoice already batched) is a Rejected outcome, not a failure.
   * Fails only with StoreError, which rolls the whole chunk back.
   */
  readonly apply: (
    stores: Stores,
    context: ApplyContext,
    records: ReadonlyArray<{ readonly itemNumber: number; readonly record: A }>,
  ) => Effect.Effect<ReadonlyArray<ItemOutcome>, StoreError>;
}
