/**
 * What the store contract suites share: a fresh store per test, closed after it whether the test
 * passed or not; units of work run on one port of the store; and the typed error a failed unit of
 * work carries.
 */
import { afterEach } from "vitest";
import { Effect, Exit } from "effect";
import type { StoreUnavailable, UnitOfWork } from "@batch/core";

/** A fresh, empty store behind a unit of work whose bag holds `Stores`, and how to release it. */
export interface StoreFixture<Stores> {
  readonly uow: UnitOfWork<Stores>;
  readonly close?: () => Promise<void>;
}

/**
 * Opens a fixture per test from `harness` and closes it after the test (a failed assertion
 * included), so that SQL suites release their connections. Call inside the suite's describe.
 */
export const freshFixtures = <F extends { readonly close?: () => Promise<void> }>(harness: () => Promise<F>): (() => Promise<F>) => {
  let open: F | undefined;
  afterEach(async () => {
    await open?.close?.();
    open = undefined;
  });
  return async () => {
    open = await harness();
    return open;
  };
};

export interface PortRunner<Stores, Port> {
  /** Runs the work in one unit of work on the fixture; a failure rejects. */
  readonly run: <A, E>(f: StoreFixture<Stores>, work: (port: Port) => Effect.Effect<A, E>) => Promise<A>;
  /** Runs the work in one unit of work on the fixture and resolves with how it ended. */
  readonly runExit: <A, E>(f: StoreFixture<Stores>, work: (port: Port) => Effect.Effect<A, E>) => Promise<Exit.Exit<A, E | StoreUnavailable>>;
}

/** Runs units of work on the port `pick` takes from the stores' bag. */
export const portRunner = <Stores, Port>(pick: (stores: Stores) => Port): PortRunner<Stores, Port> => ({
  run: (f, work) => Effect.runPromise(f.uow.run((stores) => work(pick(stores)))),
  runExit: (f, work) => Effect.runPromiseExit(f.uow.run((stores) => work(pick(stores)))),
});

/**
 * The typed error the work failed with, when that is all its cause holds; undefined when it
 * succeeded, died or was interrupted, or when anything else (a failed rollback) came with it.
 */
export const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined;
