import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc, Schema } from "effect";
import {
  apBatchDecider,
  ApBatchEvent as ApBatchEventSchema,
  ApBatchState as ApBatchStateSchema,
  apBatchLastUpdateIs,
  apBatchViewOf,
  brokenApBatchInvariants,
  Decimal,
  fold,
  type ApBatchCommand,
  type ApBatchEvent,
  type ApBatchState,
} from "@batch/core";
import { apBatchCommandArb, apBatchCommandsArb } from "../src";

const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

interface Step {
  readonly before: ApBatchState;
  readonly command: ApBatchCommand;
  readonly result: Either.Either<ReadonlyArray<ApBatchEvent>, { readonly _tag: string }>;
  readonly after: ApBatchState;
}

/** Runs the commands from the initial state, deciding each on a frozen state. */
const walk = (commands: ReadonlyArray<ApBatchCommand>): ReadonlyArray<Step> => {
  const steps: Step[] = [];
  let state = apBatchDecider.initialState;
  for (const command of commands) {
    const before = deepFreeze(state);
    const result = apBatchDecider.decide(before, deepFreeze(command));
    const after = Either.match(result, { onLeft: () => before, onRight: (events) => fold(apBatchDecider.evolve, before, events) });
    steps.push({ before, command, result, after });
    state = after;
  }
  return steps;
};

const RUNS = { numRuns: 500 };

describe("ApBatch decider properties", () => {
  it("decide never throws and never mutates its inputs", () => {
    fc.assert(
      fc.property(apBatchCommandsArb, apBatchCommandArb, (commands, extra) => {
        const steps = walk(commands);
        const last = steps.at(-1)?.after ?? apBatchDecider.initialState;
        expect(() => apBatchDecider.decide(deepFreeze(last), deepFreeze(extra))).not.toThrow();
      }),
      RUNS,
    );
  });

  it("the invariants hold in every reachable state", () => {
    fc.assert(
      fc.property(apBatchCommandsArb, (commands) => {
        for (const { after } of walk(commands)) {
          if (after._tag !== "Absent") expect(brokenApBatchInvariants(after)).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it("replaying the accepted events from the start gives the state reached", () => {
    fc.assert(
      fc.property(apBatchCommandsArb, (commands) => {
        const steps = walk(commands);
        const events = steps.flatMap(({ result }) => Either.getOrElse(result, () => []));
        expect(fold(apBatchDecider.evolve, apBatchDecider.initialState, events)).toEqual(steps.at(-1)?.after ?? apBatchDecider.initialState);
      }),
      RUNS,
    );
  });

  it("an accepted command emits at least one event and changes lastUpdated to its time and actor; a refusal emits nothing", () => {
    fc.assert(
      fc.property(apBatchCommandsArb, (commands) => {
        for (const { command, result, after, before } of walk(commands)) {
          if (Either.isRight(result)) {
            expect(result.right.length).toBeGreaterThan(0);
            expect(after._tag !== "Absent" && apBatchLastUpdateIs(after, command.at, command.actor)).toBe(true);
          } else {
            expect(after).toBe(before);
          }
        }
      }),
      RUNS,
    );
  });

  it("in Exported every life-cycle command is refused, and create is refused in every existing state", () => {
    fc.assert(
      fc.property(apBatchCommandsArb, apBatchCommandArb, (commands, command) => {
        const state = walk(commands).at(-1)?.after ?? apBatchDecider.initialState;
        const result = apBatchDecider.decide(state, command);
        if (state._tag === "Exported") {
          expect(apBatchDecider.isTerminal(state)).toBe(true);
          expect(Either.isLeft(result)).toBe(true);
          expect(Either.getLeft(result).pipe((o) => (o._tag === "Some" ? o.value._tag : undefined))).toBe(
            command._tag === "Create" ? "ApBatch.AlreadyExists" : "ApBatch.AlreadyExported",
          );
        } else {
          expect(apBatchDecider.isTerminal(state)).toBe(false);
        }
        if (state._tag !== "Absent" && command._tag === "Create") expect(Either.isLeft(result)).toBe(true);
      }),
      RUNS,
    );
  });

  it("money is conserved: batchTotal is what the added invoices brought minus what the removed ones took", () => {
    fc.assert(
      fc.property(apBatchCommandsArb, (commands) => {
        const steps = walk(commands);
        const events = steps.flatMap(({ result }) => Either.getOrElse(result, () => []));
        const final = steps.at(-1)?.after;
        if (final === undefined || final._tag === "Absent") return;
        const net = events.reduce(
          (total, e) =>
            e._tag === "InvoiceAdded" ? Decimal.add(total, e.invoiceValidationTotal) : e._tag === "InvoiceRemoved" ? Decimal.subtract(total, e.invoiceValidationTotal) : total,
          Decimal.zero,
        );
        expect(Decimal.equals(final.batchTotal, net)).toBe(true);
      }),
      RUNS,
    );
  });

  it("the view's status follows the state: Queued alone is scheduled for export, Exported alone has an export date", () => {
    fc.assert(
      fc.property(apBatchCommandsArb, (commands) => {
        for (const { after, command, result } of walk(commands)) {
          if (after._tag === "Absent") continue;
          const view = apBatchViewOf(after);
          expect(view.batchStatus).toBe(after._tag);
          expect(view.batchStatusId).toBe({ Open: 1, Queued: 2, Exported: 3 }[after._tag]);
          expect(view.isScheduledExporting).toBe(after._tag === "Queued");
          expect(view.lastExportDate !== undefined).toBe(after._tag === "Exported");
          if (command._tag === "Export" && Either.isRight(result)) expect(view.lastExportDate).toBe(command.at);
        }
      }),
      RUNS,
    );
  });

  it("states and events survive a trip through JSON exactly (what stores keep)", () => {
    const throughJson = <A, I>(schema: Schema.Schema<A, I>, value: A): A =>
      Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value))));
    fc.assert(
      fc.property(apBatchCommandsArb, (commands) => {
        for (const { after, result } of walk(commands)) {
          expect(throughJson(ApBatchStateSchema, after)).toEqual(after);
          for (const event of Either.getOrElse(result, () => [])) expect(throughJson(ApBatchEventSchema, event)).toEqual(event);
        }
      }),
      { numRuns: 200 },
    );
  });
});
