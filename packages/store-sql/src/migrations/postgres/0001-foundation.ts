import type { Kysely } from "kysely";

/** Jobs, the event log and autonumber counters: what every aggregate's tables build on. */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await db.schema
    .createTable("jobs")
    .addColumn("job_id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject_id", "text", (c) => c.notNull())
    .addColumn("enqueued_at", "timestamptz", (c) => c.notNull())
    .addColumn("worker_id", "text")
    .addColumn("lease_expires_at", "timestamptz")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addUniqueConstraint("jobs_subject_key", ["org_id", "kind", "subject_id"])
    .execute();

  await db.schema
    .createTable("events")
    .addColumn("seq", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("aggregate_type", "text", (c) => c.notNull())
    .addColumn("aggregate_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("occurred_at", "timestamptz")
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_aggregate_idx").on("events").columns(["org_id", "aggregate_type", "aggregate_id", "seq"]).execute();

  await db.schema
    .createTable("counters")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("value", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("counters_pkey", ["org_id", "name"])
    .execute();
};
