/**
 * Items of ERP batches: inbound results (status, natural key, field errors) and outbound payloads
 * (with their acknowledgement), one row per batch and item number. Results are written in
 * multi-row upserts, so a chunk replayed after a crash replaces its rows instead of adding any.
 */
import { Effect, Option } from "effect";
import {
  ErpBatchCursorInvalid,
  type ErpBatchItem,
  type ErpBatchItemStatus,
  type ErpBatchItemStore,
  type FieldError,
  type OutboundItem,
} from "@batch/core";
import { insertMany, rowsPerStatement, upsertMany } from "./bulk-write";
import type { SqlSession } from "./dialects/dialect";
import { query } from "./store-effect";

const CURSOR_TAG = "erp-items";
const encodeCursor = (itemNumber: number) => Buffer.from(JSON.stringify([CURSOR_TAG, itemNumber])).toString("base64url");
const decodeCursor = (cursor: string): Option.Option<number> => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed[0] === CURSOR_TAG && Number.isSafeInteger(parsed[1])) return Option.some(parsed[1] as number);
  } catch {
    // not base64url JSON: not one of ours
  }
  return Option.none();
};

export const makeSqlErpBatchItemStore = (session: SqlSession): ErpBatchItemStore => {
  const { db } = session;
  const ofBatch = (orgId: string, batchId: string) => db.selectFrom("erp_batch_items").where("org_id", "=", orgId).where("batch_id", "=", batchId);

  return {
    recordResults: (orgId, batchId, results) =>
      upsertMany(
        session,
        "recording ERP batch item results",
        "erp_batch_items",
        results.map((r) => ({
          org_id: orgId,
          batch_id: batchId,
          item_number: r.itemNumber,
          status: r.status,
          key: r.key ?? null,
          errors: JSON.stringify(r.errors),
          payload: null,
          acknowledged_at: null,
        })),
        { key: ["org_id", "batch_id", "item_number"], update: ["status", "key", "errors", "payload", "acknowledged_at"] },
      ).pipe(Effect.catchTag("Store.UniqueConflict", (e) => Effect.die(e))),

    tally: (orgId, batchId) =>
      query("counting ERP batch items", () =>
        ofBatch(orgId, batchId)
          .select((eb) => ["status", eb.fn.countAll<number>().as("n"), eb.fn.max("item_number").as("last")])
          .groupBy("status")
          .execute(),
      ).pipe(
        Effect.map((rows) => {
          const count = (status: ErpBatchItemStatus) => Number(rows.find((r) => r.status === status)?.n ?? 0);
          return {
            pending: count("PENDING"),
            complete: count("COMPLETE"),
            failed: count("FAILED"),
            lastItemNumber: rows.reduce((max, r) => Math.max(max, Number(r.last ?? 0)), 0),
          };
        }),
      ),

    list: (orgId, batchId, itemQuery) => {
      const after = itemQuery.cursor === undefined ? Option.some(0) : decodeCursor(itemQuery.cursor);
      if (Option.isNone(after)) return Effect.fail(new ErpBatchCursorInvalid({ cursor: itemQuery.cursor ?? "" }));
      return query("listing ERP batch items", () =>
        ofBatch(orgId, batchId)
          .select(["item_number", "status", "key", "errors"])
          .where("item_number", ">", after.value)
          .$if(itemQuery.status !== undefined, (q) => q.where("status", "=", itemQuery.status ?? ""))
          .orderBy("item_number")
          .limit(itemQuery.limit + 1)
          .execute(),
      ).pipe(
        Effect.map((rows) => {
          const items = rows.slice(0, itemQuery.limit).map(
            (row): ErpBatchItem => ({
              itemNumber: row.item_number,
              status: row.status as ErpBatchItemStatus,
              ...(row.key === null ? {} : { key: row.key }),
              errors: JSON.parse(row.errors) as ReadonlyArray<FieldError>,
            }),
          );
          const last = items.at(-1);
          return rows.length > itemQuery.limit && last !== undefined ? { items, nextCursor: encodeCursor(last.itemNumber) } : { items };
        }),
      );
    },

    putOutboundItems: (orgId, batchId, payloads) =>
      query("checking outbound items", () => ofBatch(orgId, batchId).select("item_number").limit(1).executeTakeFirst()).pipe(
        Effect.flatMap((existing) =>
          existing !== undefined
            ? Effect.void
            : insertMany(
                session,
                "storing outbound items",
                "erp_batch_items",
                payloads.map((payload, i) => ({
                  org_id: orgId,
                  batch_id: batchId,
                  item_number: i + 1,
                  status: "PENDING",
                  key: null,
                  errors: "[]",
                  payload: JSON.stringify(payload),
                  acknowledged_at: null,
                })),
              ).pipe(Effect.catchTag("Store.UniqueConflict", (e) => Effect.die(e))),
        ),
      ),

    getOutboundItems: (orgId, batchId) =>
      query("loading outbound items", () =>
        ofBatch(orgId, batchId)
          .select(["item_number", "status", "payload", "acknowledged_at"])
          .where("payload", "is not", null)
          .where("status", "<>", "FAILED")
          .orderBy("item_number")
          .execute(),
      ).pipe(
        Effect.map((rows) =>
          rows.map(
            (row): OutboundItem => ({
              itemNumber: row.item_number,
              status: row.status as OutboundItem["status"],
              payload: JSON.parse(row.payload ?? "{}") as Readonly<Record<string, unknown>>,
              ...(row.acknowledged_at === null ? {} : { acknowledgedAt: row.acknowledged_at }),
            }),
          ),
        ),
      ),

    markAcknowledged: (orgId, batchId, which, at) => {
      const acknowledge = (numbers?: ReadonlyArray<number>) =>
        query("acknowledging outbound items", () =>
          db
            .updateTable("erp_batch_items")
            .set({ status: "COMPLETE", acknowledged_at: at })
            .where("org_id", "=", orgId)
            .where("batch_id", "=", batchId)
            .where("status", "=", "PENDING")
            .where("payload", "is not", null)
            .$if(numbers !== undefined, (q) => q.where("item_number", "in", numbers ?? []))
            .execute(),
        );
      if (which === "all") return Effect.asVoid(acknowledge());
      if (which.length === 0) return Effect.void;
      // Four parameters of the statement are not item numbers.
      const size = rowsPerStatement(session, 1) - 4;
      const chunks = Array.from({ length: Math.ceil(which.length / size) }, (_, i) => which.slice(i * size, (i + 1) * size));
      return Effect.forEach(chunks, acknowledge, { discard: true });
    },
  };
};
