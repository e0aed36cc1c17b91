import type { Effect } from "effect";
import type { StoreUnavailable } from "./errors";

/**
 * A transaction over the stores: everything `work` writes through `stores` commits together when
 * it succeeds, and nothing is kept when it fails (an aggregate, its records and its job row
 * commit together). `Stores` is the bag of repositories and record stores a use case needs; a
 * unit of work over a larger bag serves any use case that needs a part of it.
 *
 * `work` may run more than once when the store retries a serialization failure, so it must not
 * have effects outside the stores.
 */
export interface UnitOfWork<Stores> {
  /** Fails with what `work` fails with, or StoreUnavailable when the transaction cannot commit. */
  readonly run: <A, E>(work: (stores: Stores) => Effect.Effect<A, E>) => Effect.Effect<A, E | StoreUnavailable>;
}
