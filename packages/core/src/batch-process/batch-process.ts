/**
 * BatchProcess (seed 004, and the JSON upload of seed 002): a tracked unit of receivable import
 * or period work. Transition table of DOMAIN.md, one edge per line:
 *
 *   –          upload URL generated (CreateUpload)                   → Draft
 *   Draft      finalized, input file present (Finalize)              → Queued
 *   Queued     a worker claims it (Claim)                            → Processing
 *   Processing every row applied (Complete)                          → Success
 *   Processing some rows failed, some applied (Complete)             → PartialSuccess
 *   Processing file unreadable, or no row applied (Complete)         → Failed
 *
 * and the edges the table implies for processes that run at once:
 *
 *   –          JSON upload received (StartJsonImport)                → Processing
 *   –          BatchInit requested (StartBatchInit)                  → Processing
 *   –          BatchInit step chosen (StartBatchInitStep)            → Processing
 *   Draft      Invoice Line Item file attached (AttachChild)         → Draft
 *   Processing a child ended (RecordChildOutcome)                    → Processing
 *
 * Status numbers: 1 Draft, 2 Queued and Processing, 3 Success, 4 PartialSuccess, 5 Failed.
 * Terminal: Success, PartialSuccess, Failed; they refuse every command.
 */
import type { Decider } from "../kernel";
import type { BatchProcessCommand } from "./batch-process.commands";
import { decide } from "./batch-process.decide";
import type { BatchProcessError } from "./batch-process.errors";
import type { BatchProcessEvent } from "./batch-process.events";
import { evolve } from "./batch-process.evolve";
import { absentBatchProcess, isTerminalBatchProcess, type BatchProcessState } from "./batch-process.state";

export const batchProcessDecider: Decider<BatchProcessState, BatchProcessCommand, BatchProcessEvent, BatchProcessError> = {
  initialState: absentBatchProcess,
  decide,
  evolve,
  isTerminal: isTerminalBatchProcess,
};
