export * from "./payment-batch.state";
export * from "./payment-batch.commands";
export * from "./payment-batch.events";
export * from "./payment-batch.errors";
export * from "./payment-batch.invariants";
export { decide as decidePaymentBatch, lineStatusChangeOutcome, remittanceOf } from "./payment-batch.decide";
export { evolve as evolvePaymentBatch } from "./payment-batch.evolve";
export * from "./payment-batch";
export * from "./payment-batch.resource";
