/**
 * Seed 004 `BatchFinalize` by `id` and/or `jobId`: the uploaded file must be there (else refused,
 * nothing changes); an Invoice process takes its Invoice Line Item files along (each must have its
 * file too); a line-item file alone is refused. The process turns `Queued` and its job is written
 * in the same unit of work, so it is queued exactly once.
 */
import { Effect } from "effect";
import type { BlobStore, BlobStoreUnavailable } from "../../ports/blob-store";
import type { BatchProcessNotFound } from "../../batch-process/batch-process.errors";
import { isCsvImport, type ExistingBatchProcess } from "../../batch-process/batch-process.state";
import type { Actor, OrganizationId } from "../../kernel";
import type { Clock } from "../../ports/clock";
import type { Versioned } from "../../ports/repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { batchProcessDetailOf, DEFAULT_DOWNLOAD_URL_SECONDS, type BatchProcessDetail } from "./batch-process-detail";
import { decideAndSaveBatchProcess, loadBatchProcess, type BatchProcessRef, type BatchProcessSaveError } from "./batch-process-store";
import type { EbillStores } from "./ebill-stores";

export interface FinalizeBatchProcessDeps {
  readonly uow: UnitOfWork<Pick<EbillStores, "batchProcesses" | "jobs">>;
  readonly blobs: BlobStore;
  readonly clock: Clock;
}

export type FinalizeBatchProcessInput = BatchProcessRef & {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
};

export type FinalizeBatchProcessError = BatchProcessNotFound | BatchProcessSaveError | BlobStoreUnavailable;

export const makeFinalizeBatchProcess =
  (deps: FinalizeBatchProcessDeps) =>
  (input: FinalizeBatchProcessInput): Effect.Effect<BatchProcessDetail, FinalizeBatchProcessError> =>
    Effect.gen(function* () {
      const at = yield* deps.clock.now;
      const { orgId, actor } = input;
      // Reading blob sizes inside the unit of work is safe to repeat: it has no effect.
      const inputBytes = (state: ExistingBatchProcess) =>
        isCsvImport(state.definition) ? deps.blobs.size(state.definition.inputKey) : Effect.succeed(undefined);
      const finalized = yield* deps.uow.run(({ batchProcesses, jobs }) =>
        Effect.gen(function* () {
          const process = yield* loadBatchProcess(batchProcesses, orgId, input);
          const parent = yield* decideAndSaveBatchProcess(batchProcesses, process, {
            _tag: "Finalize",
            inputBytes: yield* inputBytes(process.state),
            viaParent: false,
            at,
            actor,
          });
          const children: Array<Versioned<ExistingBatchProcess>> = [];
          for (const child of yield* batchProcesses.childrenOf(orgId, parent.state.id)) {
            children.push(
              yield* decideAndSaveBatchProcess(batchProcesses, child, { _tag: "Finalize", inputBytes: yield* inputBytes(child.state), viaParent: true, at, actor }),
            );
          }
          yield* jobs.enqueue({ orgId, kind: "batch-process", subjectId: String(parent.state.id), at });
          return { parent: parent.state, children: children.map((c) => c.state) };
        }),
      );
      return yield* batchProcessDetailOf(deps.blobs, DEFAULT_DOWNLOAD_URL_SECONDS, finalized.parent, finalized.children);
    });
