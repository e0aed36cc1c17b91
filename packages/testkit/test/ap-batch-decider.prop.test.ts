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
  type ApBatchCommand,
} from "@batch/core";
import { apBatchCommandArb, apBatchCommandsArb, deciderProperties, walkDecider } from "../src";

const walk = (commands: ReadonlyArray<ApBatchCommand>) => walkDecider(apBatchDecider, commands);

const RUNS = { numRuns: 500 };

describe("ApBatch decider properties", () => {
  deciderProperties({
    aggregate: "ApBatch",
    decider: apBatchDecider,
    commands: apBatchCommandsArb,
    command: apBatchCommandArb,
    brokenInvariants: (state) => (state._tag === "Absent" ? [] : brokenApBatchInvariants(state)),
    numRuns: RUNS.numRuns,
    terminal: { probes: 10, minProbed: 500 },
  });

  it("an accepted command emits at least one event and changes lastUpdated to its time and actor", () => {
    fc.assert(
      fc.property(apBatchCommandsArb, (commands) => {
        for (const { command, result, after } of walk(commands).steps) {
          if (Either.isLeft(result)) continue;
          expect(result.right.length).toBeGreaterThan(0);
          expect(after._tag !== "Absent" && apBatchLastUpdateIs(after, command.at, command.actor)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("Exported alone is terminal, refusing create as AlreadyExists and the rest as AlreadyExported; create is refused in every existing state", () => {
    fc.assert(
      fc.property(apBatchCommandsArb, apBatchCommandArb, (commands, command) => {
        const { state } = walk(commands);
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
        const { events, state: final } = walk(commands);
        if (final._tag === "Absent") return;
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
        for (const { after, command, result } of walk(commands).steps) {
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
        for (const { after, result } of walk(commands).steps) {
          expect(throughJson(ApBatchStateSchema, after)).toEqual(after);
          for (const event of Either.getOrElse(result, () => [])) expect(throughJson(ApBatchEventSchema, event)).toEqual(event);
        }
      }),
      { numRuns: 200 },
    );
  });
});
