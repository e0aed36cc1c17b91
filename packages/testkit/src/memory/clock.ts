import { Effect } from "effect";
import type { Clock, IdSource } from "@batch/core";

/** A clock tests can move: starts at `start` and advances only when told. */
export const makeManualClock = (start = "2026-01-01T00:00:00.000Z") => {
  let now = Date.parse(start);
  const clock: Clock = { now: Effect.sync(() => new Date(now).toISOString()) };
  return {
    clock,
    advance: (ms: number) => {
      now += ms;
    },
    set: (iso: string) => {
      now = Date.parse(iso);
    },
  };
};

/** Deterministic UUIDs (version 4 layout) from a counter, so test output is repeatable. */
export const makeSequentialIds = (seed = 0): IdSource => {
  let n = seed;
  return {
    uuid: Effect.sync(() => {
      n += 1;
      const hex = n.toString(16).padStart(12, "0");
      return `00000000-0000-4000-8000-${hex}`;
    }),
  };
};
