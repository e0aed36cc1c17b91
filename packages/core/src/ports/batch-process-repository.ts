import type { Effect, Option } from "effect";
import type { BatchProcessEvent } from "../batch-process/batch-process.events";
import type { BatchProcessState, ExistingBatchProcess } from "../batch-process/batch-process.state";
import type { OrganizationId } from "../kernel";
import type { StoreUnavailable } from "./errors";
import type { AggregateRepository, Versioned } from "./repository";

/** The unique key of a jobId within an organization, as UniqueConflict names it. */
export const BATCH_PROCESS_JOB_ID_CONSTRAINT = "batch_processes.job_id";

/**
 * BatchProcesses of an organization, by integer id. `save` fails with UniqueConflict (constraint
 * BATCH_PROCESS_JOB_ID_CONSTRAINT) when another process of the organization has the same jobId.
 */
export interface BatchProcessRepository extends AggregateRepository<number, BatchProcessState, BatchProcessEvent> {
  /**
   * A new id for a process of the organization: a whole number from 1, never returned before for
   * it, larger than every id returned before (several organizations may share one sequence).
   * Fails with StoreUnavailable.
   */
  readonly nextId: (orgId: OrganizationId) => Effect.Effect<number, StoreUnavailable>;
  /** The process of the organization with that jobId, or None. Fails with StoreUnavailable. */
  readonly findByJobId: (orgId: OrganizationId, jobId: string) => Effect.Effect<Option.Option<Versioned<ExistingBatchProcess>>, StoreUnavailable>;
  /** The processes whose parent is `parentId`, in id order. Fails with StoreUnavailable. */
  readonly childrenOf: (orgId: OrganizationId, parentId: number) => Effect.Effect<ReadonlyArray<Versioned<ExistingBatchProcess>>, StoreUnavailable>;
}
