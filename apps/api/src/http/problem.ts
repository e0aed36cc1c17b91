/**
 * RFC 9457 problem details: the error envelope of the JSON surfaces. `code` is the stable domain
 * code (`ErpBatch.BlockDigestConflict`) or, for refusals of the request itself, a `Request.*`,
 * `Auth.*` or `Http.*` code; `errors` names each failing field.
 */
import { STATUS_CODES } from "node:http";
import type { Response } from "express";
import type { FieldError } from "@batch/core";

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly title?: string;
  readonly errors?: ReadonlyArray<FieldError>;
  /** Extra response headers (WWW-Authenticate, Allow, Retry-After). */
  readonly headers?: Readonly<Record<string, string>>;
}

export const PROBLEM_JSON = "application/problem+json";

/** A refusal raised anywhere in a handler; the route wrapper answers it. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = "HttpProblem";
  }
}

export const fail = (status: number, code: string, detail: string, errors?: ReadonlyArray<FieldError>): never => {
  throw new HttpProblem({ status, code, detail, ...(errors === undefined ? {} : { errors }) });
};

export const problemBody = (problem: Problem) => ({
  type: `urn:batchport:problem:${problem.code}`,
  title: problem.title ?? STATUS_CODES[problem.status] ?? "Error",
  status: problem.status,
  detail: problem.detail,
  code: problem.code,
  ...(problem.errors === undefined || problem.errors.length === 0 ? {} : { errors: problem.errors }),
});

export const sendProblem = (res: Response, problem: Problem): void => {
  if (res.headersSent) {
    // Too late for an envelope: cut the response so the client sees it is incomplete.
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
  res.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(problemBody(problem)));
};
