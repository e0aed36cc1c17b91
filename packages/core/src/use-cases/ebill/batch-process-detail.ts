/** A process as the status request answers it: its view, a download URL once terminal, and its children. */
import { Effect } from "effect";
import type { BatchInitStep, ExistingBatchProcess } from "../../batch-process/batch-process.state";
import { isTerminalBatchProcess } from "../../batch-process/batch-process.state";
import { batchProcessViewOf, type BatchProcessView } from "../../batch-process/batch-process.view";
import type { BlobStore, BlobStoreUnavailable } from "../../ports/blob-store";

export type BatchProcessDetail = BatchProcessView & {
  /** Signed GET URL of the output CSV; only in the terminal statuses (seed: empty for 1 and 2). */
  readonly downloadUrl?: string;
  /** The BatchInit step this process is, for BatchInit children. */
  readonly step?: BatchInitStep;
  readonly children: ReadonlyArray<BatchProcessDetail>;
};

export const DEFAULT_DOWNLOAD_URL_SECONDS = 3600;

/** `children` are the states of the process's children (any order; shown in id order). */
export const batchProcessDetailOf = (
  blobs: BlobStore,
  expiresInSeconds: number,
  state: ExistingBatchProcess,
  children: ReadonlyArray<ExistingBatchProcess> = [],
): Effect.Effect<BatchProcessDetail, BlobStoreUnavailable> =>
  Effect.gen(function* () {
    const downloadUrl =
      isTerminalBatchProcess(state) && state.outputKey !== undefined
        ? yield* blobs.signedUrl(state.outputKey, { method: "GET", expiresInSeconds })
        : undefined;
    const childDetails = yield* Effect.forEach(
      [...children].sort((a, b) => a.id - b.id),
      (child) => batchProcessDetailOf(blobs, expiresInSeconds, child),
    );
    return {
      ...batchProcessViewOf(state),
      ...("step" in state.definition ? { step: state.definition.step } : {}),
      ...(downloadUrl === undefined ? {} : { downloadUrl }),
      children: childDetails,
    };
  });
