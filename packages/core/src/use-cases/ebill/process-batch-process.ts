/**
 * The worker's part of seed 004: processes a queued CSV import. The parent's own rows first, then
 * each Invoice Line Item child after them (so a line item finds the invoices of its parent file in
 * the books), each child ending with its own status and output file; the parent ends last, its
 * status from its own rows.
 *
 * Safe to run again after a crash: a process already terminal is returned as it is, a child
 * already terminal is not read again, and rows applied twice leave the same books (appliers are
 * idempotent); the output file of a re-run replaces the earlier one whole.
 */
import { Effect } from "effect";
import { batchProcessOutputKey } from "../../batch-process/batch-process.blob-keys";
import { BatchProcessCommandInvalid, type BatchProcessNotFound } from "../../batch-process/batch-process.errors";
import { isCsvImport, isTerminalBatchProcess, type ExistingBatchProcess } from "../../batch-process/batch-process.state";
import type { Actor, OrganizationId } from "../../kernel";
import type { BlobStore, BlobStoreUnavailable } from "../../ports/blob-store";
import type { Clock } from "../../ports/clock";
import type { RecordDecoder, ResultFileWriter } from "../../ports/codecs";
import type { Versioned } from "../../ports/repository";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { batchProcessDetailOf, DEFAULT_DOWNLOAD_URL_SECONDS, type BatchProcessDetail } from "./batch-process-detail";
import { childOutcomeCommands, decideAndSaveBatchProcess, loadBatchProcess, type BatchProcessSaveError } from "./batch-process-store";
import type { EbillStores } from "./ebill-stores";
import { importBatchProcessFile, type FileImportError, type FileImportOutcome } from "./file-import";

export interface ProcessBatchProcessDeps {
  readonly uow: UnitOfWork<Omit<EbillStores, "jobs">>;
  readonly blobs: BlobStore;
  readonly decoder: RecordDecoder;
  readonly resultWriter: ResultFileWriter;
  readonly clock: Clock;
  /** Rows per unit of work (default 500). */
  readonly chunkSize?: number;
}

export interface ProcessBatchProcessInput {
  readonly orgId: OrganizationId;
  /** The process the job names; a child's id processes its parent (children are processed with it). */
  readonly id: number;
  /** Who the worker acts as, for the audit fields. */
  readonly actor: Actor;
}

export type ProcessBatchProcessError = BatchProcessNotFound | BatchProcessSaveError | FileImportError | BlobStoreUnavailable;

const DEFAULT_CHUNK_SIZE = 500;

export const makeProcessBatchProcess = (deps: ProcessBatchProcessDeps) => {
  const fileDeps = { ...deps, chunkSize: deps.chunkSize ?? DEFAULT_CHUNK_SIZE };

  /** Imports a process's own file and returns what Complete needs. */
  const importRows = (state: ExistingBatchProcess) =>
    Effect.gen(function* () {
      if (!isCsvImport(state.definition)) {
        return yield* Effect.fail(new BatchProcessCommandInvalid({ message: `BatchProcess ${state.id} has no input file for a worker to read` }));
      }
      const outputKey = yield* Effect.orDie(batchProcessOutputKey(state.orgId, state.id));
      const outcome: FileImportOutcome = yield* importBatchProcessFile(fileDeps, {
        orgId: state.orgId,
        at: yield* deps.clock.now,
        subOperation: state.definition.subOperation,
        inputKey: state.definition.inputKey,
        outputKey,
      });
      return { ...outcome, outputKey };
    });

  /** Loads the process tree and claims what is still Queued. */
  const claim = (input: ProcessBatchProcessInput) =>
    deps.uow.run(({ batchProcesses }) =>
      Effect.gen(function* () {
        const named = yield* loadBatchProcess(batchProcesses, input.orgId, { id: input.id });
        const root = named.state.parent === undefined ? named : yield* loadBatchProcess(batchProcesses, input.orgId, { id: named.state.parent.id });
        if (isTerminalBatchProcess(root.state)) return root.state;
        const at = yield* deps.clock.now;
        const claimIfQueued = (p: Versioned<ExistingBatchProcess>) =>
          p.state._tag === "Processing" ? Effect.succeed(p) : decideAndSaveBatchProcess(batchProcesses, p, { _tag: "Claim", at, actor: input.actor });
        const parent = yield* claimIfQueued(root);
        for (const child of yield* batchProcesses.childrenOf(input.orgId, parent.state.id)) {
          if (!isTerminalBatchProcess(child.state)) yield* claimIfQueued(child);
        }
        return parent.state;
      }),
    );

  return (input: ProcessBatchProcessInput): Effect.Effect<BatchProcessDetail, ProcessBatchProcessError> =>
    Effect.gen(function* () {
      const { orgId, actor } = input;
      const parent = yield* claim(input);
      if (!isTerminalBatchProcess(parent)) {
        const own = yield* importRows(parent);
        for (const entry of parent.children) {
          const child = yield* deps.uow.run(({ batchProcesses }) => loadBatchProcess(batchProcesses, orgId, { id: entry.id }));
          if (isTerminalBatchProcess(child.state)) continue;
          const outcome = yield* importRows(child.state);
          const at = yield* deps.clock.now;
          yield* deps.uow.run(({ batchProcesses }) =>
            Effect.flatMap(loadBatchProcess(batchProcesses, orgId, { id: entry.id }), (current) =>
              isTerminalBatchProcess(current.state) ? Effect.succeed(current) : decideAndSaveBatchProcess(batchProcesses, current, { _tag: "Complete", ...outcome, at, actor }),
            ),
          );
        }
        const at = yield* deps.clock.now;
        yield* deps.uow.run(({ batchProcesses }) =>
          Effect.gen(function* () {
            const current = yield* loadBatchProcess(batchProcesses, orgId, { id: parent.id });
            if (isTerminalBatchProcess(current.state)) return current;
            const children = yield* batchProcesses.childrenOf(orgId, parent.id);
            const recorded = childOutcomeCommands(children.map((c) => c.state), at, actor);
            return yield* decideAndSaveBatchProcess(batchProcesses, current, ...recorded, { _tag: "Complete", ...own, at, actor });
          }),
        );
      }
      const { process, children } = yield* deps.uow.run(({ batchProcesses }) =>
        Effect.all({ process: loadBatchProcess(batchProcesses, orgId, { id: parent.id }), children: batchProcesses.childrenOf(orgId, parent.id) }),
      );
      return yield* batchProcessDetailOf(deps.blobs, DEFAULT_DOWNLOAD_URL_SECONDS, process.state, children.map((c) => c.state));
    });
};
