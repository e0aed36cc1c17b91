/** The operations surface: liveness, readiness, metrics, and the API's own documentation. */
import { Schema } from "effect";
import type { Metrics } from "../../observability/metrics";
import { DOCS_PAGE } from "../docs-page";
import { defineRoute, type RouteDefinition } from "../route";

const Health = Schema.Struct({ status: Schema.Literal("ok") }).annotations({ identifier: "Health" });

const CheckStatus = Schema.Literal("up", "down");
const Readiness = Schema.Struct({
  status: Schema.Literal("ready", "not ready", "shutting down"),
  checks: Schema.Struct({ store: CheckStatus, blobStore: CheckStatus }),
}).annotations({ identifier: "Readiness" });

export interface ReadinessProbe {
  /** Whether each dependency answers now. Never throws. */
  readonly check: () => Promise<{ readonly store: boolean; readonly blobStore: boolean }>;
  readonly shuttingDown: () => boolean;
}

export const operationsRoutes = (deps: {
  readonly readiness: ReadinessProbe;
  readonly metrics: Metrics;
  /** The OpenAPI document, built once the route list is complete. */
  readonly openApi: () => unknown;
}): ReadonlyArray<RouteDefinition> => [
  defineRoute({
    method: "get",
    path: "/healthz",
    operationId: "health",
    summary: "Liveness: the process is up",
    tags: ["Operations"],
    responses: { 200: { description: "Up", schema: Health } },
    handler: async () => ({ status: 200, body: { status: "ok" }, headers: { "Cache-Control": "no-store" } }),
  }),
  defineRoute({
    method: "get",
    path: "/readyz",
    operationId: "readiness",
    summary: "Readiness: the store and the blob store are reachable",
    tags: ["Operations"],
    responses: { 200: { description: "Ready", schema: Readiness }, 503: { description: "Not ready, or shutting down", schema: Readiness } },
    handler: async () => {
      const checks = await deps.readiness.check();
      const up = (ok: boolean) => (ok ? ("up" as const) : ("down" as const));
      const shuttingDown = deps.readiness.shuttingDown();
      const ready = checks.store && checks.blobStore && !shuttingDown;
      return {
        status: ready ? 200 : 503,
        body: { status: shuttingDown ? "shutting down" : ready ? "ready" : "not ready", checks: { store: up(checks.store), blobStore: up(checks.blobStore) } },
        headers: { "Cache-Control": "no-store" },
      };
    },
  }),
  defineRoute({
    method: "get",
    path: "/metrics",
    operationId: "metrics",
    summary: "Prometheus metrics",
    tags: ["Operations"],
    responses: { 200: { description: "Prometheus text exposition format", contentTypes: ["text/plain"] } },
    handler: async () => ({ status: 200, contentType: deps.metrics.registry.contentType, content: await deps.metrics.registry.metrics() }),
  }),
  defineRoute({
    method: "get",
    path: "/openapi.json",
    operationId: "openApi",
    summary: "OpenAPI 3.1 description of every surface",
    tags: ["Operations"],
    responses: { 200: { description: "The OpenAPI document", contentTypes: ["application/json"] } },
    handler: async () => ({ status: 200, contentType: "application/json", content: JSON.stringify(deps.openApi()) }),
  }),
  defineRoute({
    method: "get",
    path: "/docs",
    operationId: "docs",
    summary: "Browsable API documentation",
    tags: ["Operations"],
    responses: { 200: { description: "An HTML page rendering /openapi.json", contentTypes: ["text/html"] } },
    handler: async () => ({ status: 200, contentType: "text/html; charset=utf-8", content: DOCS_PAGE }),
  }),
];
