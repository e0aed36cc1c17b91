/**
 * The modules that turn resolved ports into the running service: metrics, the HTTP application
 * (its route list built once from resolved use cases) and the worker.
 */
import { ContainerModule } from "inversify";
import { Effect } from "effect";
import { makeRecordDecoder } from "@batch/codecs";
import { makeHttpApp } from "../http/app";
import { makeIdempotencyGuard } from "../http/idempotency";
import { buildOpenApi } from "../http/openapi";
import { batchProcessRoutes } from "../http/routes/batch-process-routes";
import { erpRoutes } from "../http/routes/erp-routes";
import { odataNotFound, odataRoutes } from "../http/routes/odata-routes";
import { jsonUploadRoutes } from "../http/routes/json-upload-routes";
import { oauthRoutes } from "../http/routes/oauth-routes";
import { operationsRoutes } from "../http/routes/operations-routes";
import { paymentRoutes } from "../http/routes/payment-routes";
import type { RouteDefinition } from "../http/route";
import { makeMetrics } from "../observability/metrics";
import { makeJobWorker } from "../worker/job-worker";
import { bindService, resolve } from "./token";
import { Tokens } from "./tokens";

export const API_VERSION = "0.1.0";

export const metricsModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.Metrics, async (ctx) => {
    const queue = await resolve(ctx, Tokens.JobQueue);
    return makeMetrics({ queueDepth: () => Effect.runPromise(queue.depth), batchesByStatus: await resolve(ctx, Tokens.BatchStatusCounts) });
  });
});

export const httpModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.Routes, async (ctx) => {
    const metrics = await resolve(ctx, Tokens.Metrics);
    const storePing = await resolve(ctx, Tokens.StorePing);
    const blobs = await resolve(ctx, Tokens.BlobStore);
    const lifecycle = await resolve(ctx, Tokens.Lifecycle);
    const publicUrl = await resolve(ctx, Tokens.PublicUrl);
    const routes: Array<RouteDefinition> = [];
    let openApi: unknown;
    routes.push(
      ...operationsRoutes({
        metrics,
        readiness: {
          check: async () => {
            const [store, blobStore] = await Promise.all([storePing.ping(), Effect.runPromise(blobs.ping)]);
            return { store, blobStore };
          },
          shuttingDown: () => lifecycle.shuttingDown,
        },
        openApi: () =>
          (openApi ??= buildOpenApi(routes, {
            title: "Batchport API",
            version: API_VERSION,
            description: "ERP batch integration: block and whole uploads, outbound batches, AP batches, e-billing imports and payment batches.",
            serverUrl: publicUrl,
          })),
      }),
      ...oauthRoutes({ identity: await resolve(ctx, Tokens.Identity), tokens: await resolve(ctx, Tokens.AccessTokens) }),
      ...erpRoutes({
        useCases: await resolve(ctx, Tokens.ErpUseCases),
        metrics,
        maxPayloadSize: (await resolve(ctx, Tokens.Config)).maxPayloadSize,
        publicUrl,
        batchQueued: (await resolve(ctx, Tokens.JobsQueued)).notify,
      }),
      ...odataRoutes({ useCases: await resolve(ctx, Tokens.ODataUseCases), publicUrl, pageSize: (await resolve(ctx, Tokens.Config)).odataPageSize }),
      ...paymentRoutes({
        useCases: await resolve(ctx, Tokens.PaymentUseCases),
        authenticator: await resolve(ctx, Tokens.Authenticator),
        decoder: makeRecordDecoder(),
        publicUrl,
        maxReportSize: (await resolve(ctx, Tokens.Config)).maxPayloadSize,
      }),
      ...jsonUploadRoutes({ useCases: await resolve(ctx, Tokens.JsonUploadUseCases), maxBytes: (await resolve(ctx, Tokens.Config)).jsonUploadMaxBytes }),
      ...batchProcessRoutes({ useCases: await resolve(ctx, Tokens.BatchProcessUseCases), processQueued: (await resolve(ctx, Tokens.JobsQueued)).notify }),
    );
    return routes;
  });

  bindService(bind, Tokens.HttpApp, async (ctx) => {
    const lifecycle = await resolve(ctx, Tokens.Lifecycle);
    return makeHttpApp({
      logger: await resolve(ctx, Tokens.Logger),
      metrics: await resolve(ctx, Tokens.Metrics),
      authenticator: await resolve(ctx, Tokens.Authenticator),
      idempotency: makeIdempotencyGuard({ store: await resolve(ctx, Tokens.IdempotencyStore), clock: await resolve(ctx, Tokens.Clock) }),
      maxPayloadSize: (await resolve(ctx, Tokens.Config)).maxPayloadSize,
      routes: await resolve(ctx, Tokens.Routes),
      extraRouters: [await resolve(ctx, Tokens.SignedBlobRouter), odataNotFound()].flatMap((router) => (router === undefined ? [] : [router])),
      shuttingDown: () => lifecycle.shuttingDown,
    });
  });
});

export const workerModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.Worker, async (ctx) => {
    const config = await resolve(ctx, Tokens.Config);
    return makeJobWorker({
      queue: await resolve(ctx, Tokens.JobQueue),
      clock: await resolve(ctx, Tokens.Clock),
      logger: await resolve(ctx, Tokens.Logger),
      metrics: await resolve(ctx, Tokens.Metrics),
      handlers: await resolve(ctx, Tokens.JobHandlers),
      leaseMs: config.jobLeaseSeconds * 1000,
    });
  }).onDeactivation((worker) => worker.stop());
});
