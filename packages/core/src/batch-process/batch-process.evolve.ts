/** BatchProcess evolution: applies one fact. An event that does not fit the state changes nothing. */
import type { BatchProcessEvent } from "./batch-process.events";
import type { BatchProcessState } from "./batch-process.state";

export const evolve = (state: BatchProcessState, event: BatchProcessEvent): BatchProcessState => {
  const touched = { updatedAt: event.at, updatedBy: event.actor };
  switch (event._tag) {
    case "UploadCreated":
    case "Started": {
      if (state._tag !== "Absent") return state;
      const header = {
        orgId: event.orgId,
        id: event.id,
        ...(event.jobId === undefined ? {} : { jobId: event.jobId }),
        definition: event.definition,
        ...(event.parent === undefined ? {} : { parent: event.parent }),
        createdAt: event.at,
        createdBy: event.actor,
        ...touched,
      };
      return event._tag === "UploadCreated"
        ? { _tag: "Draft", ...header, children: [] }
        : { _tag: "Processing", ...header, children: event.children, startedAt: event.at };
    }
    case "ChildAttached":
      return state._tag === "Draft" ? { ...state, children: [...state.children, event.child], ...touched } : state;
    case "Finalized":
      return state._tag === "Draft" ? { ...state, _tag: "Queued", queuedAt: event.at, ...touched } : state;
    case "Claimed":
      return state._tag === "Queued" ? { ...state, _tag: "Processing", startedAt: event.at, ...touched } : state;
    case "ChildOutcomeRecorded":
      return state._tag === "Processing"
        ? {
            ...state,
            children: state.children.map((child) => (child.id === event.childId ? { ...child, status: event.status } : child)),
            ...touched,
          }
        : state;
    case "Completed":
      return state._tag === "Processing"
        ? {
            ...state,
            _tag: event.status,
            rowsRead: event.rowsRead,
            successCount: event.successCount,
            failCount: event.failCount,
            ...(event.outputKey === undefined ? {} : { outputKey: event.outputKey }),
            ...(event.failure === undefined ? {} : { failure: event.failure }),
            completedAt: event.at,
            ...touched,
          }
        : state;
  }
};
