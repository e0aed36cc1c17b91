/**
 * The OutboundBatchEmitter port, over the ERP batch repository and item store of the caller's
 * unit of work: the emitting change (an exported AP batch, a finished payment batch) and the
 * outbound batch with its items commit together.
 */
import { Effect, Either, Option } from "effect";
import { decideErpBatch } from "../../erp-batch/erp-batch.decide";
import { evolveErpBatch } from "../../erp-batch/erp-batch.evolve";
import { erpBatchAbsent } from "../../erp-batch/erp-batch.state";
import { fold } from "../../kernel";
import type { ErpBatchStores } from "../../ports/erp-batch-repository";
import type { OutboundBatchEmitter } from "../../ports/outbound";

export const makeOutboundBatchEmitter = (stores: Pick<ErpBatchStores, "erpBatches" | "erpBatchItems">): OutboundBatchEmitter => ({
  emit: ({ orgId, batchId, payloadObjectType, items, at, actor }) =>
    Effect.gen(function* () {
      if (Option.isSome(yield* stores.erpBatches.get(orgId, batchId))) return;
      const decision = decideErpBatch(erpBatchAbsent, { _tag: "EmitOutbound", batchId, orgId, payloadObjectType, itemCount: items.length, at, actor });
      // The batch is erpBatchAbsent and an array length is a whole number, so a refusal is a bug.
      if (Either.isLeft(decision)) return yield* Effect.die(decision.left);
      const state = fold(evolveErpBatch, erpBatchAbsent, decision.right);
      if (state._tag === "Absent") return yield* Effect.dieMessage("EmitOutbound left no batch");
      yield* stores.erpBatches.save({ orgId, id: batchId, state, events: decision.right, expectedVersion: 0 });
      yield* stores.erpBatchItems.putOutboundItems(orgId, batchId, items);
    }),
});
