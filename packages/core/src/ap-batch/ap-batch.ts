/**
 * ApBatch (seed 001): an accounts-payable batch of vouchered invoices.
 *
 *   –                 create (batchNo unique per org)        -> Open
 *   Open, Queued      add invoice (invoice Vouchered)         -> same state; invoice Vouchered -> Batched, joins the batch
 *   Open, Queued      remove invoice (extension)              -> same state; invoice Batched -> Vouchered, leaves the batch
 *   Open              submit to queued                        -> Queued, isScheduledExporting = true
 *   Open, Queued      export (at least one invoice)           -> Exported, invoices Exported, lastExportDate = at,
 *                                                                isScheduledExporting = false, outbound INVOICE batch emitted
 *
 * Refused: create for an existing batch, or with a batchNo already used ("duplicate batchNo");
 * add of an invoice not Vouchered or already in a batch ("Invoice is NOT in the Vouchered status");
 * remove of an invoice not in the batch; submit when Queued ("Specified batch exists in the Queued
 * status."); export of a batch without invoices ("This Batch cannot be exported because it does
 * not contain any invoice."); every life-cycle command once Exported (terminal).
 */
import type { Decider } from "../kernel";
import type { ApBatchCommand } from "./ap-batch.commands";
import { decideApBatch } from "./ap-batch.decide";
import type { ApBatchError } from "./ap-batch.errors";
import type { ApBatchEvent } from "./ap-batch.events";
import { evolveApBatch } from "./ap-batch.evolve";
import { absentApBatch, type ApBatchState } from "./ap-batch.state";

export const apBatchDecider: Decider<ApBatchState, ApBatchCommand, ApBatchEvent, ApBatchError> = {
  initialState: absentApBatch,
  decide: decideApBatch,
  evolve: evolveApBatch,
  isTerminal: (state) => state._tag === "Exported",
};
