/** The outside world's time and randomness, for the core's Clock and IdSource ports. */
import { randomUUID } from "node:crypto";
import { Effect } from "effect";
import type { Clock, IdSource } from "@batch/core";

export const systemClock: Clock = { now: Effect.sync(() => new Date().toISOString()) };

export const randomIds: IdSource = { uuid: Effect.sync(() => randomUUID()) };
