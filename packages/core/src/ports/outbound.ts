import type { Effect } from "effect";
import type { Actor, Instant, OrganizationId } from "../kernel";
import type { PayloadObjectType } from "../records/payload-object-type";
import type { StoreError } from "./errors";

/**
 * Emits an outbound ERP batch for the ERP to pick up (an exported AP batch, a finished payment
 * batch), inside the caller's unit of work so the emitting change and the batch commit together.
 */
export interface OutboundBatchEmitter {
  /**
   * Creates the outbound batch `batchId` in `PENDING` holding `items` (plain JSON objects, item
   * numbers 1..n in order). Emitting the same `batchId` again is a no-op. Fails with StoreError.
   */
  readonly emit: (request: {
    readonly orgId: OrganizationId;
    readonly batchId: string;
    readonly payloadObjectType: PayloadObjectType;
    readonly items: ReadonlyArray<Readonly<Record<string, unknown>>>;
    readonly at: Instant;
    readonly actor: Actor;
  }) => Effect.Effect<void, StoreError>;
}
