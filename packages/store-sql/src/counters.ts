/**
 * Autonumbers per organization: one row per (organization, name), advanced with a single
 * INSERT ... ON CONFLICT DO UPDATE ... RETURNING. On PostgreSQL the statement locks the row until
 * the unit of work ends, so concurrent units of work get distinct, increasing numbers; one that
 * rolls back gives its number back (the ports allow it to be handed out again).
 */
import { Effect } from "effect";
import type { StoreUnavailable } from "@batch/core";
import type { SqlSession } from "./dialects/dialect";
import { query } from "./store-effect";

export const nextCounterValue = (session: SqlSession, orgId: string, name: string): Effect.Effect<number, StoreUnavailable> =>
  query(`numbering ${name}`, () =>
    session.db
      .insertInto("counters")
      .values({ org_id: orgId, name, value: 1 })
      .onConflict((oc) => oc.columns(["org_id", "name"]).doUpdateSet((eb) => ({ value: eb("counters.value", "+", 1) })))
      .returning("value")
      .executeTakeFirstOrThrow(),
  ).pipe(Effect.map((row) => Number(row.value)));
