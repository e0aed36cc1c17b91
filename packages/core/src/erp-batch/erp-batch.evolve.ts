import type { Actor, Instant } from "../kernel";
import type { ErpBatchEvent } from "./erp-batch.events";
import { type ErpBatchState, type InboundHeader, isInboundErpBatch, isOutboundErpBatch } from "./erp-batch.state";
import { unionRanges } from "./item-ranges";

const touched = <S extends { readonly updatedAt: Instant; readonly updatedBy: Actor }>(state: S, event: { readonly at: Instant; readonly actor: Actor }): S => ({
  ...state,
  updatedAt: event.at,
  updatedBy: event.actor,
});

/** Only applies facts: an event that does not fit the state (it cannot come from decide) leaves it unchanged. */
export const evolveErpBatch = (state: ErpBatchState, event: ErpBatchEvent): ErpBatchState => {
  switch (event._tag) {
    case "InboundBatchCreated": {
      const { _tag, at, actor, ...fields } = event;
      const header: InboundHeader = { ...fields, receivedBlocks: {}, createdAt: at, createdBy: actor, updatedAt: at, updatedBy: actor };
      return { ...header, _tag: "AwaitingData" };
    }
    case "OutboundBatchEmitted": {
      const { _tag, at, actor, ...fields } = event;
      return { ...fields, _tag: "OutboundPending", createdAt: at, createdBy: actor, updatedAt: at, updatedBy: actor };
    }
  }
  if (isInboundErpBatch(state)) {
    switch (event._tag) {
      case "BlockReceived":
        if (state._tag !== "AwaitingData" && state._tag !== "Receiving") return state;
        return {
          ...touched(state, event),
          _tag: "Receiving",
          receivedBlocks: { ...state.receivedBlocks, [String(event.blockNumber)]: event.digest },
        };
      case "BatchQueued":
        return state._tag === "Receiving" ? { ...touched(state, event), _tag: "Queued", queuedAt: event.at } : state;
      case "BatchCancelled":
        return state._tag === "AwaitingData" || state._tag === "Receiving"
          ? { ...touched(state, event), _tag: "Cancelled", completedAt: event.at }
          : state;
      case "ProcessingStarted":
        return state._tag === "Queued" ? { ...touched(state, event), _tag: "Processing", processingStartedAt: event.at } : state;
      case "ProcessingCompleted":
        return state._tag === "Processing"
          ? {
              ...touched(state, event),
              _tag: event.itemCounts.failed === 0 ? "CompleteSuccess" : "CompleteWithErrors",
              itemCounts: event.itemCounts,
              completedAt: event.at,
            }
          : state;
      case "ProcessingFailed":
        return state._tag === "Processing"
          ? { ...touched(state, event), _tag: "Failed", failure: { reason: event.reason, errors: event.errors }, completedAt: event.at }
          : state;
      default:
        return state;
    }
  }
  if (isOutboundErpBatch(state)) {
    switch (event._tag) {
      case "ItemsAcknowledged":
        return state._tag === "OutboundComplete"
          ? state
          : {
              ...touched(state, event),
              _tag: "OutboundPartialPending",
              acknowledged: unionRanges(state._tag === "OutboundPartialPending" ? state.acknowledged : [], event.items),
            };
      case "OutboundBatchCompleted": {
        if (state._tag === "OutboundComplete") return state;
        const { batchId, orgId, payloadObjectType, itemCount, createdAt, createdBy } = state;
        return { batchId, orgId, payloadObjectType, itemCount, createdAt, createdBy, updatedAt: event.at, updatedBy: event.actor, _tag: "OutboundComplete", completedAt: event.at };
      }
      default:
        return state;
    }
  }
  return state;
};
