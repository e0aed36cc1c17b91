/**
 * The shared decider properties are only worth their name if they fail for a broken decider:
 * each check is run against the AP batch decider with one deliberate bug and must throw, while
 * the unbroken decider passes them all (ap-batch-decider.prop.test.ts).
 */
import { describe, expect, it } from "vitest";
import { Data, Either, FastCheck as fc } from "effect";
import { apBatchDecider, ApBatchNotFound, brokenApBatchInvariants, type ApBatchCommand, type ApBatchError, type ApBatchEvent, type ApBatchState, type Decider } from "@batch/core";
import { apBatchCommandArb, apBatchCommandsArb, deciderPropertyChecks } from "../src";

// These checks are meant to fail: shrinking their counterexamples would only cost time.
fc.configureGlobal({ endOnFailure: true });

/** A refusal under a code no AP batch error has. */
class Misnamed extends Data.TaggedError("Refused")<{ readonly message: string }> {}

type ApDecider = Decider<ApBatchState, ApBatchCommand, ApBatchEvent, ApBatchError | Misnamed>;

const checksOf = (decider: ApDecider) =>
  new Map(
    deciderPropertyChecks({
      aggregate: "ApBatch",
      decider,
      commands: apBatchCommandsArb,
      command: apBatchCommandArb,
      brokenInvariants: (state) => (state._tag === "Absent" ? [] : brokenApBatchInvariants(state)),
      numRuns: 200,
      terminal: { probes: 10, minProbed: 100 },
      reaches: { tags: ["Absent", "Open", "Queued", "Exported"], numRuns: 200 },
    }),
  );

const breaking = (name: string, decider: ApDecider) => () => {
  const check = checksOf(decider).get(name);
  if (check === undefined) throw new Error(`no check named ${name}`);
  expect(check).toThrow();
};

let replays = 0;
let asked = 0;

describe("deciderProperties on a broken decider", () => {
  it("the unbroken decider passes every check with the same options", () => {
    for (const [, check] of checksOf(apBatchDecider)) check();
  });

  it(
    "decide throwing on a reachable command breaks 'never throws'",
    breaking("decide never throws and never mutates its inputs", {
      ...apBatchDecider,
      decide: (state, command) => {
        if (command._tag === "RemoveInvoice" && state._tag === "Open") throw new Error("bug");
        return apBatchDecider.decide(state, command);
      },
    }),
  );

  it(
    "decide writing into its state breaks 'never mutates'",
    breaking("decide never throws and never mutates its inputs", {
      ...apBatchDecider,
      decide: (state, command) => {
        if (state._tag === "Open") (state as { invoiceCount: number }).invoiceCount += 0;
        return apBatchDecider.decide(state, command);
      },
    }),
  );

  it(
    "evolve counting an added invoice twice breaks the invariants",
    breaking("the invariants hold in every reachable state", {
      ...apBatchDecider,
      evolve: (state, event) => {
        const next = apBatchDecider.evolve(state, event);
        return event._tag === "InvoiceAdded" && next._tag !== "Absent" ? { ...next, invoiceCount: next.invoiceCount + 1 } : next;
      },
    }),
  );

  it(
    "evolve reading more than the state and the event breaks replay",
    breaking("replaying the accepted events from the start gives the state reached", {
      ...apBatchDecider,
      evolve: (state, event) => {
        const next = apBatchDecider.evolve(state, event);
        replays += 1;
        return next._tag === "Absent" ? next : { ...next, reference: `call ${replays}` };
      },
    }),
  );

  const refusalRule = "a refusal emits nothing, changes nothing, is decided the same way again and names its rule under ApBatch";
  it(
    "a refusal under another code breaks the refusal property",
    breaking(refusalRule, {
      ...apBatchDecider,
      decide: (state, command) => Either.mapLeft(apBatchDecider.decide(state, command), (e) => new Misnamed({ message: e.message })),
    }),
  );

  it(
    "a refusal that changes when asked again breaks the refusal property",
    breaking(refusalRule, {
      ...apBatchDecider,
      decide: (state, command) => Either.mapLeft(apBatchDecider.decide(state, command), (e) => ((asked += 1) % 2 === 0 ? e : new ApBatchNotFound({ apBatchId: `asked ${asked}` }))),
    }),
  );

  it(
    "an Exported batch accepting an invoice breaks 'terminal states refuse'",
    breaking("terminal states refuse every life-cycle command", {
      ...apBatchDecider,
      decide: (state, command) => (state._tag === "Exported" && command._tag === "AddInvoice" ? Either.right([]) : apBatchDecider.decide(state, command)),
    }),
  );

  const neverExports: ApDecider = {
    ...apBatchDecider,
    decide: (state, command) => (command._tag === "Export" ? apBatchDecider.decide(state, { ...command, _tag: "SubmitToQueued" }) : apBatchDecider.decide(state, command)),
  };
  it("a state no sequence reaches breaks 'reach every state'", breaking("random command sequences reach every state (the generators are not vacuous)", neverExports));
  it("no terminal state reached breaks 'terminal states refuse' (it would hold vacuously)", breaking("terminal states refuse every life-cycle command", neverExports));
});
