/**
 * The express application: request context first, then every surface's routes (built once from
 * resolved services; handlers never reach into the container), then the 404 and error answers.
 */
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import { sendProblem } from "./problem";
import { localsOf, requestContext } from "./request-context";
import { answerError, mountRoutes, type MountDeps, type RouteDefinition } from "./route";

export interface HttpAppDeps extends MountDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly routes: ReadonlyArray<RouteDefinition>;
  /** True once shutdown began: responses then ask clients to close their connections. */
  readonly shuttingDown: () => boolean;
  /** Routers that are not JSON operations (the signed blob URLs of the filesystem store). */
  readonly extraRouters?: ReadonlyArray<express.Router>;
}

export const makeHttpApp = (deps: HttpAppDeps): express.Express => {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(requestContext({ logger: deps.logger, metrics: deps.metrics }));
  app.use((_req: Request, res: Response, next: NextFunction) => {
    if (deps.shuttingDown()) res.setHeader("Connection", "close");
    next();
  });
  const router = express.Router({ strict: false, caseSensitive: true });
  mountRoutes(router, deps.routes, deps);
  app.use(router);
  for (const extra of deps.extraRouters ?? []) app.use(extra);
  app.use((req: Request, res: Response) => {
    sendProblem(res, { status: 404, code: "Http.NotFound", detail: `no operation ${req.method} ${req.path}; see /docs` });
  });
  // Errors raised by express itself (a malformed %-escape in a path, ...): 4xx as given, else 500.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error === "object" && error !== null ? Number((error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode) : NaN;
    if (status >= 400 && status < 500) {
      sendProblem(res, { status, code: "Request.Malformed", detail: error instanceof Error ? error.message : "the request is malformed" });
      return;
    }
    answerError(req, res, localsOf(res).log, error);
  });
  return app;
};
