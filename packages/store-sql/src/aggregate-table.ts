/**
 * State-stored aggregates (docs/adr/0005): a row per aggregate with its state as JSON, the
 * properties clients query in columns of their own, and a `version` for optimistic concurrency;
 * every save appends the events that produced the state to `events` in the same transaction.
 * Written once here; each repository describes its table.
 */
import { Effect, Option } from "effect";
import type { Kysely } from "kysely";
import { VersionConflict, type OrganizationId, type SaveRequest, type StoreUnavailable, type UniqueConflict, type Versioned } from "@batch/core";
import { insertMany, type TableName } from "./bulk-write";
import { instantToColumn, type JsonCodec } from "./columns";
import type { SqlSession } from "./dialects/dialect";
import { guardedWrite, query } from "./store-effect";

export interface AggregateTable<S, E> {
  readonly table: TableName;
  /** The aggregate's name in `events.aggregate_type` and in VersionConflict ("ApBatch"). */
  readonly aggregate: string;
  readonly idColumn: string;
  readonly state: JsonCodec<S>;
  readonly event: JsonCodec<E>;
  /** The columns a state fills besides id, org_id, version and state. */
  readonly columnsOf: (state: S) => Readonly<Record<string, unknown>>;
  /** Derived key names ("<table>.<columns>") to the constraint names the port promises. */
  readonly conflictNames?: Readonly<Record<string, string>>;
  /** Whether an id names one aggregate in the whole store (GUIDs) or only within an organization. */
  readonly idUnique: "store" | "organization";
  /** Rows kept beside the aggregate (a payment batch's lines), rewritten after each save; removed by ON DELETE CASCADE. */
  readonly writeChildren?: (session: SqlSession, orgId: OrganizationId, id: string | number, state: S) => Effect.Effect<void, StoreUnavailable>;
}

type Untyped = Kysely<Record<string, Record<string, unknown>>>;
const untyped = (session: SqlSession) => session.db as unknown as Untyped;

export interface AggregateStore<Id extends string | number, S, E> {
  readonly get: (orgId: OrganizationId, id: Id) => Effect.Effect<Option.Option<Versioned<S>>, StoreUnavailable>;
  /** The aggregates of the organization whose columns equal these values, in id order. */
  readonly findWhere: (orgId: OrganizationId, conditions: Readonly<Record<string, unknown>>) => Effect.Effect<ReadonlyArray<Versioned<S>>, StoreUnavailable>;
  readonly save: (request: SaveRequest<Id, S, E>) => Effect.Effect<number, VersionConflict | UniqueConflict | StoreUnavailable>;
  /** Removes the aggregate at `expectedVersion`, with its events. Fails with VersionConflict (stale or absent). */
  readonly remove: (orgId: OrganizationId, id: Id, expectedVersion: number) => Effect.Effect<void, VersionConflict | StoreUnavailable>;
}

const eventTime = (event: unknown): string | null => {
  const at = (event as { readonly at?: unknown }).at;
  return typeof at === "string" && !Number.isNaN(Date.parse(at)) ? instantToColumn(at) : null;
};

export const makeAggregateStore = <Id extends string | number, S, E>(session: SqlSession, spec: AggregateTable<S, E>): AggregateStore<Id, S, E> => {
  const db = untyped(session);
  const { table, idColumn } = spec;
  const primaryKey = `${table}.${idColumn}`;
  const versioned = (row: Record<string, unknown>): Versioned<S> => ({ state: spec.state.decode(String(row.state)), version: Number(row.version) });
  const exists = (orgId: OrganizationId, id: Id) =>
    query(`loading ${spec.aggregate} ${String(id)}`, () =>
      db
        .selectFrom(table)
        .select(idColumn)
        .where(idColumn, "=", id)
        .$if(spec.idUnique === "organization", (q) => q.where("org_id", "=", orgId))
        .executeTakeFirst(),
    ).pipe(Effect.map((row) => row !== undefined));
  const conflict = (id: Id, expectedVersion: number) => new VersionConflict({ aggregate: spec.aggregate, id: String(id), expectedVersion });

  const write = (request: SaveRequest<Id, S, E>): Effect.Effect<boolean, UniqueConflict | StoreUnavailable> => {
    const values = { ...spec.columnsOf(request.state), version: request.expectedVersion + 1, state: spec.state.encode(request.state) };
    return guardedWrite(
      session,
      `saving ${spec.aggregate} ${String(request.id)}`,
      async () => {
        if (request.expectedVersion === 0) {
          await db.insertInto(table).values({ ...values, [idColumn]: request.id, org_id: request.orgId }).execute();
          return true;
        }
        const result = await db
          .updateTable(table)
          .set(values)
          .where(idColumn, "=", request.id)
          .where("org_id", "=", request.orgId)
          .where("version", "=", request.expectedVersion)
          .executeTakeFirst();
        return result.numUpdatedRows > 0n;
      },
      spec.conflictNames,
    );
  };

  return {
    get: (orgId, id) =>
      query(`loading ${spec.aggregate} ${String(id)}`, () =>
        db.selectFrom(table).select(["state", "version"]).where(idColumn, "=", id).where("org_id", "=", orgId).executeTakeFirst(),
      ).pipe(Effect.map((row) => Option.map(Option.fromNullable(row), versioned))),

    findWhere: (orgId, conditions) =>
      query(`finding ${spec.aggregate}`, () => {
        let select = db.selectFrom(table).select(["state", "version"]).where("org_id", "=", orgId);
        for (const [column, value] of Object.entries(conditions)) select = select.where(column, "=", value);
        return select.orderBy(idColumn).execute();
      }).pipe(Effect.map((rows) => rows.map(versioned))),

    save: (request) =>
      write(request).pipe(
        // A new aggregate whose id exists is a version conflict, whichever key the database reported
        // first (SQLite may name a natural key that the existing row also holds).
        Effect.catchIf(
          (e): e is UniqueConflict => e._tag === "Store.UniqueConflict" && request.expectedVersion === 0,
          (e): Effect.Effect<boolean, UniqueConflict | StoreUnavailable> =>
            e.constraint === primaryKey
              ? Effect.succeed(false)
              : Effect.flatMap(exists(request.orgId, request.id), (found) => (found ? Effect.succeed(false) : Effect.fail(e))),
        ),
        Effect.flatMap((written) => (written ? Effect.void : Effect.fail(conflict(request.id, request.expectedVersion)))),
        Effect.zipRight(spec.writeChildren === undefined ? Effect.void : spec.writeChildren(session, request.orgId, request.id, request.state)),
        Effect.zipRight(
          insertMany(
            session,
            `recording ${spec.aggregate} events`,
            "events",
            request.events.map((event) => ({
              org_id: request.orgId,
              aggregate_type: spec.aggregate,
              aggregate_id: String(request.id),
              version: request.expectedVersion + 1,
              event_type: String((event as { readonly _tag?: unknown })._tag ?? "Event"),
              occurred_at: eventTime(event),
              payload: spec.event.encode(event),
            })),
          ).pipe(Effect.catchTag("Store.UniqueConflict", (e) => Effect.die(e))),
        ),
        Effect.as(request.expectedVersion + 1),
      ),

    remove: (orgId, id, expectedVersion) =>
      query(`deleting ${spec.aggregate} ${String(id)}`, () =>
        db.deleteFrom(table).where(idColumn, "=", id).where("org_id", "=", orgId).where("version", "=", expectedVersion).executeTakeFirst(),
      ).pipe(
        Effect.flatMap((r) => (r.numDeletedRows > 0n ? Effect.void : Effect.fail(conflict(id, expectedVersion)))),
        Effect.zipRight(
          query(`deleting ${spec.aggregate} ${String(id)} events`, () =>
            session.db
              .deleteFrom("events")
              .where("org_id", "=", orgId)
              .where("aggregate_type", "=", spec.aggregate)
              .where("aggregate_id", "=", String(id))
              .execute(),
          ),
        ),
        Effect.asVoid,
      ),
  };
};
