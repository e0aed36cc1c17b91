/**
 * Batch processes (seed 004, and seed 002 uploads): the state as JSON beside the columns it is
 * looked up by (`jobId` unique per organization, the parent of child processes). Ids come from
 * one sequence shared by every organization, so an id names one process in the whole store.
 */
import { Effect, Option } from "effect";
import {
  BATCH_PROCESS_JOB_ID_CONSTRAINT,
  isExistingBatchProcess,
  subOperationOfProcess,
  type BatchProcessEvent,
  type BatchProcessRepository,
  type BatchProcessState,
  type ExistingBatchProcess,
  type Versioned,
} from "@batch/core";
import { makeAggregateStore, type AggregateTable } from "./aggregate-table";
import { structuralJson } from "./columns";
import { nextCounterValue } from "./counters";
import type { SqlSession } from "./dialects/dialect";

/** The counter behind every organization's process ids (counters are per organization; this one is shared). */
const SHARED = "";

const batchProcessTable: AggregateTable<BatchProcessState, BatchProcessEvent> = {
  table: "batch_processes",
  aggregate: "BatchProcess",
  idUnique: "organization",
  idColumn: "id",
  state: structuralJson(),
  event: structuralJson(),
  columnsOf: (state) => {
    if (!isExistingBatchProcess(state)) throw new TypeError("an Absent batch process cannot be saved");
    return {
      job_id: state.jobId ?? null,
      parent_id: state.parent?.id ?? null,
      status: state._tag,
      operation: state.definition.operation,
      sub_operation: subOperationOfProcess(state.definition) ?? null,
      created_at: state.createdAt,
      updated_at: state.updatedAt,
    };
  },
  conflictNames: { "batch_processes.job_id": BATCH_PROCESS_JOB_ID_CONSTRAINT },
};

const existing = (found: ReadonlyArray<Versioned<BatchProcessState>>) => found as ReadonlyArray<Versioned<ExistingBatchProcess>>;

export const makeSqlBatchProcessRepository = (session: SqlSession): BatchProcessRepository => {
  const store = makeAggregateStore<number, BatchProcessState, BatchProcessEvent>(session, batchProcessTable);
  return {
    get: store.get,
    save: (request) => Effect.suspend(() => store.save(request)),
    nextId: () => nextCounterValue(session, SHARED, "batch_processes.id"),
    findByJobId: (orgId, jobId) => store.findWhere(orgId, { job_id: jobId }).pipe(Effect.map((found) => Option.fromNullable(existing(found)[0]))),
    childrenOf: (orgId, parentId) => store.findWhere(orgId, { parent_id: parentId }).pipe(Effect.map(existing)),
  };
};
