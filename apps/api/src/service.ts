/**
 * Starting and stopping the service. The HTTP socket is bound first (answering 503 until the
 * application is ready), so a port already in use stops the start before any migration runs and
 * the bound port is known for the default BATCH_PUBLIC_URL; then the container opens the stores
 * (migrating them), the bootstrap client is created on an empty store, and the role's parts start.
 *
 * Stopping: readiness turns 503 and responses ask clients to close their connections; the server
 * stops accepting and lets in-flight requests finish (up to BATCH_SHUTDOWN_TIMEOUT_SECONDS); the
 * worker interrupts its job and releases the lease; then every resource closes. Each step has a
 * bound, so a stop always ends within BATCH_SHUTDOWN_TIMEOUT_SECONDS + CLOSE_TIMEOUT_MS, whatever
 * is in flight: a job that does not end within the grace period is left to its lease (another
 * worker takes it over when the lease runs out), and resources still closing at the end are left
 * to the process's exit.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Container, ContainerModule } from "inversify";
import { Effect, Option } from "effect";
import type { Config } from "./config";
import { blobModule } from "./composition/blob-module";
import { identityModule } from "./composition/identity-module";
import { httpModule, metricsModule, workerModule } from "./composition/service-modules";
import { storageModule } from "./composition/storage-module";
import { randomIds, systemClock } from "./composition/system";
import { resolve } from "./composition/token";
import { Tokens, type Lifecycle } from "./composition/tokens";
import { erpModule } from "./composition/erp-module";
import { odataModule } from "./composition/odata-module";
import { paymentModule } from "./composition/payment-module";
import { receivablesModule } from "./composition/receivables-module";
import { bootstrapIdentity, type BootstrapClient } from "./identity/bootstrap";
import { listen, type RunningServer } from "./http/http-server";
import { requestIdOf } from "./http/request-context";
import { makeLogger, type Logger } from "./observability/logger";
import { settledWithin } from "./settled-within";
import { makeJobsQueued } from "./worker/jobs-queued";

export interface RunningService {
  readonly container: Container;
  /** The bound HTTP port (roles all and api). */
  readonly port?: number;
  readonly publicUrl: string;
  /** The bootstrap client created at this start, if the store had none. */
  readonly bootstrap?: BootstrapClient;
  readonly stop: () => Promise<void>;
}

export interface StartOptions {
  readonly logger?: Logger;
  /** Host to bind (default: all interfaces). */
  readonly host?: string;
}

/** How long closing the store and the blob store may take once requests and the worker have ended. */
export const CLOSE_TIMEOUT_MS = 10_000;

const notReady = (req: IncomingMessage, res: ServerResponse) => {
  res.setHeader("X-Request-Id", requestIdOf(req.headers["x-request-id"]));
  res.statusCode = 503;
  res.setHeader("Content-Type", "application/problem+json");
  res.setHeader("Retry-After", "1");
  res.end(JSON.stringify({ type: "urn:batchport:problem:Service.Starting", title: "Service Unavailable", status: 503, detail: "the service is starting", code: "Service.Starting" }));
};

export const startService = async (config: Config, options: StartOptions = {}): Promise<RunningService> => {
  const logger = options.logger ?? makeLogger(config.logLevel);
  const lifecycle: Lifecycle = { shuttingDown: false };
  const serves = config.role !== "worker";
  const works = config.role !== "api";

  let handler: (req: IncomingMessage, res: ServerResponse) => void = notReady;
  const server: RunningServer | undefined = serves ? await listen((req, res) => handler(req, res), config.port, options.host) : undefined;
  const publicUrl = config.publicUrl ?? `http://127.0.0.1:${server?.port ?? config.port}`;

  const jobsQueued = makeJobsQueued();
  const container = new Container({ defaultScope: "Singleton" });
  const baseModule = new ContainerModule(({ bind }) => {
    bind(Tokens.Config).toConstantValue(config);
    bind(Tokens.Logger).toConstantValue(logger);
    bind(Tokens.Clock).toConstantValue(systemClock);
    bind(Tokens.Ids).toConstantValue(randomIds);
    bind(Tokens.PublicUrl).toConstantValue(publicUrl);
    bind(Tokens.Lifecycle).toConstantValue(lifecycle);
    bind(Tokens.JobsQueued).toConstantValue(jobsQueued);
  });
  try {
    await container.loadAsync(baseModule, storageModule, blobModule, identityModule, metricsModule, erpModule, odataModule, paymentModule, receivablesModule, httpModule, workerModule);

    const created = await Effect.runPromise(
      bootstrapIdentity({
        store: await resolve(container, Tokens.IdentityStore),
        identity: await resolve(container, Tokens.Identity),
        ...(config.bootstrap === undefined ? {} : { credentials: config.bootstrap }),
      }),
    );
    const bootstrap = Option.getOrUndefined(created);
    if (bootstrap !== undefined) {
      logger.info({ tenant: bootstrap.tenantKey, org: bootstrap.orgKey, apiKey: bootstrap.apiKey, generated: bootstrap.generated }, "bootstrap API client created");
    }

    if (server !== undefined) {
      const app = await resolve(container, Tokens.HttpApp);
      handler = app;
    }
    const worker = works ? await resolve(container, Tokens.Worker) : undefined;
    worker?.start();
    if (worker !== undefined) jobsQueued.subscribe(worker.wake);
    logger.info({ role: config.role, port: server?.port, publicUrl }, "batchport started");

    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        lifecycle.shuttingDown = true;
        logger.info("shutting down");
        const graceMs = config.shutdownTimeoutSeconds * 1000;
        const [finished, workerEnded] = await Promise.all([
          server?.close(graceMs) ?? Promise.resolve(true),
          worker === undefined ? Promise.resolve(true) : settledWithin(worker.stop(), graceMs),
        ]);
        if (!finished) logger.warn({ graceMs }, "requests still running at the end of the grace period were cut");
        if (!workerEnded) logger.warn({ graceMs }, "the running job did not end within the grace period; its lease runs out and another worker takes it over");
        if (!(await settledWithin(container.unbindAllAsync(), CLOSE_TIMEOUT_MS))) {
          logger.warn({ closeTimeoutMs: CLOSE_TIMEOUT_MS }, "the store and blob store did not close in time; the process's exit closes them");
        }
        logger.info("stopped");
        logger.flush();
      })());

    return { container, ...(server === undefined ? {} : { port: server.port }), publicUrl, ...(bootstrap === undefined ? {} : { bootstrap }), stop };
  } catch (error) {
    await server?.close(0);
    await container.unbindAllAsync().catch(() => undefined);
    throw error;
  }
};
