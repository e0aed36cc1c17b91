/**
 * ERP batch items over MemoryDb: one row per batch holding its items by number, replaced whole
 * on every change (stored values are never mutated). Inbound results and outbound payloads share
 * the row shape, as they share the SQL table.
 */
import { Effect, Option } from "effect";
import {
  ErpBatchCursorInvalid,
  type ErpBatchItem,
  type ErpBatchItemStore,
  type ErpBatchItemStatus,
  type FieldError,
  type Instant,
  type OrganizationId,
} from "@batch/core";
import { table, type MemoryDb } from "./memory-db";

interface ItemRow {
  readonly itemNumber: number;
  readonly status: ErpBatchItemStatus;
  readonly key?: string;
  readonly errors: ReadonlyArray<FieldError>;
  readonly payload?: Readonly<Record<string, unknown>>;
  readonly acknowledgedAt?: Instant;
}

type BatchItems = ReadonlyMap<number, ItemRow>;

const ITEMS = "erp_batch_items";
const keyOf = (orgId: OrganizationId, batchId: string) => JSON.stringify([orgId, batchId]);

const encodeCursor = (itemNumber: number) => Buffer.from(JSON.stringify(["erp-items", itemNumber])).toString("base64url");
const decodeCursor = (cursor: string): Option.Option<number> => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed[0] === "erp-items" && Number.isSafeInteger(parsed[1])) return Option.some(parsed[1] as number);
  } catch {
    // not base64url JSON: not one of ours
  }
  return Option.none();
};

const byNumber = (items: BatchItems): ReadonlyArray<ItemRow> => [...items.values()].sort((a, b) => a.itemNumber - b.itemNumber);

const listed = (row: ItemRow): ErpBatchItem => ({
  itemNumber: row.itemNumber,
  status: row.status,
  ...(row.key === undefined ? {} : { key: row.key }),
  errors: row.errors,
});

export const makeMemoryErpBatchItemStore = (db: MemoryDb): ErpBatchItemStore => {
  const batches = () => table<BatchItems>(db, ITEMS);
  const itemsOf = (orgId: OrganizationId, batchId: string): BatchItems => batches().get(keyOf(orgId, batchId)) ?? new Map();
  const update = (orgId: OrganizationId, batchId: string, change: (items: Map<number, ItemRow>) => void) => {
    const next = new Map(itemsOf(orgId, batchId));
    change(next);
    batches().set(keyOf(orgId, batchId), next);
  };

  return {
    recordResults: (orgId, batchId, results) =>
      Effect.sync(() =>
        update(orgId, batchId, (items) => {
          for (const r of results) {
            items.set(r.itemNumber, { itemNumber: r.itemNumber, status: r.status, ...(r.key === undefined ? {} : { key: r.key }), errors: [...r.errors] });
          }
        }),
      ),

    tally: (orgId, batchId) =>
      Effect.sync(() => {
        let pending = 0;
        let complete = 0;
        let failed = 0;
        let lastItemNumber = 0;
        for (const row of itemsOf(orgId, batchId).values()) {
          if (row.status === "PENDING") pending += 1;
          else if (row.status === "COMPLETE") complete += 1;
          else failed += 1;
          lastItemNumber = Math.max(lastItemNumber, row.itemNumber);
        }
        return { pending, complete, failed, lastItemNumber };
      }),

    list: (orgId, batchId, query) =>
      Effect.suspend(() => {
        const after = query.cursor === undefined ? Option.some(0) : decodeCursor(query.cursor);
        if (Option.isNone(after)) return Effect.fail(new ErpBatchCursorInvalid({ cursor: query.cursor ?? "" }));
        const matching = byNumber(itemsOf(orgId, batchId)).filter(
          (row) => row.itemNumber > after.value && (query.status === undefined || row.status === query.status),
        );
        const items = matching.slice(0, query.limit).map(listed);
        const last = items.at(-1);
        return Effect.succeed(matching.length > query.limit && last !== undefined ? { items, nextCursor: encodeCursor(last.itemNumber) } : { items });
      }),

    putOutboundItems: (orgId, batchId, payloads) =>
      Effect.sync(() => {
        if (itemsOf(orgId, batchId).size > 0) return;
        update(orgId, batchId, (items) =>
          payloads.forEach((payload, i) => items.set(i + 1, { itemNumber: i + 1, status: "PENDING", errors: [], payload: { ...payload } })),
        );
      }),

    getOutboundItems: (orgId, batchId) =>
      Effect.sync(() =>
        byNumber(itemsOf(orgId, batchId)).flatMap((row) =>
          row.payload === undefined || row.status === "FAILED"
            ? []
            : [{ itemNumber: row.itemNumber, status: row.status, payload: row.payload, ...(row.acknowledgedAt === undefined ? {} : { acknowledgedAt: row.acknowledgedAt }) }],
        ),
      ),

    markAcknowledged: (orgId, batchId, which, at) =>
      Effect.sync(() =>
        update(orgId, batchId, (items) => {
          const numbers = which === "all" ? [...items.keys()] : which;
          for (const n of numbers) {
            const row = items.get(n);
            if (row !== undefined && row.payload !== undefined && row.status === "PENDING") items.set(n, { ...row, status: "COMPLETE", acknowledgedAt: at });
          }
        }),
      ),
  };
};
