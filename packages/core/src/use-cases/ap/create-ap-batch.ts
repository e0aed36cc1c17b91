/** POST /odata/Batches: a new Open AP batch, with the client's `batchNo` or a generated one. */
import { Effect, Option } from "effect";
import {
  absentApBatch,
  apBatchViewOf,
  BatchNoTaken,
  decideCreateApBatch,
  evolveApBatch,
  type ApBatchInvalid,
  type ApBatchView,
  type ExistingApBatch,
} from "../../ap-batch";
import { fold, type Actor, type OrganizationId } from "../../kernel";
import { AP_BATCH_NO_CONSTRAINT, type ApBatchRepository, type Clock, type IdSource, type StoreError, type UnitOfWork } from "../../ports";

export interface CreateApBatchInput {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
  /** Generated when absent or blank. */
  readonly batchNo?: string;
  readonly reference?: string;
}

export type CreateApBatchError = ApBatchInvalid | BatchNoTaken | StoreError;

/** `AP-000001`, `AP-000002`, ... from the organization's batch-number sequence. */
export const generatedBatchNo = (n: number): string => `AP-${String(n).padStart(6, "0")}`;

/** The next generated batchNo that no batch holds (a client may have chosen one by hand). */
const freeGeneratedBatchNo = (apBatches: ApBatchRepository, orgId: OrganizationId): Effect.Effect<string, StoreError> =>
  apBatches.nextBatchNumber(orgId).pipe(
    Effect.map(generatedBatchNo),
    Effect.flatMap((batchNo) =>
      apBatches
        .findByBatchNo(orgId, batchNo)
        .pipe(Effect.flatMap((taken) => (Option.isSome(taken) ? freeGeneratedBatchNo(apBatches, orgId) : Effect.succeed(batchNo)))),
    ),
  );

export const makeCreateApBatch =
  (deps: { readonly uow: UnitOfWork<{ readonly apBatches: ApBatchRepository }>; readonly clock: Clock; readonly ids: IdSource }) =>
  (input: CreateApBatchInput): Effect.Effect<ApBatchView, CreateApBatchError> =>
    Effect.gen(function* () {
      const at = yield* deps.clock.now;
      const apBatchId = yield* deps.ids.uuid;
      const requested = input.batchNo?.trim() ?? "";
      return yield* deps.uow.run(({ apBatches }) =>
        Effect.gen(function* () {
          if (requested !== "" && Option.isSome(yield* apBatches.findByBatchNo(input.orgId, requested))) {
            return yield* Effect.fail(new BatchNoTaken({ batchNo: requested }));
          }
          const batchNo = requested !== "" ? requested : yield* freeGeneratedBatchNo(apBatches, input.orgId);
          const events = yield* decideCreateApBatch(absentApBatch, {
            _tag: "Create",
            apBatchId,
            batchNo,
            ...(input.reference === undefined ? {} : { reference: input.reference }),
            at,
            actor: input.actor,
          }).pipe(Effect.catchTag("ApBatch.AlreadyExists", (e) => Effect.die(e)));
          const state = fold(evolveApBatch, absentApBatch, events) as ExistingApBatch;
          yield* apBatches.save({ orgId: input.orgId, id: apBatchId, state, events, expectedVersion: 0 }).pipe(
            // Two creations racing for the same batchNo: the store's unique key decides.
            Effect.catchTag("Store.UniqueConflict", (e) =>
              Effect.fail(e.constraint === AP_BATCH_NO_CONSTRAINT ? new BatchNoTaken({ batchNo: state.batchNo }) : e),
            ),
          );
          return apBatchViewOf(state);
        }),
      );
    });
