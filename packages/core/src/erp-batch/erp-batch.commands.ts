/** ErpBatch commands: each carries the time, the actor and any new id (the core reads no clock). */
import type { Actor, Instant, OrganizationId } from "../kernel";
import type { PayloadFormat } from "../ports/codecs";
import type { PayloadObjectType } from "../records/payload-object-type";
import type { ErpBatchFailureReason, ErpBatchItemCounts, Sha256Hex } from "./erp-batch.state";
import type { FieldError } from "../kernel";

interface CommandBase {
  /** The batch the command is for (a new id for the create commands). */
  readonly batchId: string;
  readonly at: Instant;
  readonly actor: Actor;
}

/** The creation parameters a client chooses; the same clientRefId+referenceId must repeat them exactly. */
export interface InboundParameters {
  readonly clientRefId: string;
  readonly referenceId: string;
  readonly payloadObjectType: PayloadObjectType;
  readonly format: PayloadFormat;
  readonly totalPayloadSize: number;
  readonly totalLineItemCount?: number;
}

/** Server settings that bound a new batch. */
export interface TransferSettings {
  /** BATCH_DATA_BLOCK_SIZE: the block size of batches created for block transfer. */
  readonly dataBlockSize: number;
  /** BATCH_MAX_PAYLOAD_SIZE: the largest totalPayloadSize accepted. */
  readonly maxPayloadSize: number;
}

export interface CreateForBlockTransfer extends CommandBase, InboundParameters {
  readonly _tag: "CreateForBlockTransfer";
  readonly orgId: OrganizationId;
  readonly settings: TransferSettings;
}

/** A whole payload already stored (as block 1); the batch is created straight into QUEUED. */
export interface CreateUploadedWhole extends CommandBase, InboundParameters {
  readonly _tag: "CreateUploadedWhole";
  readonly orgId: OrganizationId;
  readonly settings: Pick<TransferSettings, "maxPayloadSize">;
  /** Bytes actually received, and their digest. */
  readonly receivedSize: number;
  readonly digest: Sha256Hex;
}

export interface ReceiveBlock extends CommandBase {
  readonly _tag: "ReceiveBlock";
  readonly blockNumber: number;
  /** Bytes actually received, and their digest. */
  readonly size: number;
  readonly digest: Sha256Hex;
}

export interface CancelBatch extends CommandBase {
  readonly _tag: "CancelBatch";
}

export interface StartProcessing extends CommandBase {
  readonly _tag: "StartProcessing";
}

export interface CompleteProcessing extends CommandBase {
  readonly _tag: "CompleteProcessing";
  readonly itemCounts: ErpBatchItemCounts;
}

export interface FailProcessing extends CommandBase {
  readonly _tag: "FailProcessing";
  readonly reason: ErpBatchFailureReason;
  readonly errors: ReadonlyArray<FieldError>;
}

export interface EmitOutbound extends CommandBase {
  readonly _tag: "EmitOutbound";
  readonly orgId: OrganizationId;
  readonly payloadObjectType: PayloadObjectType;
  readonly itemCount: number;
}

export interface AcknowledgeItems extends CommandBase {
  readonly _tag: "AcknowledgeItems";
  /** The item numbers acknowledged; erpBatchAbsent means every item. */
  readonly itemNumbers?: ReadonlyArray<number>;
}

export type ErpBatchCommand =
  | CreateForBlockTransfer
  | CreateUploadedWhole
  | ReceiveBlock
  | CancelBatch
  | StartProcessing
  | CompleteProcessing
  | FailProcessing
  | EmitOutbound
  | AcknowledgeItems;
