/**
 * Seed 004 `S3FileUpload`: a CSV import in `Draft` with a signed upload URL. With
 * `parentBatchProcess` and/or `parentBatchProcessJobId` it is an `Invoice Line Item` file joining
 * that Invoice process (which must be a CSV Invoice import still in `Draft`).
 */
import { Effect } from "effect";
import { batchProcessInputKey } from "../../batch-process/batch-process.blob-keys";
import { BatchProcessParentInvalid } from "../../batch-process/batch-process.errors";
import type { ExistingBatchProcess } from "../../batch-process/batch-process.state";
import { batchProcessViewOf, type BatchProcessView } from "../../batch-process/batch-process.view";
import type { Actor, OrganizationId } from "../../kernel";
import type { BlobStore, BlobStoreUnavailable } from "../../ports/blob-store";
import type { Clock, IdSource } from "../../ports/clock";
import type { Versioned } from "../../ports/repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { decideAndSaveBatchProcess, ensureJobIdFree, jobIdOrNew, loadBatchProcess, type BatchProcessSaveError } from "./batch-process-store";
import type { FileUploadRequest } from "./batch-process-requests";
import type { EbillStores } from "./ebill-stores";

export interface CreateFileUploadProcessDeps {
  readonly uow: UnitOfWork<Pick<EbillStores, "batchProcesses">>;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** How long the upload URL stays valid (the seed's URLs: an hour). */
  readonly uploadUrlExpiresInSeconds?: number;
}

export type CreateFileUploadProcessInput = FileUploadRequest & {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
};

export type CreatedFileUploadProcess = BatchProcessView & { readonly uploadUrl: string };

export type CreateFileUploadProcessError = BatchProcessSaveError | BlobStoreUnavailable;

const DEFAULT_UPLOAD_URL_SECONDS = 3600;

export const makeCreateFileUploadProcess =
  (deps: CreateFileUploadProcessDeps) =>
  (input: CreateFileUploadProcessInput): Effect.Effect<CreatedFileUploadProcess, CreateFileUploadProcessError> =>
    Effect.gen(function* () {
      const at = yield* deps.clock.now;
      const jobId = yield* jobIdOrNew(input.jobId, deps.ids);
      const { orgId, actor } = input;
      const created = yield* deps.uow.run(({ batchProcesses }) =>
        Effect.gen(function* () {
          yield* ensureJobIdFree(batchProcesses, orgId, jobId);
          const { parentBatchProcess: parentId, parentBatchProcessJobId: parentJobId } = input;
          const ref = parentId !== undefined ? { id: parentId, jobId: parentJobId } : parentJobId !== undefined ? { jobId: parentJobId } : undefined;
          let parent: Versioned<ExistingBatchProcess> | undefined;
          if (ref !== undefined) {
            parent = yield* loadBatchProcess(batchProcesses, orgId, ref).pipe(
              Effect.catchTag("BatchProcess.NotFound", (e) =>
                Effect.fail(new BatchProcessParentInvalid({ message: `${e.message} to be the parent of this process` })),
              ),
            );
          }
          const id = yield* batchProcesses.nextId(orgId);
          const inputKey = yield* Effect.orDie(batchProcessInputKey(orgId, id));
          const parentRef = parent === undefined ? undefined : { id: parent.state.id, ...(parent.state.jobId === undefined ? {} : { jobId: parent.state.jobId }) };
          if (parent !== undefined && input.subOperation === "Invoice Line Item") {
            yield* decideAndSaveBatchProcess(batchProcesses, parent, { _tag: "AttachChild", child: { id, jobId }, at, actor });
          }
          const saved = yield* decideAndSaveBatchProcess(batchProcesses, undefined, {
            _tag: "CreateUpload",
            orgId,
            id,
            jobId,
            subOperation: input.subOperation,
            ...(input.inputFilename === undefined ? {} : { inputFilename: input.inputFilename }),
            inputKey,
            ...(parentRef === undefined ? {} : { parent: parentRef }),
            at,
            actor,
          });
          return { state: saved.state, inputKey };
        }),
      );
      const uploadUrl = yield* deps.blobs.signedUrl(created.inputKey, {
        method: "PUT",
        expiresInSeconds: deps.uploadUrlExpiresInSeconds ?? DEFAULT_UPLOAD_URL_SECONDS,
      });
      return { ...batchProcessViewOf(created.state), uploadUrl };
    });
