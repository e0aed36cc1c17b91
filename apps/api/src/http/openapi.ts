/**
 * OpenAPI 3.1 generated from the route definitions: the parameter, body and response Schemas the
 * handlers decode and encode are turned into JSON Schema by effect's JSONSchema, with every
 * schema that carries an `identifier` annotation shared under components/schemas.
 */
import { JSONSchema, Schema } from "effect";
import type { RouteDefinition } from "./route";
import { PROBLEM_JSON } from "./problem";

type JsonObject = Record<string, unknown>;

const FieldErrorSchema = Schema.Struct({ field: Schema.String, message: Schema.String }).annotations({ identifier: "FieldError" });

export const ProblemSchema = Schema.Struct({
  type: Schema.String,
  title: Schema.String,
  status: Schema.Int,
  detail: Schema.String,
  code: Schema.String.annotations({ description: "Stable error code: the domain error tag (ErpBatch.BlockDigestConflict) or Request.*, Auth.*, Http.*" }),
  errors: Schema.optional(Schema.Array(FieldErrorSchema)),
}).annotations({ identifier: "Problem", description: "RFC 9457 problem details" });

const STATUS_TEXT: Record<number, string> = {
  400: "The request is invalid; `errors` names each field",
  401: "Missing, malformed, expired or badly signed access token",
  403: "The token lacks the operation's scope, or names another organization",
  404: "Not found in the caller's organization",
  409: "Conflicts with the resource's current state",
  413: "The body is larger than allowed",
  406: "None of the media types the Accept header allows can be produced",
  415: "Unsupported Content-Type",
  422: "Idempotency-Key reused with another body",
  501: "The request uses functionality this service does not implement (the message names it)",
  503: "A store is unavailable; retry later",
};

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
  readonly serverUrl: string;
}

export const buildOpenApi = (routes: ReadonlyArray<RouteDefinition>, info: OpenApiInfo): JsonObject => {
  const definitions: Record<string, JSONSchema.JsonSchema7> = {};
  const toJson = (schema: Schema.Schema.Any, skipTopReference = false): JsonObject =>
    JSONSchema.fromAST(schema.ast, {
      definitions,
      definitionPath: "#/components/schemas/",
      target: "openApi3.1",
      topLevelReferenceStrategy: skipTopReference ? "skip" : "keep",
    }) as unknown as JsonObject;

  const parameters = (schema: Schema.Schema.Any | undefined, location: "path" | "query") => {
    if (schema === undefined) return [];
    const json = toJson(schema, true);
    const properties = (json.properties ?? {}) as Record<string, JsonObject>;
    const required = new Set((json.required ?? []) as ReadonlyArray<string>);
    return Object.entries(properties).map(([name, property]) => {
      const { description, ...rest } = property;
      return {
        name,
        in: location,
        required: location === "path" || required.has(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      };
    });
  };

  const problemRef = toJson(ProblemSchema);
  const paths: Record<string, Record<string, JsonObject>> = {};
  const scopes = new Set<string>();

  for (const route of routes) {
    const responses: Record<string, JsonObject> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const content: Record<string, JsonObject> = {};
      if (spec.schema !== undefined) content["application/json"] = { schema: toJson(spec.schema) };
      for (const type of spec.contentTypes ?? []) content[type] = { schema: { type: "string", format: "binary" } };
      responses[status] = { description: spec.description, ...(Object.keys(content).length === 0 ? {} : { content }) };
    }
    const problems = new Set(route.problems ?? []);
    if (route.idempotent === true) problems.add(422);
    if (route.scope !== undefined) {
      problems.add(401);
      problems.add(403);
      scopes.add(route.scope);
    }
    const errorContent =
      route.errorEnvelope === undefined
        ? { [PROBLEM_JSON]: { schema: problemRef } }
        : { [route.errorEnvelope.contentType]: { schema: route.errorEnvelope.schema === undefined ? problemRef : toJson(route.errorEnvelope.schema) } };
    for (const status of [...problems].sort()) {
      responses[String(status)] = { description: STATUS_TEXT[status] ?? "Refused", content: errorContent };
    }

    let requestBody: JsonObject | undefined;
    const body = route.body;
    if (body?.kind === "json") {
      requestBody = { required: body.required, ...(body.description === undefined ? {} : { description: body.description }), content: { "application/json": { schema: toJson(body.schema) } } };
    } else if (body?.kind === "custom") {
      const schema = toJson(body.schema);
      requestBody = { required: true, ...(body.description === undefined ? {} : { description: body.description }), content: Object.fromEntries(body.contentTypes.map((t) => [t, { schema }])) };
    } else if (body?.kind === "stream") {
      requestBody = {
        required: true,
        description: body.description,
        content: Object.fromEntries(body.contentTypes.map((t) => [t, { schema: { type: "string", format: "binary" } }])),
      };
    }

    const operation: JsonObject = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      tags: route.tags,
      parameters: [
        ...parameters(route.params, "path"),
        ...parameters(route.query, "query"),
        ...(route.idempotent === true
          ? [
              {
                name: "Idempotency-Key",
                in: "header",
                required: false,
                description: "Repeating the request with the same key and body within 24 hours returns the first (2xx) response; the same key with another request is 422",
                schema: { type: "string", minLength: 1, maxLength: 255 },
              },
            ]
          : []),
      ],
      ...(requestBody === undefined ? {} : { requestBody }),
      responses,
      security: route.scope === undefined ? [] : [{ oauth2: [route.scope] }, ...(route.apiKeyHeaders === true ? [{ apiKey: [], apiSecret: [] }] : [])],
    };
    (paths[route.path] ??= {})[route.method] = operation;
  }

  return {
    openapi: "3.1.0",
    info: { title: info.title, version: info.version, description: info.description },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: definitions,
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "api_key", description: "Seed 002: the API key, with api_secret" },
        apiSecret: { type: "apiKey", in: "header", name: "api_secret", description: "Seed 002: the API secret, with api_key" },
        oauth2: {
          type: "oauth2",
          description: "Client credentials: POST /oauth/token with grant_type=client_credentials, client_id=<apiKey>, client_secret=<apiSecret>",
          flows: { clientCredentials: { tokenUrl: `${info.serverUrl}/oauth/token`, scopes: Object.fromEntries([...scopes].sort().map((s) => [s, `the ${s} surface`])) } },
        },
      },
    },
  };
};
