/**
 * "A job was queued in this process": the HTTP routes say it when an upload queues a batch, and
 * the in-process worker, when there is one, starts on it at once instead of at its next poll.
 * Other processes (a separate `worker` role) still find the job by polling.
 */
export interface JobsQueued {
  readonly notify: () => void;
  readonly subscribe: (listener: () => void) => void;
}

export const makeJobsQueued = (): JobsQueued => {
  const listeners: Array<() => void> = [];
  return {
    notify: () => {
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.push(listener);
    },
  };
};
