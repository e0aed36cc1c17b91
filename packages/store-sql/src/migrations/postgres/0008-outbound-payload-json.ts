import { sql, type Kysely } from "kysely";

/**
 * Outbound item payloads as `json`, not `jsonb`. An ERP downloads each payload as it was written,
 * and its field order becomes the JSON member order, the CSV column order and the XML element
 * order the ERP receives. `jsonb` stores a parsed form that sorts object keys (shorter first, then
 * by bytes), drops duplicate keys and refuses `\u0000` in strings; `json` keeps the text as given,
 * as SQLite's text column does, so both databases hand back the same payload. Nothing reads inside
 * the payload in SQL (no `jsonb` operator, function or index uses it), so nothing is lost.
 *
 * Rows written before this migration keep the text `jsonb` gives back (keys already sorted, a
 * space after each `:` and `,`): the order they were written in was never stored, so it cannot be
 * restored. Only payloads written from here on keep their order. The type change rewrites the
 * table once.
 *
 * The other `jsonb` columns stay: they hold aggregate state, events, item errors and record data
 * that the stores decode into typed values, which the service renders in an order its code fixes.
 * The one client-given map among them (a payment batch's custom attributes) is answered inside a
 * JSON object, where member order carries no meaning.
 */
export const up = async (db: Kysely<unknown>): Promise<void> => {
  await sql`alter table erp_batch_items alter column payload type json using payload::json`.execute(db);
};
