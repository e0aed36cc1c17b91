/**
 * The shape every aggregate follows (emmett's decider, xstate's pure transition):
 * `decide` turns a command into accepted events or a tagged domain error and never throws;
 * `evolve` applies one fact; `transition` is decide followed by the fold of evolve.
 */
import { Either } from "effect";

export interface Decider<State, Command, Event, Err> {
  /** The state before the first event: the aggregate does not exist yet. */
  readonly initialState: State;
  readonly decide: (state: State, command: Command) => Either.Either<ReadonlyArray<Event>, Err>;
  readonly evolve: (state: State, event: Event) => State;
  /** True in the states where the transition table allows no life-cycle command (DOMAIN.md). */
  readonly isTerminal: (state: State) => boolean;
}

export const fold = <State, Event>(
  evolve: (state: State, event: Event) => State,
  state: State,
  events: ReadonlyArray<Event>,
): State => events.reduce(evolve, state);

/** Decide, then apply the accepted events: the next state and the facts that led to it. */
export const transition = <State, Command, Event, Err>(
  decider: Decider<State, Command, Event, Err>,
  state: State,
  command: Command,
): Either.Either<{ readonly state: State; readonly events: ReadonlyArray<Event> }, Err> =>
  Either.map(decider.decide(state, command), (events) => ({ state: fold(decider.evolve, state, events), events }));
