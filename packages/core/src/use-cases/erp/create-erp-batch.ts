/**
 * Seed 000 `POST /erp/v1/batches`: creates an inbound batch for block transfer and returns its
 * transfer parameters. Idempotent on clientRefId + referenceId: the same parameters again answer
 * the existing batch (flagged `existing`), other parameters are a conflict.
 */
import { Effect, Option } from "effect";
import type { InboundParameters, TransferSettings } from "../../erp-batch/erp-batch.commands";
import { ErpBatchClientReferenceConflict, type ErpBatchError } from "../../erp-batch/erp-batch.errors";
import type { InboundState, ErpTransferMode } from "../../erp-batch/erp-batch.state";
import type { Actor, OrganizationId } from "../../kernel";
import type { Clock, IdSource } from "../../ports/clock";
import type { ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreError } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { decideAndSave } from "./erp-batch-steps";

export interface CreateErpBatchInput extends InboundParameters {
  readonly orgId: OrganizationId;
  readonly actor: Actor;
}

export interface CreatedErpBatch {
  readonly batch: InboundState;
  /** True when the batch existed already with the same parameters (answer 200, not 201). */
  readonly existing: boolean;
}

export type CreateErpBatchError = ErpBatchError | ErpBatchClientReferenceConflict | StoreError;

/** The names of the parameters in which `batch` differs from a new request for the same client reference. */
export const differingParameters = (
  batch: InboundState,
  request: Omit<InboundParameters, "clientRefId" | "referenceId">,
  transfer: ErpTransferMode,
): ReadonlyArray<string> => {
  const differs: Array<string> = [];
  if (batch.payloadObjectType !== request.payloadObjectType) differs.push("payloadObjectType");
  if (batch.format !== request.format) differs.push("format");
  if (batch.totalPayloadSize !== request.totalPayloadSize) differs.push("totalPayloadSize");
  if (batch.totalLineItemCount !== request.totalLineItemCount) differs.push("totalLineItemCount");
  if (batch.transfer !== transfer) differs.push(transfer === "WHOLE" ? "transfer (created for block transfer)" : "transfer (uploaded whole)");
  return differs;
};

export const clientReferenceConflict = (batch: InboundState, fields: ReadonlyArray<string>) =>
  new ErpBatchClientReferenceConflict({ clientRefId: batch.clientRefId, referenceId: batch.referenceId, batchId: batch.batchId, fields });

export const makeCreateErpBatch =
  (deps: { readonly uow: UnitOfWork<Pick<ErpBatchStores, "erpBatches">>; readonly clock: Clock; readonly ids: IdSource; readonly settings: TransferSettings }) =>
  (input: CreateErpBatchInput): Effect.Effect<CreatedErpBatch, CreateErpBatchError> =>
    deps.uow
      .run(({ erpBatches }) =>
        Effect.gen(function* () {
          const found = yield* erpBatches.findByClientReference(input.orgId, input.clientRefId, input.referenceId);
          if (Option.isSome(found)) {
            const batch = found.value.state;
            const differs = differingParameters(batch, input, "BLOCKS");
            if (differs.length > 0) return yield* Effect.fail(clientReferenceConflict(batch, differs));
            return { batch, existing: true };
          }
          const batchId = yield* deps.ids.uuid;
          const at = yield* deps.clock.now;
          const { orgId, actor, ...parameters } = input;
          const decided = yield* decideAndSave(erpBatches, orgId, { state: { _tag: "Absent" }, version: 0 }, {
            _tag: "CreateForBlockTransfer",
            ...parameters,
            batchId,
            orgId,
            settings: deps.settings,
            at,
            actor,
          });
          return { batch: decided.state as InboundState, existing: false };
        }),
      )
      // A concurrent create of the same client reference won the unique key: answer as a repeat of it.
      .pipe(Effect.retry({ while: (e) => e._tag === "Store.UniqueConflict", times: 1 }));
