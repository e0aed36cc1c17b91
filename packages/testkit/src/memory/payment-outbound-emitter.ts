/**
 * An in-memory OutboundBatchEmitter: each emitted batch is kept, with its items, in a MemoryDb
 * table, so it commits and rolls back with the unit of work like the real emitter's ERP batch.
 * Emitting a batch id again is a no-op, as the port says.
 */
import { Effect } from "effect";
import type { Actor, Instant, OrganizationId, OutboundBatchEmitter, PayloadObjectType } from "@batch/core";
import { table, type MemoryDb } from "./memory-db";

export interface EmittedOutboundBatch {
  readonly orgId: OrganizationId;
  readonly batchId: string;
  readonly payloadObjectType: PayloadObjectType;
  readonly items: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly at: Instant;
  readonly actor: Actor;
}

const OUTBOUND = "memory_outbound_batches";

export const makeMemoryOutboundBatchEmitter = (db: MemoryDb): OutboundBatchEmitter => ({
  emit: (request) =>
    Effect.sync(() => {
      const rows = table<EmittedOutboundBatch>(db, OUTBOUND);
      if (!rows.has(request.batchId)) rows.set(request.batchId, { ...request, items: [...request.items] });
    }),
});

/** The batches emitted for the organization, in emission order. */
export const memoryOutboundBatches = (db: MemoryDb, orgId: OrganizationId): ReadonlyArray<EmittedOutboundBatch> =>
  [...table<EmittedOutboundBatch>(db, OUTBOUND).values()].filter((b) => b.orgId === orgId);
