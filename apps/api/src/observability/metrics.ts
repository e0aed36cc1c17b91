/**
 * Prometheus metrics (prom-client) on a registry of this service instance, so several instances
 * in one process (tests) do not share counters. Gauges that read the store are collected on
 * scrape: a failing store makes them absent from that scrape rather than failing /metrics.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export interface GaugeSources {
  /** ERP batches per status. */
  readonly batchesByStatus?: () => Promise<ReadonlyArray<{ readonly status: string; readonly count: number }>>;
  /** Jobs waiting or held. */
  readonly queueDepth?: () => Promise<number>;
}

export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<"method" | "route" | "status">;
  readonly requestDuration: Histogram<"method" | "route" | "status">;
  readonly bytesReceived: Counter<"route">;
  readonly jobsProcessed: Counter<"kind" | "outcome">;
}

export const makeMetrics = (sources: GaugeSources = {}): Metrics => {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "batchport" });
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: "batchport_http_requests_total",
    help: "HTTP requests answered, by method, route template and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: "batchport_http_request_duration_seconds",
    help: "Time from the request's arrival to the end of its response",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const bytesReceived = new Counter({
    name: "batchport_http_request_bytes_received_total",
    help: "Request body bytes read, by route template",
    labelNames: ["route"] as const,
    registers: [registry],
  });
  const jobsProcessed = new Counter({
    name: "batchport_jobs_processed_total",
    help: "Background jobs finished by this process, by kind and outcome",
    labelNames: ["kind", "outcome"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "batchport_erp_batches",
    help: "ERP batches by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      if (sources.batchesByStatus === undefined) return;
      this.reset();
      try {
        for (const { status, count } of await sources.batchesByStatus()) this.set({ status }, count);
      } catch {
        // Unreadable now: left empty for this scrape; /readyz reports the store.
      }
    },
  });
  new Gauge({
    name: "batchport_job_queue_depth",
    help: "Background jobs waiting or being processed",
    registers: [registry],
    async collect() {
      if (sources.queueDepth === undefined) return;
      try {
        this.set(await sources.queueDepth());
      } catch {
        this.reset();
      }
    },
  });

  return { registry, requests, requestDuration, bytesReceived, jobsProcessed };
};
