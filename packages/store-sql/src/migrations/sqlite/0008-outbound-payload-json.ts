import type { Kysely } from "kysely";

/**
 * Nothing to change on SQLite: outbound item payloads are text already, kept exactly as written.
 * The migration exists because both dialects keep the same file set; on PostgreSQL it turns the
 * payload column from `jsonb` (which sorts object keys) into `json`.
 */
export const up = (_db: Kysely<unknown>): Promise<void> => Promise.resolve();
