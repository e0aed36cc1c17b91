/**
 * A property test of this application's own, on generated payment batch life cycles from
 * @batch/testkit: whatever the commands, deciding never throws, a refusal is data, replaying the
 * accepted events gives the state back, and the total and open amount of a batch add up to its
 * lines in every state it reaches.
 */
import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc } from "effect";
import { Decimal, fold, paymentBatchDecider, transition, type PaymentBatchEvent, type PaymentBatchState } from "@batch/core";
import { paymentBatchCommandsArb, paymentBatchLifeCycleArb } from "@batch/testkit";
import { paymentBatchLifeCycle } from "../src/life-cycle.js";

type PaymentBatch = Exclude<PaymentBatchState, { _tag: "Absent" }>;
const sumOf = (lines: PaymentBatch["lines"]) => lines.reduce((total, line) => Decimal.add(total, line.transferAmount), Decimal.zero);

describe("payment batches decided in this application", () => {
  it("never throw, replay from their events, and keep their amounts equal to their lines", () => {
    fc.assert(
      fc.property(fc.oneof(paymentBatchCommandsArb, paymentBatchLifeCycleArb), (commands) => {
        let state: PaymentBatchState = paymentBatchDecider.initialState;
        const history: Array<PaymentBatchEvent> = [];
        for (const command of commands) {
          const decided = transition(paymentBatchDecider, state, command);
          if (Either.isLeft(decided)) {
            // A refusal is data with a tag and a message, and the state stays as it was.
            expect(decided.left.message.length).toBeGreaterThan(0);
            continue;
          }
          history.push(...decided.right.events);
          state = decided.right.state;
          // Replaying what was stored gives the state back (event-sourced storage can rely on it).
          expect(fold(paymentBatchDecider.evolve, paymentBatchDecider.initialState, history)).toEqual(state);
          if (state._tag === "Absent") continue;
          expect(Decimal.equals(state.totalAmount, sumOf(state.lines))).toBe(true);
          expect(Decimal.equals(state.openAmount, sumOf(state.lines.filter((line) => line.status === "Open")))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("the example life cycle ends with every line paid", async () => {
    const steps = await paymentBatchLifeCycle();
    expect(steps.map((s) => s.outcome.split(" ")[0])).toEqual([
      "Draft",
      "refused",
      "Submitted",
      "PartiallyCompleted",
      "FinishedWithErrors",
      "PartiallyCompleted",
      "Submitted",
      "FinishedWithoutErrors",
    ]);
    expect(steps[1]?.events).toEqual([]);
  });
});
