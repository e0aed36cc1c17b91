import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc } from "effect";
import {
  batchProcessDecider,
  batchProcessInvariants,
  everyChildTerminal,
  fold,
  isTerminalBatchProcess,
  type BatchProcessCommand,
  type BatchProcessEvent,
  type BatchProcessState,
} from "../src";
import { batchProcessCommandArb, batchProcessCommandsArb } from "../../testkit/src/arbitraries/batch-process";

const { decide, evolve, initialState } = batchProcessDecider;

interface Step {
  readonly before: BatchProcessState;
  readonly command: BatchProcessCommand;
  readonly decision: ReturnType<typeof decide>;
  readonly after: BatchProcessState;
}

/** Folds a command sequence, keeping every step (refused commands leave the state as it was). */
const walk = (commands: ReadonlyArray<BatchProcessCommand>) => {
  const steps: Array<Step> = [];
  const events: Array<BatchProcessEvent> = [];
  let state = initialState;
  for (const command of commands) {
    const decision = decide(state, command);
    const after = Either.isRight(decision) ? fold(evolve, state, decision.right) : state;
    if (Either.isRight(decision)) events.push(...decision.right);
    steps.push({ before: state, command, decision, after });
    state = after;
  }
  return { steps, events, state };
};

const RUNS = { numRuns: 400 };

describe("BatchProcess decider properties", () => {
  it("decide never throws, and refuses with a BatchProcess error", () => {
    fc.assert(
      fc.property(batchProcessCommandsArb, batchProcessCommandArb, (commands, extra) => {
        const { state } = walk(commands);
        const decision = decide(state, extra);
        if (Either.isLeft(decision)) expect(decision.left._tag).toMatch(/^BatchProcess\./);
      }),
      RUNS,
    );
  });

  it("every invariant holds in every reachable state", () => {
    fc.assert(
      fc.property(batchProcessCommandsArb, (commands) => {
        for (const { after } of walk(commands).steps) {
          if (after._tag === "Absent") continue;
          for (const [name, holds] of batchProcessInvariants) expect(holds(after), name).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("replaying the emitted events gives the returned state", () => {
    fc.assert(
      fc.property(batchProcessCommandsArb, (commands) => {
        const { events, state } = walk(commands);
        expect(fold(evolve, initialState, events)).toEqual(state);
      }),
      RUNS,
    );
  });

  it("a refusal emits nothing and changes nothing", () => {
    fc.assert(
      fc.property(batchProcessCommandsArb, (commands) => {
        for (const { before, decision, after } of walk(commands).steps) {
          if (Either.isLeft(decision)) expect(after).toBe(before);
        }
      }),
      RUNS,
    );
  });

  it("terminal states refuse every command", () => {
    fc.assert(
      fc.property(batchProcessCommandsArb, fc.array(batchProcessCommandArb, { minLength: 1, maxLength: 10 }), (commands, more) => {
        const { state } = walk(commands);
        if (!isTerminalBatchProcess(state)) return;
        for (const command of more) expect(Either.isLeft(decide(state, command))).toBe(true);
      }),
      RUNS,
    );
  });

  it("a parent is terminal only once every child is", () => {
    fc.assert(
      fc.property(batchProcessCommandsArb, (commands) => {
        for (const { after } of walk(commands).steps) {
          if (isTerminalBatchProcess(after)) expect(everyChildTerminal(after)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("the generated sequences reach every status (so the properties above are not vacuous)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(batchProcessCommandsArb, (commands) => {
        for (const { after } of walk(commands).steps) {
          seen.add(after._tag);
          if (isTerminalBatchProcess(after) && after.children.length > 0) seen.add("terminal parent");
          if (after._tag !== "Absent" && after.parent !== undefined) seen.add("child");
        }
      }),
      // A fixed seed: a coverage check of the generators must not depend on the luck of a run.
      { numRuns: 1000, seed: 20260401 },
    );
    expect([...seen].sort()).toEqual(["Absent", "Draft", "Failed", "PartialSuccess", "Processing", "Queued", "Success", "child", "terminal parent"]);
  });
});
