import type { Effect } from "effect";
import type { Instant } from "../kernel";

/** The time, supplied from outside so the core stays pure. */
export interface Clock {
  /** Now, as an ISO 8601 UTC timestamp with milliseconds. Never fails. */
  readonly now: Effect.Effect<Instant>;
}

/** New identifiers. */
export interface IdSource {
  /** A new random (version 4) UUID in lower case. Never fails. */
  readonly uuid: Effect.Effect<string>;
}
