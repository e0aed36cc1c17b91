/**
 * The properties every aggregate's decider owes (STYLE.md, "Property tests drive the domain
 * directly"), checked on random command sequences folded from the initial state: decide never
 * throws nor mutates its inputs, the invariants hold in every reachable state, replaying the
 * accepted events gives the state reached, a refusal emits nothing and names its rule, terminal
 * states refuse every life-cycle command, and the sequences reach every state. An aggregate's
 * test file calls `deciderProperties` inside its describe and adds the properties only it has,
 * walking its sequences with `walkDecider`.
 */
import { expect, it } from "vitest";
import { Either, FastCheck as fc } from "effect";
import { fold, type Decider } from "@batch/core";

/** One command decided on the state before it; a refused command leaves `after` as `before`. */
export interface DeciderStep<State, Command, Event, Err> {
  readonly before: State;
  readonly command: Command;
  readonly result: Either.Either<ReadonlyArray<Event>, Err>;
  readonly after: State;
}

export interface DeciderWalk<State, Command, Event, Err> {
  readonly steps: ReadonlyArray<DeciderStep<State, Command, Event, Err>>;
  /** Every accepted event, in order. */
  readonly events: ReadonlyArray<Event>;
  /** The state the last step left, the initial state when there were no commands. */
  readonly state: State;
}

/** Freezes a value and everything it holds, so that a decider mutating it throws. */
export const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

/** Decides each command on a frozen state and command, folding the accepted events. */
export const walkDecider = <State, Command, Event, Err>(
  decider: Decider<State, Command, Event, Err>,
  commands: ReadonlyArray<Command>,
): DeciderWalk<State, Command, Event, Err> => {
  const steps: Array<DeciderStep<State, Command, Event, Err>> = [];
  const events: Array<Event> = [];
  let state = decider.initialState;
  for (const command of commands) {
    const before = deepFreeze(state);
    const result = decider.decide(before, deepFreeze(command));
    const after = Either.match(result, { onLeft: () => before, onRight: (accepted) => fold(decider.evolve, before, accepted) });
    if (Either.isRight(result)) events.push(...result.right);
    steps.push({ before, command, result, after });
    state = after;
  }
  return { steps, events, state };
};

type Tagged = { readonly _tag: string };
/** A refusal: tagged under its aggregate, with a message that names the rule. */
type Refusal = Tagged & { readonly message: string };

export interface DeciderPropertiesOptions<State extends Tagged, Command extends Tagged, Event, Err> {
  /** The aggregate's name, which every refusal's tag starts with (`ApBatch.AlreadyExported`). */
  readonly aggregate: string;
  readonly decider: Decider<State, Command, Event, Err>;
  /** Command sequences to fold from the initial state. */
  readonly commands: fc.Arbitrary<ReadonlyArray<Command>>;
  /** Single commands to probe a reached state with. */
  readonly command: fc.Arbitrary<Command>;
  /** The names of the invariants the state breaks (none, in every reachable state). */
  readonly brokenInvariants: (state: State) => ReadonlyArray<string>;
  readonly numRuns: number;
  readonly terminal: {
    /** The commands a terminal state must refuse; every command when left out. */
    readonly mustRefuse?: (command: Command) => boolean;
    /** The documented ways out of, or no-ops in, a terminal state, accepted despite `mustRefuse`. */
    readonly mayAccept?: (state: State, command: Command, events: ReadonlyArray<Event>) => boolean;
    /** Commands probed at every terminal state a sequence reaches. */
    readonly probes: number;
    /** At least this many probes over all runs: the property is only as good as the terminal states reached. */
    readonly minProbed: number;
  };
  /** Every state tag the sequences must reach over `numRuns` sequences, so that the properties are not vacuous. */
  readonly reaches?: { readonly tags: ReadonlyArray<string>; readonly numRuns: number; readonly seed?: number };
}

/** Room for the thousands of sequences a property folds, also when a single file is run without the package's timeout. */
const TIMEOUT = 60_000;

/**
 * The shared properties as named checks, each throwing (fast-check's report of the shrunk
 * counterexample) when the decider breaks it; `deciderProperties` registers them as tests.
 */
export const deciderPropertyChecks = <State extends Tagged, Command extends Tagged, Event, Err extends Refusal>(
  options: DeciderPropertiesOptions<State, Command, Event, Err>,
): ReadonlyArray<readonly [name: string, check: () => void]> => {
  const { decider, commands, command, terminal, reaches } = options;
  const runs = { numRuns: options.numRuns };
  const walk = (sequence: ReadonlyArray<Command>) => walkDecider(decider, sequence);
  const errorTag = new RegExp(`^${options.aggregate}\\.[A-Z][A-Za-z]+$`);
  const mustRefuse = terminal.mustRefuse ?? (() => true);
  const mayAccept = terminal.mayAccept ?? (() => false);

  const reachesEveryState = (): void => {
    if (reaches === undefined) return;
    const seen = new Set<string>();
    fc.assert(
      fc.property(commands, (sequence) => {
        for (const { after } of walk(sequence).steps) seen.add(after._tag);
      }),
      reaches.seed === undefined ? { numRuns: reaches.numRuns } : { numRuns: reaches.numRuns, seed: reaches.seed },
    );
    expect([...seen].sort()).toEqual([...reaches.tags].sort());
  };

  const neverThrows = (): void =>
    fc.assert(
      fc.property(commands, command, (sequence, extra) => {
        const { state } = walk(sequence);
        expect(() => decider.decide(deepFreeze(state), deepFreeze(extra))).not.toThrow();
      }),
      runs,
    );

  const invariantsHold = (): void =>
    fc.assert(
      fc.property(commands, (sequence) => {
        for (const { after } of walk(sequence).steps) expect(options.brokenInvariants(after)).toEqual([]);
      }),
      runs,
    );

  const replayGivesState = (): void =>
    fc.assert(
      fc.property(commands, (sequence) => {
        const { events, state } = walk(sequence);
        expect(fold(decider.evolve, decider.initialState, events)).toEqual(state);
      }),
      runs,
    );

  const refusalsEmitNothing = (): void =>
    fc.assert(
      fc.property(commands, (sequence) => {
        for (const step of walk(sequence).steps) {
          if (Either.isRight(step.result)) continue;
          expect(step.after).toBe(step.before);
          expect(decider.decide(step.before, step.command)).toEqual(step.result);
          expect(step.result.left._tag).toMatch(errorTag);
          expect(step.result.left.message.length).toBeGreaterThan(10);
        }
      }),
      runs,
    );

  const terminalStatesRefuse = (): void => {
    let probed = 0;
    fc.assert(
      fc.property(commands, fc.array(command, { minLength: terminal.probes, maxLength: terminal.probes }), (sequence, probes) => {
        for (const { after } of walk(sequence).steps) {
          if (!decider.isTerminal(after)) continue;
          for (const probe of probes) {
            if (!mustRefuse(probe)) continue;
            probed += 1;
            const result = decider.decide(after, probe);
            if (Either.isRight(result)) expect(mayAccept(after, probe, result.right), `${after._tag} accepted ${probe._tag}`).toBe(true);
          }
        }
      }),
      runs,
    );
    expect(probed).toBeGreaterThan(terminal.minProbed);
  };

  return [
    ...(reaches === undefined ? [] : [["random command sequences reach every state (the generators are not vacuous)", reachesEveryState] as const]),
    ["decide never throws and never mutates its inputs", neverThrows],
    ["the invariants hold in every reachable state", invariantsHold],
    ["replaying the accepted events from the start gives the state reached", replayGivesState],
    [`a refusal emits nothing, changes nothing, is decided the same way again and names its rule under ${options.aggregate}`, refusalsEmitNothing],
    ["terminal states refuse every life-cycle command", terminalStatesRefuse],
  ];
};

/** Registers the shared decider properties as tests in the enclosing describe. */
export const deciderProperties = <State extends Tagged, Command extends Tagged, Event, Err extends Refusal>(
  options: DeciderPropertiesOptions<State, Command, Event, Err>,
): void => {
  for (const [name, check] of deciderPropertyChecks(options)) it(name, check, TIMEOUT);
};
