/**
 * AP batches (seed 001): the state as JSON, every property of the seed's batch view in a column
 * (so `/odata/Batches` queries are SQL), `batchNo` unique per organization.
 */
import { Effect, Option } from "effect";
import {
  AP_BATCH_NO_CONSTRAINT,
  ApBatchEvent,
  ApBatchState,
  apBatchCatalogue,
  apBatchExists,
  apBatchViewOf,
  type ApBatchRepository,
  type ApBatchView,
} from "@batch/core";
import { makeAggregateStore, type AggregateTable } from "./aggregate-table";
import { schemaJson } from "./columns";
import { nextCounterValue } from "./counters";
import type { SqlSession } from "./dialects/dialect";
import { propertiesOf, propertyColumnsOf, rowOf } from "./property-columns";
import { runSqlCollectionQuery, type QueryableTable } from "./sql-collection-query";

const columns = propertyColumnsOf(apBatchCatalogue);
const queryable: QueryableTable = { table: "ap_batches", catalogue: apBatchCatalogue, columns };

const apBatchTable: AggregateTable<ApBatchState, ApBatchEvent> = {
  table: "ap_batches",
  aggregate: "ApBatch",
  idUnique: "store",
  idColumn: "ap_batch_id",
  state: schemaJson(ApBatchState),
  event: schemaJson(ApBatchEvent),
  columnsOf: (state) => {
    // The port forbids it: a batch is never deleted, so there is no row for "Absent".
    if (!apBatchExists(state)) throw new TypeError("an Absent AP batch cannot be saved");
    const { ap_batch_id: _id, ...rest } = rowOf(columns, apBatchViewOf(state));
    return rest;
  },
  conflictNames: { "ap_batches.batch_no": AP_BATCH_NO_CONSTRAINT },
};

export const makeSqlApBatchRepository = (session: SqlSession): ApBatchRepository => {
  const store = makeAggregateStore<string, ApBatchState, ApBatchEvent>(session, apBatchTable);
  return {
    get: store.get,
    save: (request) => Effect.suspend(() => store.save(request)),
    findByBatchNo: (orgId, batchNo) => store.findWhere(orgId, { batch_no: batchNo }).pipe(Effect.map((found) => Option.fromNullable(found[0]))),
    nextBatchNumber: (orgId) => nextCounterValue(session, orgId, "ap_batch_no"),
    query: (orgId, query) =>
      runSqlCollectionQuery(session, queryable, { org_id: orgId }, query).pipe(
        Effect.map(({ rows, count }) => ({
          rows: rows.map((row) => propertiesOf(columns, row) as ApBatchView),
          ...(count === undefined ? {} : { count }),
        })),
      ),
  };
};
