/** Seed 004 `GET /rest/batchProcess?id=` or `?jobId=`: the process, its counts and messages, its children, and a download URL once terminal. */
import { Effect } from "effect";
import type { BatchProcessNotFound } from "../../batch-process/batch-process.errors";
import type { OrganizationId } from "../../kernel";
import type { BlobStore, BlobStoreUnavailable } from "../../ports/blob-store";
import type { StoreUnavailable } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { batchProcessDetailOf, DEFAULT_DOWNLOAD_URL_SECONDS, type BatchProcessDetail } from "./batch-process-detail";
import { loadBatchProcess, type BatchProcessRef } from "./batch-process-store";
import type { EbillStores } from "./ebill-stores";

export interface GetBatchProcessDeps {
  readonly uow: UnitOfWork<Pick<EbillStores, "batchProcesses">>;
  readonly blobs: BlobStore;
  /** How long a download URL stays valid. */
  readonly downloadUrlExpiresInSeconds?: number;
}

export type GetBatchProcessInput = BatchProcessRef & { readonly orgId: OrganizationId };

export type GetBatchProcessError = BatchProcessNotFound | StoreUnavailable | BlobStoreUnavailable;

export const makeGetBatchProcess =
  (deps: GetBatchProcessDeps) =>
  (input: GetBatchProcessInput): Effect.Effect<BatchProcessDetail, GetBatchProcessError> =>
    Effect.gen(function* () {
      const { process, children } = yield* deps.uow.run(({ batchProcesses }) =>
        Effect.gen(function* () {
          const process = yield* loadBatchProcess(batchProcesses, input.orgId, input);
          const children = yield* batchProcesses.childrenOf(input.orgId, process.state.id);
          return { process: process.state, children: children.map((c) => c.state) };
        }),
      );
      return yield* batchProcessDetailOf(deps.blobs, deps.downloadUrlExpiresInSeconds ?? DEFAULT_DOWNLOAD_URL_SECONDS, process, children);
    });
