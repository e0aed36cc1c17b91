/**
 * Properties of the PaymentBatch decider, driven directly by random command sequences: the
 * invariants hold in every reachable state, decide never throws, replaying the accepted events
 * gives the state, a refusal emits nothing and names its rule, and the terminal states refuse
 * every life-cycle command.
 */
import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc } from "effect";
import {
  brokenPaymentBatchInvariants,
  Decimal,
  fold,
  LifeCycleCommandTags,
  paymentBatchDecider,
  type PaymentBatchCommand,
  type PaymentBatchEvent,
  type PaymentBatchState,
} from "@batch/core";
import { paymentBatchCommandArb, paymentBatchCommandsArb } from "../src";

interface Step {
  readonly before: PaymentBatchState;
  readonly command: PaymentBatchCommand;
  readonly decision: Either.Either<ReadonlyArray<PaymentBatchEvent>, { readonly _tag: string; readonly message: string }>;
  readonly after: PaymentBatchState;
}

/** Folds the commands through the decider, keeping every step. */
const walk = (commands: ReadonlyArray<PaymentBatchCommand>): { readonly steps: ReadonlyArray<Step>; readonly events: ReadonlyArray<PaymentBatchEvent> } => {
  let state: PaymentBatchState = paymentBatchDecider.initialState;
  const steps: Array<Step> = [];
  const events: Array<PaymentBatchEvent> = [];
  for (const command of commands) {
    const decision = paymentBatchDecider.decide(state, command);
    const before = state;
    if (Either.isRight(decision)) {
      state = fold(paymentBatchDecider.evolve, state, decision.right);
      events.push(...decision.right);
    }
    steps.push({ before, command, decision, after: state });
  }
  return { steps, events };
};

const runs = { numRuns: 400 };

describe("PaymentBatch decider properties", () => {
  it("payment batch total/open amounts equal the exact sum of their lines for any sequence of commands", () => {
    fc.assert(
      fc.property(paymentBatchCommandsArb, (commands) => {
        for (const { after } of walk(commands).steps) {
          if (after._tag === "Absent") continue;
          const open = after.lines.filter((l) => l.status === "Open");
          expect(Decimal.format(after.totalAmount)).toBe(Decimal.format(Decimal.sum(after.lines.map((l) => l.transferAmount))));
          expect(Decimal.format(after.openAmount)).toBe(Decimal.format(Decimal.sum(open.map((l) => l.transferAmount))));
          expect(after.numberOfOpenItems).toBe(open.length);
        }
      }),
      runs,
    );
  });

  it("holds every invariant in every reachable state", () => {
    fc.assert(
      fc.property(paymentBatchCommandsArb, (commands) => {
        for (const { after } of walk(commands).steps) {
          if (after._tag !== "Absent") expect(brokenPaymentBatchInvariants(after)).toEqual([]);
        }
      }),
      runs,
    );
  });

  it("never throws, whatever the state and the command", () => {
    fc.assert(
      fc.property(paymentBatchCommandsArb, paymentBatchCommandArb, (commands, extra) => {
        const { steps } = walk(commands);
        const last = steps.at(-1)?.after ?? paymentBatchDecider.initialState;
        expect(() => paymentBatchDecider.decide(last, extra)).not.toThrow();
      }),
      runs,
    );
  });

  it("replaying the accepted events from the start gives the state decide led to", () => {
    fc.assert(
      fc.property(paymentBatchCommandsArb, (commands) => {
        const { steps, events } = walk(commands);
        const last = steps.at(-1)?.after ?? paymentBatchDecider.initialState;
        expect(fold(paymentBatchDecider.evolve, paymentBatchDecider.initialState, events)).toEqual(last);
      }),
      runs,
    );
  });

  it("a refusal emits nothing, leaves the state and names its rule under a PaymentBatch code", () => {
    fc.assert(
      fc.property(paymentBatchCommandsArb, (commands) => {
        for (const { before, decision, after } of walk(commands).steps) {
          if (Either.isLeft(decision)) {
            expect(after).toBe(before);
            expect(decision.left._tag).toMatch(/^PaymentBatch\.[A-Za-z]+$/);
            expect(decision.left.message.length).toBeGreaterThan(10);
          }
        }
      }),
      runs,
    );
  });

  it("terminal states refuse every life-cycle command", () => {
    let probed = 0;
    fc.assert(
      fc.property(paymentBatchCommandsArb, fc.array(paymentBatchCommandArb, { minLength: 20, maxLength: 20 }), (commands, probes) => {
        for (const { after } of walk(commands).steps) {
          if (!paymentBatchDecider.isTerminal(after)) continue;
          for (const probe of probes) {
            const lifeCycle = (LifeCycleCommandTags as ReadonlyArray<string>).includes(probe._tag);
            const escape = probe._tag === "DeletePaymentBatch" && after._tag === "Discarded";
            if (lifeCycle || probe._tag === "DeletePaymentBatch") {
              probed += 1;
              expect(Either.isLeft(paymentBatchDecider.decide(after, probe)) || escape).toBe(true);
            }
          }
        }
      }),
      runs,
    );
    // The property is only as good as the terminal states the sequences reach.
    expect(probed).toBeGreaterThan(500);
  });

  it("leaves a finished batch only by correcting an Error line, and a discarded one only by deletion", () => {
    const left = new Set<string>();
    fc.assert(
      fc.property(paymentBatchCommandsArb, (commands) => {
        for (const { before, command, decision, after } of walk(commands).steps) {
          if (Either.isLeft(decision) || before._tag === after._tag) continue;
          left.add(before._tag);
          if (before._tag === "FinishedWithErrors") {
            expect(command._tag).toBe("SetLineBankDetail");
            expect(after._tag).toBe("PartiallyCompleted");
          }
          expect(before._tag).not.toBe("FinishedWithoutErrors");
          if (before._tag === "Discarded") expect(after._tag).toBe("Absent");
        }
      }),
      runs,
    );
    expect(left.has("FinishedWithErrors")).toBe(true);
  });

  it("reaches every status of the table from random sequences", () => {
    const reached = new Set<string>();
    for (const commands of fc.sample(paymentBatchCommandsArb, { numRuns: 600, seed: 20260401 })) {
      for (const { after } of walk(commands).steps) reached.add(after._tag);
    }
    expect([...reached].sort()).toEqual(
      ["Absent", "Discarded", "Draft", "FinishedWithErrors", "FinishedWithoutErrors", "PartiallyCompleted", "Submitted"].sort(),
    );
  });
});
