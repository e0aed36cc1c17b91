/**
 * PaymentBatch (seed 003, DOMAIN.md "PaymentBatch"): a batch of payment lines that becomes a SEPA
 * credit transfer file (pain.001.001.09, or pain.001.001.03).
 *
 * command                               | allowed in                                   | effect
 * create                                | (Absent)                                     | -> Draft
 * add line                              | Draft                                        |
 * delete line                           | Draft                                        |
 * set financialAccount                  | Draft                                        |
 * set allowExport                       | Draft                                        |
 * set company                           | Draft                                        | takes the new company's next paymentBatchKey; id stays
 * set note / remarks / isActive         | every state but Discarded                    |
 * set custom attributes (batch, line)   | every state but Discarded                    |
 * set line iBAN / swift / instruction   | Draft; a reopened line (Open, not in a file) |
 * set line iBAN / swift / instruction   | Submitted, PartiallyCompleted, FinishedWithErrors, on an Error line | originals kept, line -> Open without exportTransactionId; FinishedWithErrors -> PartiallyCompleted
 * export                                | Draft; PartiallyCompleted with reopened lines | -> Submitted; needs allowExport, a financial account, an Open line without exportTransactionId, every such line SEPA-valid
 * set line status                       | Submitted, PartiallyCompleted (exported lines) | no line Open -> FinishedWithoutErrors (all Success) or FinishedWithErrors; else PartiallyCompleted
 * discard                               | Draft, Submitted                             | -> Discarded
 * delete                                | Draft, Discarded                             | removed (-> Absent)
 *
 * Terminal: FinishedWithErrors, FinishedWithoutErrors (left only by correcting an Error line)
 * and Discarded (left only by deletion).
 */
import type { Decider } from "../kernel/decider";
import type { PaymentBatchCommand } from "./payment-batch.commands";
import { decide } from "./payment-batch.decide";
import type { PaymentBatchError } from "./payment-batch.errors";
import type { PaymentBatchEvent } from "./payment-batch.events";
import { evolve } from "./payment-batch.evolve";
import type { PaymentBatchState } from "./payment-batch.state";

export const isTerminalPaymentBatch = (state: PaymentBatchState): boolean =>
  state._tag === "FinishedWithErrors" || state._tag === "FinishedWithoutErrors" || state._tag === "Discarded";

export const paymentBatchDecider: Decider<PaymentBatchState, PaymentBatchCommand, PaymentBatchEvent, PaymentBatchError> = {
  initialState: { _tag: "Absent" },
  decide,
  evolve,
  isTerminal: isTerminalPaymentBatch,
};
