/**
 * The repository shape every aggregate shares: load the current state with its version, save a
 * new state with the events that produced it under optimistic concurrency.
 */
import type { Effect, Option } from "effect";
import type { OrganizationId } from "../kernel";
import type { StoreUnavailable, UniqueConflict, VersionConflict } from "./errors";

export interface Versioned<S> {
  readonly state: S;
  /** 1 after the first save, +1 on every save. */
  readonly version: number;
}

export interface SaveRequest<Id, S, E> {
  readonly orgId: OrganizationId;
  readonly id: Id;
  readonly state: S;
  /** The facts that produced `state`; stored beside it in the same transaction (docs/adr). */
  readonly events: ReadonlyArray<E>;
  /** The version the state was loaded at; 0 for a new aggregate. */
  readonly expectedVersion: number;
}

export interface AggregateRepository<Id, S, E> {
  /**
   * The aggregate of this organization, or None (also when it belongs to another organization).
   * Fails with StoreUnavailable.
   */
  readonly get: (orgId: OrganizationId, id: Id) => Effect.Effect<Option.Option<Versioned<S>>, StoreUnavailable>;
  /**
   * Writes the state when the stored version still equals `expectedVersion`, and returns the new version.
   * Fails with VersionConflict (stale, or already exists when expectedVersion is 0), UniqueConflict
   * (a natural key of the state is taken), StoreUnavailable. On failure nothing is written.
   */
  readonly save: (request: SaveRequest<Id, S, E>) => Effect.Effect<number, VersionConflict | UniqueConflict | StoreUnavailable>;
}

/** A page of a listing ordered by a stable key; `nextCursor` is opaque and absent on the last page. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>;
  readonly nextCursor?: string;
}
