/**
 * Every request gets an id (the client's `X-Request-Id` when it sent a usable one), echoed on
 * the response, carried by every log line written while serving it, and one summary log line
 * and metric sample when its response ends.
 */
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";

export interface RequestLocals {
  requestId: string;
  log: Logger;
  /** The route template (`/erp/v1/batches/{batchId}`) once matched; metrics label by it, not by the raw path. */
  route?: string;
}

export const localsOf = (res: Response): RequestLocals => res.locals as RequestLocals;

/** Visible ASCII without spaces, at most 128 characters: safe to echo and to log. */
const USABLE_ID = /^[\x21-\x7e]{1,128}$/;

/** The client's X-Request-Id when usable, else a new UUID. */
export const requestIdOf = (given: string | string[] | undefined): string =>
  typeof given === "string" && USABLE_ID.test(given) ? given : randomUUID();

export const requestContext =
  (deps: { readonly logger: Logger; readonly metrics: Metrics }) =>
  (req: Request, res: Response, next: NextFunction): void => {
    const requestId = requestIdOf(req.headers["x-request-id"]);
    const log = deps.logger.child({ requestId });
    const locals = localsOf(res);
    locals.requestId = requestId;
    locals.log = log;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = locals.route ?? "unmatched";
      const labels = { method: req.method, route, status: String(res.statusCode) };
      deps.metrics.requests.inc(labels);
      deps.metrics.requestDuration.observe(labels, seconds);
      const fields = {
        method: req.method,
        path: req.path,
        route,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1000),
        aborted: !res.writableFinished,
      };
      if (res.statusCode >= 500) log.error(fields, "request failed");
      else log.info(fields, "request");
    };
    res.on("finish", done);
    res.on("close", done);
    next();
  };
