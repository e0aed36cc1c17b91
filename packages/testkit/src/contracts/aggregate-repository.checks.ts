/**
 * The checks every AggregateRepository owes (core's ports/repository.ts), shared by the AP batch,
 * payment batch, batch process and ERP batch suites, which call them inside their own tests
 * beside what only their repository does: a new aggregate is kept exactly at version 1; a save
 * succeeds only from the version it was loaded at, so a stale save and a second creation fail
 * with VersionConflict and write nothing; another organization neither sees nor overwrites it;
 * a unit of work that fails after saving keeps nothing.
 */
import { expect } from "vitest";
import { Effect, Either, Option } from "effect";
import { fold, type AggregateRepository, type Decider, type OrganizationId, type SaveRequest, type Versioned } from "@batch/core";
import { failureOf, portRunner } from "./store-fixture";
import type { StoreFixture } from "./store-fixture";

/** An aggregate as its first save writes it. */
export type NewAggregate<Id, S, E> = Omit<SaveRequest<Id, S, E>, "expectedVersion">;

/** A later state of the same aggregate, with the events that led there from the first save. */
export interface NextState<S, E> {
  readonly state: S;
  readonly events: ReadonlyArray<E>;
}

/**
 * The state and events the commands lead to from the decider's initial state, for fixtures built
 * the way the use cases build aggregates: a refusal is a bug in the fixture, thrown with the
 * command's tag and the refusal's message.
 */
export const decidedFixture = <S, C extends { readonly _tag: string }, E, Err extends { readonly message: string }>(
  decider: Decider<S, C, E, Err>,
  commands: ReadonlyArray<C>,
): NextState<S, E> => {
  let state = decider.initialState;
  const events: Array<E> = [];
  for (const command of commands) {
    const accepted = Either.getOrThrowWith(decider.decide(state, command), (e) => new Error(`fixture refused ${command._tag}: ${e.message}`));
    events.push(...accepted);
    state = fold(decider.evolve, state, accepted);
  }
  return { state, events };
};

export const aggregateRepositoryChecks = <Stores, Id, S, E>(pick: (stores: Stores) => AggregateRepository<Id, S, E>) => {
  const { run, runExit } = portRunner(pick);
  const save = (f: StoreFixture<Stores>, aggregate: NewAggregate<Id, S, E>, expectedVersion = 0) => runExit(f, (r) => r.save({ ...aggregate, expectedVersion }));
  const loaded = async (f: StoreFixture<Stores>, orgId: OrganizationId, id: Id) => Option.getOrUndefined(await run(f, (r) => r.get(orgId, id)));
  return {
    /** Saves a new aggregate and reads it back: version 1, the state exactly. Resolves with what was read. */
    savedExactly: async (f: StoreFixture<Stores>, aggregate: NewAggregate<Id, S, E>): Promise<Versioned<S>> => {
      expect(await run(f, (r) => r.save({ ...aggregate, expectedVersion: 0 }))).toBe(1);
      const got = await loaded(f, aggregate.orgId, aggregate.id);
      expect(got).toEqual({ state: aggregate.state, version: 1 });
      return got as Versioned<S>;
    },

    /**
     * Saves `created`, then `next` at version 1 (giving 2); then `created` again at the stale
     * version 1 and as a second creation, both refused with VersionConflict, leaving `next` at 2.
     */
    optimisticSaves: async (f: StoreFixture<Stores>, created: NewAggregate<Id, S, E>, next: NextState<S, E>): Promise<void> => {
      expect(await run(f, (r) => r.save({ ...created, expectedVersion: 0 }))).toBe(1);
      expect(await run(f, (r) => r.save({ ...created, ...next, expectedVersion: 1 }))).toBe(2);
      expect(failureOf(await save(f, { ...created, events: [] }, 1))?._tag).toBe("Store.VersionConflict");
      expect(failureOf(await save(f, created, 0))?._tag).toBe("Store.VersionConflict");
      expect(await loaded(f, created.orgId, created.id)).toEqual({ state: next.state, version: 2 });
    },

    /**
     * For an aggregate saved once: another organization gets nothing under its id, and its save
     * there at version 1 is refused with VersionConflict, writing nothing, the aggregate left as
     * it was. `theirs` is what that organization saves under the same id: `saved` itself, unless
     * the state names its organization (batch processes, ERP batches).
     */
    hiddenFrom: async (
      f: StoreFixture<Stores>,
      otherOrg: OrganizationId,
      saved: NewAggregate<Id, S, E>,
      theirs: NewAggregate<Id, S, E> = { ...saved, orgId: otherOrg },
    ): Promise<void> => {
      expect(await loaded(f, otherOrg, saved.id)).toBeUndefined();
      expect(failureOf(await save(f, theirs, 1))?._tag).toBe("Store.VersionConflict");
      expect(await loaded(f, otherOrg, saved.id)).toBeUndefined();
      expect(await loaded(f, saved.orgId, saved.id)).toEqual({ state: saved.state, version: 1 });
    },

    /** Saves the aggregate in a unit of work that then fails: the failure comes out unchanged and nothing is kept. */
    nothingKeptOnFailure: async (f: StoreFixture<Stores>, aggregate: NewAggregate<Id, S, E>): Promise<void> => {
      const exit = await runExit(f, (r) => r.save({ ...aggregate, expectedVersion: 0 }).pipe(Effect.zipRight(Effect.fail("abandoned" as const))));
      expect(failureOf(exit)).toBe("abandoned");
      expect(await loaded(f, aggregate.orgId, aggregate.id)).toBeUndefined();
    },
  };
};
