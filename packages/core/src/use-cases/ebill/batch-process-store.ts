/** Loading and saving BatchProcesses inside a unit of work: by id and/or jobId, decide, save. */
import { Effect, Either, Option } from "effect";
import { batchProcessDecider } from "../../batch-process/batch-process";
import type { BatchProcessCommand, RecordChildOutcome } from "../../batch-process/batch-process.commands";
import type { BatchProcessEvent } from "../../batch-process/batch-process.events";
import { BatchProcessJobIdTaken, BatchProcessNotFound, type BatchProcessError } from "../../batch-process/batch-process.errors";
import { isExistingBatchProcess, isTerminalBatchProcess, type BatchProcessState, type ExistingBatchProcess } from "../../batch-process/batch-process.state";
import { transition, type Actor, type Instant, type OrganizationId } from "../../kernel";
import type { BatchProcessRepository } from "../../ports/batch-process-repository";
import type { StoreUnavailable, UniqueConflict, VersionConflict } from "../../ports/errors";
import type { Versioned } from "../../ports/repository";
import type { IdSource } from "../../ports/clock";

/** Names a process by id, by jobId, or by both (then both must name the same process). */
export type BatchProcessRef =
  | { readonly id: number; readonly jobId?: string }
  | { readonly id?: number; readonly jobId: string };

const existing = (versioned: Versioned<BatchProcessState>): Option.Option<Versioned<ExistingBatchProcess>> => {
  const { state, version } = versioned;
  return isExistingBatchProcess(state) ? Option.some({ state, version }) : Option.none();
};

/** The process the ref names, or BatchProcessNotFound (also when id and jobId name different processes). */
export const loadBatchProcess = (
  repository: BatchProcessRepository,
  orgId: OrganizationId,
  ref: BatchProcessRef,
): Effect.Effect<Versioned<ExistingBatchProcess>, BatchProcessNotFound | StoreUnavailable> =>
  Effect.gen(function* () {
    const found =
      ref.id !== undefined
        ? Option.flatMap(yield* repository.get(orgId, ref.id), existing)
        : ref.jobId !== undefined
          ? yield* repository.findByJobId(orgId, ref.jobId)
          : Option.none();
    const matching = Option.filter(found, ({ state }) => ref.jobId === undefined || state.jobId === ref.jobId);
    if (Option.isNone(matching)) {
      return yield* Effect.fail(
        new BatchProcessNotFound({
          ...(ref.id === undefined ? {} : { id: ref.id }),
          ...(ref.jobId === undefined ? {} : { jobId: ref.jobId }),
        }),
      );
    }
    return matching.value;
  });

/** The client's jobId, trimmed; a new UUID when it gave none (empty is absent). */
export const jobIdOrNew = (given: string | undefined, ids: IdSource): Effect.Effect<string> => {
  const trimmed = given?.trim() ?? "";
  return trimmed === "" ? ids.uuid : Effect.succeed(trimmed);
};

/** Fails with BatchProcessJobIdTaken when another process of the organization has the jobId. */
export const ensureJobIdFree = (repository: BatchProcessRepository, orgId: OrganizationId, jobId: string) =>
  Effect.flatMap(repository.findByJobId(orgId, jobId), (found) =>
    Option.isSome(found) ? Effect.fail(new BatchProcessJobIdTaken({ jobId })) : Effect.void,
  );

/** RecordChildOutcome for every child that has ended (recording the same outcome again changes nothing). */
export const childOutcomeCommands = (
  children: ReadonlyArray<ExistingBatchProcess>,
  at: Instant,
  actor: Actor,
): ReadonlyArray<RecordChildOutcome> =>
  children.flatMap((child) => (isTerminalBatchProcess(child) ? [{ _tag: "RecordChildOutcome" as const, childId: child.id, status: child._tag, at, actor }] : []));

export type BatchProcessSaveError = BatchProcessError | BatchProcessJobIdTaken | StoreUnavailable | VersionConflict;

/**
 * Decides each command in turn on the loaded state (absent for a new process) and saves the result
 * with every event under the loaded version. A taken jobId (the store's unique key) is
 * BatchProcessJobIdTaken.
 */
export const decideAndSaveBatchProcess = (
  repository: BatchProcessRepository,
  current: Versioned<ExistingBatchProcess> | undefined,
  ...commands: ReadonlyArray<BatchProcessCommand>
): Effect.Effect<Versioned<ExistingBatchProcess>, BatchProcessSaveError> =>
  Effect.gen(function* () {
    let state: BatchProcessState = current?.state ?? batchProcessDecider.initialState;
    const events: Array<BatchProcessEvent> = [];
    for (const command of commands) {
      const next = transition(batchProcessDecider, state, command);
      if (Either.isLeft(next)) return yield* Effect.fail(next.left);
      state = next.right.state;
      events.push(...next.right.events);
    }
    if (!isExistingBatchProcess(state)) return yield* Effect.dieMessage("a BatchProcess command sequence left no process");
    const saved: ExistingBatchProcess = state;
    const expectedVersion = current?.version ?? 0;
    if (events.length === 0 && current !== undefined) return current;
    const version = yield* repository
      .save({ orgId: saved.orgId, id: saved.id, state: saved, events, expectedVersion })
      .pipe(Effect.catchTag("Store.UniqueConflict", (e: UniqueConflict) => Effect.fail(new BatchProcessJobIdTaken({ jobId: saved.jobId ?? e.message }))));
    return { state: saved, version };
  });
