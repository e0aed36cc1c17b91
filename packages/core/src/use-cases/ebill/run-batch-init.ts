/**
 * Seed 004 `BatchInit`, synchronous: carry forward sets every `Open` document of the chosen types
 * to `CarriedOver`; zeroOutCustomerBalance (*extension*) sets every customer balance of the
 * organization to 0 (and forgets what each document had added, so documents loaded afterwards
 * count in full). Each chosen step is a child process with its own counts; steps not chosen
 * come back absent (the HTTP layer answers their elements empty). Everything commits together.
 */
import { Effect } from "effect";
import type { BatchProcessNotFound } from "../../batch-process/batch-process.errors";
import { BatchInitSteps, carryForwardTypeOf, type BatchInitStep } from "../../batch-process/batch-process.state";
import type { Actor, OrganizationId } from "../../kernel";
import type { BlobStore, BlobStoreUnavailable } from "../../ports/blob-store";
import type { Clock, IdSource } from "../../ports/clock";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { DocumentType } from "../../records/receivable-document";
import { batchProcessDetailOf, DEFAULT_DOWNLOAD_URL_SECONDS, type BatchProcessDetail } from "./batch-process-detail";
import { childOutcomeCommands, decideAndSaveBatchProcess, ensureJobIdFree, jobIdOrNew, type BatchProcessSaveError } from "./batch-process-store";
import type { BatchInitRequest } from "./batch-process-requests";
import type { EbillStores } from "./ebill-stores";

export interface RunBatchInitDeps {
  readonly uow: UnitOfWork<Pick<EbillStores, "batchProcesses" | "customers" | "receivableDocuments">>;
  /** For the (absent) download URLs of the detail: BatchInit processes have no output file. */
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly ids: IdSource;
}

export type RunBatchInitInput = BatchInitRequest & {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
};

export interface BatchInitResult {
  readonly process: BatchProcessDetail;
  /** The chosen steps; a step not chosen is absent. */
  readonly steps: Readonly<Partial<Record<BatchInitStep, BatchProcessDetail>>>;
}

export type RunBatchInitError = BatchProcessNotFound | BatchProcessSaveError | BlobStoreUnavailable;

const chosen = (input: BatchInitRequest): ReadonlyArray<BatchInitStep> =>
  BatchInitSteps.filter((step) => {
    switch (step) {
      case "carryForwardInvoice":
        return input.carryForwardInvoices === true;
      case "carryForwardCreditMemo":
        return input.carryForwardCreditMemos === true;
      case "carryForwardDebitMemo":
        return input.carryForwardDebitMemos === true;
      case "zeroOutCustomerBalance":
        return input.zeroOutCustomerBalance === true;
    }
  });

export const makeRunBatchInit =
  (deps: RunBatchInitDeps) =>
  (input: RunBatchInitInput): Effect.Effect<BatchInitResult, RunBatchInitError> =>
    Effect.gen(function* () {
      const at = yield* deps.clock.now;
      const jobId = yield* jobIdOrNew(input.jobId, deps.ids);
      const { orgId, actor } = input;
      const steps = chosen(input);
      const { parent, children } = yield* deps.uow.run(({ batchProcesses, customers, receivableDocuments }) =>
        Effect.gen(function* () {
          yield* ensureJobIdFree(batchProcesses, orgId, jobId);
          const id = yield* batchProcesses.nextId(orgId);
          const stepIds = yield* Effect.forEach(steps, (step) => Effect.map(batchProcesses.nextId(orgId), (stepId) => ({ step, id: stepId })));
          const started = yield* decideAndSaveBatchProcess(batchProcesses, undefined, { _tag: "StartBatchInit", orgId, id, jobId, steps: stepIds, at, actor });

          const types = steps.flatMap((step) => {
            const type = carryForwardTypeOf(step);
            return type === undefined ? [] : [type];
          });
          const carried: Partial<Record<DocumentType, number>> = types.length === 0 ? {} : yield* receivableDocuments.carryForward(orgId, types, at);
          let zeroed = 0;
          if (steps.includes("zeroOutCustomerBalance")) {
            zeroed = yield* customers.zeroOutBalances(orgId, at);
            yield* receivableDocuments.forgetAppliedBalances(orgId, at);
          }

          const children = yield* Effect.forEach(stepIds, ({ step, id: stepId }) => {
            const type = carryForwardTypeOf(step);
            const count = type === undefined ? zeroed : (carried[type] ?? 0);
            return decideAndSaveBatchProcess(
              batchProcesses,
              undefined,
              { _tag: "StartBatchInitStep", orgId, id: stepId, step, parent: { id, jobId }, at, actor },
              { _tag: "Complete", rowsRead: count, successCount: count, failCount: 0, at, actor },
            );
          });
          const parent = yield* decideAndSaveBatchProcess(
            batchProcesses,
            started,
            ...childOutcomeCommands(children.map((c) => c.state), at, actor),
            { _tag: "Complete", rowsRead: 0, successCount: 0, failCount: 0, at, actor },
          );
          return { parent: parent.state, children: children.map((c) => c.state) };
        }),
      );
      const process = yield* batchProcessDetailOf(deps.blobs, DEFAULT_DOWNLOAD_URL_SECONDS, parent, children);
      const byStep: Partial<Record<BatchInitStep, BatchProcessDetail>> = {};
      for (const child of process.children) {
        if (child.step !== undefined) byStep[child.step] = child;
      }
      return { process, steps: byStep };
    });
