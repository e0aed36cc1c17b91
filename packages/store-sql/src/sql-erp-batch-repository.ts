/**
 * ERP batches (seed 000): the state as JSON beside the columns listings filter and order on
 * (status, payload type, direction, client reference, createdAt); `clientRefId` + `referenceId`
 * unique per organization among inbound batches. Listings page by keyset (createdAt, batchId), so
 * a batch created while a client pages is never repeated.
 */
import { Effect, Option } from "effect";
import {
  ERP_BATCH_CLIENT_REFERENCE_CONSTRAINT,
  ErpBatchCursorInvalid,
  erpBatchDirectionOf,
  erpBatchStatusOf,
  isInboundErpBatch,
  type ErpBatchEvent,
  type ErpBatchRepository,
  type ExistingErpBatch,
  type InboundState,
  type OutboundState,
  type Versioned,
} from "@batch/core";
import { sql } from "kysely";
import { makeAggregateStore, type AggregateTable } from "./aggregate-table";
import { structuralJson } from "./columns";
import type { SqlSession } from "./dialects/dialect";
import { query } from "./store-effect";

const erpBatchTable: AggregateTable<ExistingErpBatch, ErpBatchEvent> = {
  table: "erp_batches",
  aggregate: "ErpBatch",
  idColumn: "batch_id",
  idUnique: "organization",
  state: structuralJson(),
  event: structuralJson(),
  columnsOf: (state) => ({
    direction: erpBatchDirectionOf(state),
    status: erpBatchStatusOf(state),
    payload_object_type: state.payloadObjectType,
    client_ref_id: isInboundErpBatch(state) ? state.clientRefId : null,
    reference_id: isInboundErpBatch(state) ? state.referenceId : null,
    created_at: state.createdAt,
    updated_at: state.updatedAt,
  }),
  conflictNames: { "erp_batches.client_ref_id+reference_id": ERP_BATCH_CLIENT_REFERENCE_CONSTRAINT },
};

const CURSOR_TAG = "erp-batches";
const encodeCursor = (state: ExistingErpBatch): string => Buffer.from(JSON.stringify([CURSOR_TAG, state.createdAt, state.batchId])).toString("base64url");
const decodeCursor = (cursor: string): Option.Option<{ readonly createdAt: string; readonly batchId: string }> => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === CURSOR_TAG && typeof parsed[1] === "string" && typeof parsed[2] === "string") {
      return Option.some({ createdAt: parsed[1], batchId: parsed[2] });
    }
  } catch {
    // not base64url JSON: not one of ours
  }
  return Option.none();
};

export const makeSqlErpBatchRepository = (session: SqlSession): ErpBatchRepository => {
  const { db, dialect } = session;
  const store = makeAggregateStore<string, ExistingErpBatch, ErpBatchEvent>(session, erpBatchTable);
  const decode = (row: { readonly state: unknown; readonly version: unknown }): Versioned<ExistingErpBatch> => ({
    state: erpBatchTable.state.decode(String(row.state)),
    version: Number(row.version),
  });
  // Timestamps and ids are compared as text in code point order, as the in-memory store does.
  const text = (column: "created_at" | "batch_id") => dialect.codePointOrder(sql.ref(column));

  return {
    get: store.get,
    save: (request) => Effect.suspend(() => store.save(request)),
    findByClientReference: (orgId, clientRefId, referenceId) =>
      store
        .findWhere(orgId, { client_ref_id: clientRefId, reference_id: referenceId })
        .pipe(Effect.map((found) => Option.fromNullable(found[0] as Versioned<InboundState> | undefined))),

    list: (orgId, listQuery) => {
      const after = listQuery.cursor === undefined ? Option.none() : decodeCursor(listQuery.cursor);
      if (listQuery.cursor !== undefined && Option.isNone(after)) return Effect.fail(new ErpBatchCursorInvalid({ cursor: listQuery.cursor }));
      return query("listing ERP batches", () =>
        db
          .selectFrom("erp_batches")
          .select(["state", "version"])
          .where("org_id", "=", orgId)
          .$if(listQuery.status !== undefined, (q) => q.where("status", "=", listQuery.status ?? ""))
          .$if(listQuery.payloadObjectType !== undefined, (q) => q.where("payload_object_type", "=", listQuery.payloadObjectType ?? ""))
          .$if(listQuery.direction !== undefined, (q) => q.where("direction", "=", listQuery.direction ?? ""))
          .$if(listQuery.clientRefId !== undefined, (q) => q.where("client_ref_id", "=", listQuery.clientRefId ?? ""))
          .$if(Option.isSome(after), (q) => {
            const c = Option.getOrThrow(after);
            return q.where((eb) =>
              eb.or([
                eb(text("created_at"), "<", dialect.codePointOrder(sql.val(c.createdAt))),
                eb.and([eb("created_at", "=", c.createdAt), eb(text("batch_id"), "<", dialect.codePointOrder(sql.val(c.batchId)))]),
              ]),
            );
          })
          .orderBy(text("created_at"), "desc")
          .orderBy(text("batch_id"), "desc")
          .limit(listQuery.limit + 1)
          .execute(),
      ).pipe(
        Effect.map((rows) => {
          const items = rows.slice(0, listQuery.limit).map((row) => decode(row).state);
          const last = items.at(-1);
          return rows.length > listQuery.limit && last !== undefined ? { items, nextCursor: encodeCursor(last) } : { items };
        }),
      );
    },

    listOutboundPending: (orgId, payloadObjectType) =>
      query("listing outbound ERP batches", () =>
        db
          .selectFrom("erp_batches")
          .select(["state", "version"])
          .where("org_id", "=", orgId)
          .where("direction", "=", "OUTBOUND")
          .where("status", "in", ["PENDING", "PARTIAL_PENDING"])
          .$if(payloadObjectType !== undefined, (q) => q.where("payload_object_type", "=", payloadObjectType ?? ""))
          .orderBy(text("created_at"))
          .orderBy(text("batch_id"))
          .execute(),
      ).pipe(Effect.map((rows) => rows.map((row) => decode(row).state as OutboundState))),
  };
};
