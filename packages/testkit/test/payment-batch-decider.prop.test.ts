/**
 * Properties of the PaymentBatch decider, driven directly by random command sequences: the ones
 * every decider owes (deciderProperties: invariants, decide total, replay, refusals, terminal
 * states, every status reached), then money and the ways out of a finished batch.
 */
import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc } from "effect";
import {
  brokenPaymentBatchInvariants,
  Decimal,
  LifeCycleCommandTags,
  paymentBatchDecider,
  type PaymentBatchCommand,
} from "@batch/core";
import { deciderProperties, paymentBatchCommandArb, paymentBatchCommandsArb, walkDecider } from "../src";

const walk = (commands: ReadonlyArray<PaymentBatchCommand>) => walkDecider(paymentBatchDecider, commands);

const runs = { numRuns: 400 };

describe("PaymentBatch decider properties", () => {
  deciderProperties({
    aggregate: "PaymentBatch",
    decider: paymentBatchDecider,
    commands: paymentBatchCommandsArb,
    command: paymentBatchCommandArb,
    brokenInvariants: (state) => (state._tag === "Absent" ? [] : brokenPaymentBatchInvariants(state)),
    numRuns: runs.numRuns,
    terminal: {
      mustRefuse: (command) => (LifeCycleCommandTags as ReadonlyArray<string>).includes(command._tag) || command._tag === "DeletePaymentBatch",
      // A discarded batch is left only by deletion.
      mayAccept: (state, command) => command._tag === "DeletePaymentBatch" && state._tag === "Discarded",
      probes: 20,
      minProbed: 500,
    },
    reaches: { tags: ["Absent", "Discarded", "Draft", "FinishedWithErrors", "FinishedWithoutErrors", "PartiallyCompleted", "Submitted"], numRuns: 600, seed: 20260401 },
  });

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

  it("leaves a finished batch only by correcting an Error line, and a discarded one only by deletion", () => {
    const left = new Set<string>();
    fc.assert(
      fc.property(paymentBatchCommandsArb, (commands) => {
        for (const { before, command, result, after } of walk(commands).steps) {
          if (Either.isLeft(result) || before._tag === after._tag) continue;
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
});
