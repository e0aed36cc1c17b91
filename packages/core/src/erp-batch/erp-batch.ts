/**
 * ErpBatch (seed 000): a batch of records of one payloadObjectType exchanged with an ERP.
 *
 * Inbound (DOMAIN.md):
 *   –                            created for block transfer          -> AWAITING_DATA
 *   –                            uploaded whole (payload stored)     -> QUEUED
 *   AWAITING_DATA                first block received                -> RECEIVING
 *   RECEIVING                    block received, blocks still missing -> RECEIVING
 *   AWAITING_DATA, RECEIVING     last missing block received         -> QUEUED
 *   QUEUED                       a worker claims it                  -> PROCESSING
 *   PROCESSING                   every item applied                  -> COMPLETE_SUCCESS
 *   PROCESSING                   some items rejected, the rest applied -> COMPLETE_WITH_ERRORS
 *   PROCESSING                   payload unreadable, wrong item count, wrong total size -> FAILED (nothing applied)
 *   AWAITING_DATA, RECEIVING     cancelled by the client             -> CANCELLED
 *   Terminal: COMPLETE_SUCCESS, COMPLETE_WITH_ERRORS, FAILED, CANCELLED.
 *
 * Outbound:
 *   –                            emitted                             -> PENDING
 *   PENDING, PARTIAL_PENDING     some items acknowledged, others not yet -> PARTIAL_PENDING
 *   PENDING, PARTIAL_PENDING     every item acknowledged             -> COMPLETE_SUCCESS
 *   Terminal: COMPLETE_SUCCESS.
 *
 * A block received again with the same digest changes nothing in any state (decide accepts it
 * with no events); every other command in a terminal state is refused.
 */
import type { Decider } from "../kernel";
import type { ErpBatchCommand } from "./erp-batch.commands";
import { decideErpBatch } from "./erp-batch.decide";
import type { ErpBatchError } from "./erp-batch.errors";
import type { ErpBatchEvent } from "./erp-batch.events";
import { evolveErpBatch } from "./erp-batch.evolve";
import { erpBatchAbsent, type ErpBatchState } from "./erp-batch.state";

const TERMINAL: ReadonlySet<ErpBatchState["_tag"]> = new Set([
  "CompleteSuccess",
  "CompleteWithErrors",
  "Failed",
  "Cancelled",
  "OutboundComplete",
]);

export const isTerminalErpBatch = (state: ErpBatchState): boolean => TERMINAL.has(state._tag);

export const erpBatchDecider: Decider<ErpBatchState, ErpBatchCommand, ErpBatchEvent, ErpBatchError> = {
  initialState: erpBatchAbsent,
  decide: decideErpBatch,
  evolve: evolveErpBatch,
  isTerminal: isTerminalErpBatch,
};
