/**
 * Routes are data: method, path, scope, the Schemas of parameters, query, body and responses,
 * and a handler. The same definitions mount on express and generate /openapi.json, so the
 * documentation cannot drift from what the handlers decode and encode.
 *
 * A handler receives decoded input and returns a reply; JSON reply bodies are encoded with the
 * response Schema declared for their status. Refusals are thrown as HttpProblem or returned by
 * `orFail` from an Effect's domain error (mapped in problem-details.ts).
 */
import type { Request, Response, Router } from "express";
import { Either, ParseResult, Schema } from "effect";
import { fieldErrorsOf, type OrganizationId, type Scope, type StoredResponse } from "@batch/core";
import type { Authenticator, Principal } from "./authentication";
import { readJsonBody } from "./body";
import { digestOfBody, fingerprintOf, idempotencyKeyOf, replayOf, sha256Hex, type IdempotencyGuard } from "./idempotency";
import { HttpProblem, sendProblem, type Problem } from "./problem";
import { problemFor } from "./problem-details";
import { localsOf } from "./request-context";
import type { Logger } from "../observability/logger";

export type HttpMethod = "get" | "post" | "put" | "delete";

// Schemas of any shape are accepted; the handler's input types come from the concrete schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySchema = Schema.Schema<any, any, never>;

export interface ResponseSpec {
  readonly description: string;
  /** JSON body schema; the reply body is encoded with it. */
  readonly schema?: AnySchema;
  /** Non-JSON bodies (CSV, XML, streams): their media types. */
  readonly contentTypes?: ReadonlyArray<string>;
}

export type BodySpec =
  | { readonly kind: "json"; readonly schema: AnySchema; readonly required: boolean; readonly maxBytes?: number; readonly description?: string }
  /** The handler reads the request stream itself (uploads); `contentTypes` documents what it accepts. */
  | { readonly kind: "stream"; readonly contentTypes: ReadonlyArray<string>; readonly description: string }
  /** The handler reads and decodes the body itself (form or JSON); `schema` documents its fields. */
  | { readonly kind: "custom"; readonly schema: AnySchema; readonly contentTypes: ReadonlyArray<string>; readonly description?: string };

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The caller; reading it in a route without a scope is a programming error (it throws). */
  readonly principal: Principal;
  readonly req: Request;
  readonly res: Response;
  readonly requestId: string;
  readonly log: Logger;
}

export type Reply =
  | {
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
      /** Hex SHA-256 of the request body a stream-body route read (idempotent routes). */
      readonly bodyDigest?: string;
    }
  | {
      readonly status: number;
      readonly contentType: string;
      /** Text or a byte stream. */
      readonly content: string | AsyncIterable<Uint8Array>;
      readonly headers?: Readonly<Record<string, string>>;
    };

/**
 * A surface's own error body in place of problem+json (OData's `{"error": {...}}`, the XML
 * surface's problem+xml): every refusal of the route, authentication's included, is sent through it.
 */
export interface ErrorEnvelope {
  /** Media type of the error bodies, for /openapi.json. */
  readonly contentType: string;
  /** Schema of the error body, for /openapi.json; the problem's own fields when absent. */
  readonly schema?: AnySchema;
  /** Sends the problem (its status and headers) in the surface's envelope. */
  readonly send: (res: Response, problem: Problem) => void;
}

export interface RouteDefinition<P = unknown, Q = unknown, B = unknown> {
  readonly method: HttpMethod;
  /** OpenAPI path template: `/erp/v1/batches/{batchId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: ReadonlyArray<string>;
  /** The scope the operation needs; absent for public operations. */
  readonly scope?: Scope;
  /** Also accept the seed 002 `api_key` / `api_secret` headers instead of a bearer token. */
  readonly apiKeyHeaders?: boolean;
  /** Decodes the path parameters (strings). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly params?: Schema.Schema<P, any, never>;
  /** Decodes the query parameters (strings, or arrays of strings when repeated). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly query?: Schema.Schema<Q, any, never>;
  readonly body?: BodySpec;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Statuses of refusals this operation may answer (documented as problem+json, or in `errorEnvelope`). */
  readonly problems?: ReadonlyArray<number>;
  /**
   * A creating POST that honours Idempotency-Key. A stream-body route's reply must carry
   * `bodyDigest` (the SHA-256 of the body it read), the fingerprint of the request's body.
   */
  readonly idempotent?: boolean;
  /** The surface's error envelope; problem+json when absent. */
  readonly errorEnvelope?: ErrorEnvelope;
  readonly handler: (input: RouteInput<P, Q, B>) => Promise<Reply>;
}

/**
 * Keeps the handler's parameters typed by their schemas while the route list holds any route.
 * The body arrives as `unknown` typed; it has been decoded by `body.schema` (or is undefined when
 * an optional body was not sent), so a handler narrows it to that schema's type.
 */
export const defineRoute = <P = Record<string, never>, Q = Record<string, never>, B = unknown>(
  route: RouteDefinition<P, Q, B>,
): RouteDefinition => route as unknown as RouteDefinition;

const DEFAULT_JSON_BODY_LIMIT = 1024 * 1024;

const decodeOr400 = <A>(schema: Schema.Schema<A, never, never> | AnySchema, value: unknown, where: string): A => {
  const decoded = Schema.decodeUnknownEither(schema as Schema.Schema<A, unknown, never>, { errors: "all", onExcessProperty: "ignore" })(value);
  if (Either.isRight(decoded)) return decoded.right;
  // Messages quote the offending value: cut them so a huge value does not come back whole.
  const errors = fieldErrorsOf(decoded.left)
    .slice(0, 50)
    .map((e) => ({ field: e.field.slice(0, 200), message: e.message.length > 300 ? `${e.message.slice(0, 300)}...` : e.message }));
  const detail = errors.map((e) => (e.field === "" ? e.message : `${e.field}: ${e.message}`)).join("; ");
  throw new HttpProblem({ status: 400, code: "Request.ValidationFailed", detail: `invalid ${where}: ${detail}`, errors });
};

// OData key segments (`Batches({batchId})`) hold parentheses, which express's path syntax reserves.
const expressPath = (template: string) => template.replace(/[()]/g, "\\$&").replace(/\{([A-Za-z0-9_]+)\}/g, ":$1");

/** A JSON reply's body as sent: encoded by the response Schema declared for its status. */
const jsonText = (route: RouteDefinition, status: number, body: unknown): string => {
  const schema = route.responses[status]?.schema;
  return JSON.stringify(schema === undefined ? body : Schema.encodeUnknownSync(schema)(body));
};

const writeReply = async (res: Response, route: RouteDefinition, reply: Reply): Promise<void> => {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status);
  if ("contentType" in reply) {
    res.type(reply.contentType);
    if (typeof reply.content === "string") {
      res.send(reply.content);
      return;
    }
    for await (const chunk of reply.content) {
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once("drain", resolve));
    }
    res.end();
    return;
  }
  if (reply.body === undefined) {
    res.end();
    return;
  }
  // A surface may answer a JSON media type with parameters of its own (OData's odata.metadata=minimal).
  res.type(res.getHeader("content-type")?.toString() ?? "application/json").send(jsonText(route, reply.status, reply.body));
};

const sendStored = (res: Response, stored: StoredResponse): void => {
  for (const [name, value] of Object.entries(stored.headers)) res.setHeader(name, value);
  res.setHeader("Idempotent-Replayed", "true");
  res.status(stored.status).send(stored.body);
};

/** Answers a thrown value: a problem, a mapped domain error, or (logged) a 500. */
export const answerError = (
  req: Request,
  res: Response,
  log: Logger,
  error: unknown,
  send: (res: Response, problem: Problem) => void = sendProblem,
): void => {
  // A refusal sent before the body was read: close rather than read the rest of it to reuse the connection.
  if (!req.complete && !res.headersSent) res.setHeader("Connection", "close");
  const problem: Problem | undefined = error instanceof HttpProblem ? error.problem : problemFor(error);
  if (problem !== undefined) {
    if (problem.status >= 500) log.error({ code: problem.code, err: error }, problem.detail);
    send(res, problem);
    return;
  }
  log.error({ err: error instanceof ParseResult.ParseError ? error.message : error }, "unhandled error");
  send(res, { status: 500, code: "Internal", detail: `an internal error occurred; quote request id ${localsOf(res).requestId} when reporting it` });
};

/** Path, query and JSON body decoded by the route's Schemas; `jsonDigest` fingerprints the body as sent. */
const decodeRequest = async (route: RouteDefinition, req: Request) => {
  const params = route.params === undefined ? {} : decodeOr400(route.params, { ...req.params }, "path parameter");
  const query = route.query === undefined ? {} : decodeOr400(route.query, { ...(req.query as Record<string, unknown>) }, "query parameter");
  if (route.body?.kind !== "json") return { params, query, body: undefined as unknown, jsonDigest: sha256Hex("") };
  const raw = await readJsonBody(req, route.body.maxBytes ?? DEFAULT_JSON_BODY_LIMIT);
  if (raw === undefined && route.body.required) {
    throw new HttpProblem({ status: 400, code: "Request.BodyMissing", detail: "this operation needs a JSON body (Content-Type: application/json)" });
  }
  return {
    params,
    query,
    body: raw === undefined ? undefined : decodeOr400(route.body.schema, raw, "body"),
    jsonDigest: sha256Hex(JSON.stringify(raw ?? null)),
  };
};

export interface MountDeps {
  readonly authenticator: Authenticator;
  readonly idempotency: (orgId: OrganizationId, key: string) => IdempotencyGuard;
  /** Most bytes hashed when a streamed upload is replayed under its Idempotency-Key. */
  readonly maxPayloadSize: number;
}

export const mountRoutes = (router: Router, routes: ReadonlyArray<RouteDefinition>, deps: MountDeps): void => {
  for (const route of routes) {
    router[route.method](expressPath(route.path), async (req: Request, res: Response) => {
      const locals = localsOf(res);
      locals.route = route.path;
      try {
        let principal: Principal | undefined;
        if (route.scope !== undefined) {
          principal = await deps.authenticator.authenticate(req, { apiKeyHeaders: route.apiKeyHeaders === true });
          deps.authenticator.requireScope(principal, route.scope);
        }
        const { params, query, body, jsonDigest } = await decodeRequest(route, req);
        const key = route.idempotent === true && principal !== undefined ? idempotencyKeyOf(req) : undefined;
        const guard = key === undefined || principal === undefined ? undefined : deps.idempotency(principal.orgId, key);
        const remembered = await guard?.lookup();
        if (remembered !== undefined && key !== undefined) {
          // A streamed body is known by its digest only once read: a repeat is read and hashed, not kept.
          const digest = route.body?.kind === "stream" ? await digestOfBody(req, deps.maxPayloadSize) : jsonDigest;
          sendStored(res, replayOf(remembered, fingerprintOf(req, digest), key));
          return;
        }
        const reply = await route.handler({
          params,
          query,
          body,
          get principal(): Principal {
            if (principal === undefined) throw new Error(`${route.operationId} has no scope, so no principal`);
            return principal;
          },
          req,
          res,
          requestId: locals.requestId,
          log: locals.log,
        });
        // A creation answered 204 (OData's default) is remembered too: its headers say what was created.
        if (guard !== undefined && !("contentType" in reply) && (reply.body !== undefined || reply.status === 204)) {
          const digest = route.body?.kind === "stream" ? reply.bodyDigest : jsonDigest;
          if (digest !== undefined) {
            const headers: Record<string, string> =
              reply.body === undefined ? { ...(reply.headers ?? {}) } : { "content-type": "application/json; charset=utf-8", ...(reply.headers ?? {}) };
            const body = reply.body === undefined ? "" : jsonText(route, reply.status, reply.body);
            await guard.remember(fingerprintOf(req, digest), { status: reply.status, headers, body });
          }
        }
        await writeReply(res, route, reply);
      } catch (error) {
        answerError(req, res, locals.log, error, route.errorEnvelope?.send);
      }
    });
  }
};
