import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc } from "effect";
import {
  erpBatchDecider,
  erpBatchItemCountsOf,
  expectedBlockSize,
  fold,
  isInboundErpBatch,
  receivedBlockCount,
  totalDataBlocksFor,
  violatedInvariants,
  type ErpBatchCommand,
  type ErpBatchEvent,
  type ErpBatchState,
  type OrganizationId,
} from "@batch/core";
import { ERP_DIGESTS, erpBatchCommandArb, erpBatchCommandsArb } from "../src";

const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

interface Step {
  readonly before: ErpBatchState;
  readonly command: ErpBatchCommand;
  readonly result: Either.Either<ReadonlyArray<ErpBatchEvent>, { readonly _tag: string }>;
  readonly after: ErpBatchState;
}

/** Decides each command on a frozen state, keeping the state when refused. */
const walk = (commands: ReadonlyArray<ErpBatchCommand>): ReadonlyArray<Step> => {
  const steps: Step[] = [];
  let state = erpBatchDecider.initialState;
  for (const command of commands) {
    const before = deepFreeze(state);
    const result = erpBatchDecider.decide(before, deepFreeze(command));
    const after = Either.match(result, { onLeft: () => before, onRight: (events) => fold(erpBatchDecider.evolve, before, events) });
    steps.push({ before, command, result, after });
    state = after;
  }
  return steps;
};

const RUNS = { numRuns: 600 };
const tagsOf = (steps: ReadonlyArray<Step>) => new Set(steps.map((s) => s.after._tag));

describe("ErpBatch decider properties", () => {
  it("random command sequences reach every state (the generators are not vacuous)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(erpBatchCommandsArb, (commands) => {
        for (const tag of tagsOf(walk(commands))) seen.add(tag);
      }),
      { numRuns: 1500 },
    );
    expect([...seen].sort()).toEqual(
      ["Absent", "AwaitingData", "Cancelled", "CompleteSuccess", "CompleteWithErrors", "Failed", "OutboundComplete", "OutboundPartialPending", "OutboundPending", "Processing", "Queued", "Receiving"].sort(),
    );
  }, 60_000);

  it("decide never throws and never mutates its inputs", () => {
    fc.assert(
      fc.property(erpBatchCommandsArb, erpBatchCommandArb, (commands, extra) => {
        const last = walk(commands).at(-1)?.after ?? erpBatchDecider.initialState;
        expect(() => erpBatchDecider.decide(deepFreeze(last), deepFreeze(extra))).not.toThrow();
      }),
      RUNS,
    );
  });

  it("the invariants hold in every reachable state", () => {
    fc.assert(
      fc.property(erpBatchCommandsArb, (commands) => {
        for (const step of walk(commands)) expect(violatedInvariants(step.after)).toEqual([]);
      }),
      RUNS,
    );
  });

  it("replaying the emitted events from the beginning gives the state reached", () => {
    fc.assert(
      fc.property(erpBatchCommandsArb, (commands) => {
        const steps = walk(commands);
        const log = steps.flatMap((s) => Either.getOrElse(s.result, () => []));
        expect(fold(erpBatchDecider.evolve, erpBatchDecider.initialState, log)).toEqual(steps.at(-1)?.after ?? erpBatchDecider.initialState);
      }),
      RUNS,
    );
  });

  it("a refusal emits nothing, changes nothing, and is decided the same way again", () => {
    fc.assert(
      fc.property(erpBatchCommandsArb, (commands) => {
        for (const step of walk(commands)) {
          if (Either.isRight(step.result)) continue;
          expect(step.after).toBe(step.before);
          expect(erpBatchDecider.decide(step.before, step.command)).toEqual(step.result);
          expect(step.result.left._tag).toMatch(/^ErpBatch\.[A-Z][A-Za-z]+$/);
        }
      }),
      RUNS,
    );
  });

  it("terminal states refuse every life-cycle command (a repeated block is answered with no events)", () => {
    fc.assert(
      fc.property(erpBatchCommandsArb, fc.array(erpBatchCommandArb, { minLength: 1, maxLength: 10 }), (commands, more) => {
        const state = walk(commands).at(-1)?.after ?? erpBatchDecider.initialState;
        fc.pre(erpBatchDecider.isTerminal(state));
        for (const command of more) {
          const result = erpBatchDecider.decide(state, command);
          if (Either.isRight(result)) {
            expect(result.right).toEqual([]);
            expect(command._tag).toBe("ReceiveBlock");
          }
        }
      }),
      RUNS,
    );
  }, 60_000);

  it("a batch is queued at most once, exactly when its last missing block arrives", () => {
    fc.assert(
      fc.property(erpBatchCommandsArb, (commands) => {
        const steps = walk(commands);
        const queuedSteps = steps.filter((s) => Either.getOrElse(s.result, () => []).some((e) => e._tag === "BatchQueued"));
        expect(queuedSteps.length).toBeLessThanOrEqual(1);
        for (const step of queuedSteps) {
          expect(isInboundErpBatch(step.after) && receivedBlockCount(step.after) === step.after.totalDataBlocks).toBe(true);
          expect(isInboundErpBatch(step.before) ? receivedBlockCount(step.before) : 0).toBeLessThan(isInboundErpBatch(step.after) ? step.after.totalDataBlocks : 0);
        }
        const last = steps.at(-1)?.after;
        const queuedOrLater = last !== undefined && ["Queued", "Processing", "CompleteSuccess", "CompleteWithErrors", "Failed"].includes(last._tag);
        expect(queuedSteps.length).toBe(queuedOrLater ? 1 : 0);
      }),
      RUNS,
    );
  });

  it("once processing ends, succeeded + failed = total", () => {
    fc.assert(
      fc.property(erpBatchCommandsArb, (commands) => {
        const last = walk(commands).at(-1)?.after;
        fc.pre(last !== undefined && last._tag !== "Absent" && erpBatchDecider.isTerminal(last));
        const counts = erpBatchItemCountsOf(last as Exclude<ErpBatchState, { _tag: "Absent" }>);
        expect(counts.succeeded + counts.failed).toBe(counts.total);
      }),
      RUNS,
    );
  });

  it("blocks received in any order, repeated, concurrently interleaved, complete a batch exactly once and only when every block is there", () => {
    const scenario = fc
      .record({ totalPayloadSize: fc.integer({ min: 0, max: 60 }), dataBlockSize: fc.integer({ min: 1, max: 9 }), drop: fc.boolean() })
      .chain(({ totalPayloadSize, dataBlockSize, drop }) => {
        const blocks = totalDataBlocksFor(totalPayloadSize, dataBlockSize);
        return fc
          .tuple(fc.array(fc.integer({ min: 1, max: blocks }), { maxLength: 3 * blocks }), fc.integer({ min: 1, max: blocks }))
          .chain(([repeats, dropped]) => {
            const uploads = [...Array.from({ length: blocks }, (_, i) => i + 1), ...repeats].filter((n) => !drop || n !== dropped);
            return fc.shuffledSubarray(uploads, { minLength: uploads.length, maxLength: uploads.length });
          })
          .map((order) => ({ totalPayloadSize, dataBlockSize, blocks, order }));
      });
    fc.assert(
      fc.property(scenario, ({ totalPayloadSize, dataBlockSize, blocks, order }) => {
        const transfer = { totalPayloadSize, dataBlockSize, totalDataBlocks: blocks };
        const stamp = { batchId: "b-1", at: "2026-01-01T00:00:00.000Z", actor: { id: "a", name: "ERP" } };
        const commands: Array<ErpBatchCommand> = [
          {
            _tag: "CreateForBlockTransfer",
            ...stamp,
            orgId: "org-1" as OrganizationId,
            clientRefId: "c",
            referenceId: "r",
            payloadObjectType: "COMPANY",
            format: "JSON",
            totalPayloadSize,
            settings: { dataBlockSize, maxPayloadSize: 1000 },
          },
          ...order.map((n): ErpBatchCommand => ({ _tag: "ReceiveBlock", ...stamp, blockNumber: n, size: expectedBlockSize(transfer, n), digest: ERP_DIGESTS[n % 3]! })),
        ];
        const steps = walk(commands);
        expect(steps.every((s) => Either.isRight(s.result))).toBe(true);
        const seen = new Set<number>();
        order.forEach((n, i) => {
          const events = Either.getOrThrow(steps[i + 1]!.result).map((e) => e._tag);
          const first = !seen.has(n);
          seen.add(n);
          expect(events).toEqual(!first ? [] : seen.size === blocks ? ["BlockReceived", "BatchQueued"] : ["BlockReceived"]);
        });
        const distinct = new Set(order).size;
        expect(steps.at(-1)!.after._tag).toBe(distinct === blocks ? "Queued" : distinct === 0 ? "AwaitingData" : "Receiving");
      }),
      RUNS,
    );
  });
});
