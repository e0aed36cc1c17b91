/** A small client of the seed 000 surface for the tests: real HTTP over real sockets. */
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";

export interface Reply<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface ErpClient {
  readonly baseUrl: string;
  readonly token: string;
  readonly call: <T = Record<string, unknown>>(method: string, path: string, init?: { body?: string | Uint8Array; headers?: Record<string, string> }) => Promise<Reply<T>>;
  readonly createBatch: (body: unknown) => Promise<Reply>;
  readonly putBlock: (batchId: string, n: number | string, bytes: Uint8Array, headers?: Record<string, string>) => Promise<Reply>;
  readonly uploadWhole: (query: Record<string, string | number>, bytes: Uint8Array, contentType?: string) => Promise<Reply>;
  readonly getBatch: (batchId: string) => Promise<Reply>;
  /** Polls the batch until it reaches a terminal status. */
  readonly waitForTerminal: (batchId: string, timeoutMs?: number) => Promise<Reply>;
}

export const TERMINAL = new Set(["COMPLETE_SUCCESS", "COMPLETE_WITH_ERRORS", "FAILED", "CANCELLED"]);

const parse = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
};

export const queryString = (query: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();

export const sha256Digest = (bytes: Uint8Array) => `sha-256=:${createHash("sha256").update(bytes).digest("base64")}:`;

/** `timeoutMs`: a request not answered within it fails (a TimeoutError), so a hang fails a test instead of stalling it. */
export const makeErpClient = (baseUrl: string, token: string, options: { readonly timeoutMs?: number } = {}): ErpClient => {
  const call = async <T>(method: string, path: string, init: { body?: string | Uint8Array; headers?: Record<string, string> } = {}): Promise<Reply<T>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
      ...(options.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(options.timeoutMs) }),
    });
    return { status: response.status, body: (await parse(response)) as T, headers: response.headers };
  };
  const client: ErpClient = {
    baseUrl,
    token,
    call,
    createBatch: (body) => call("POST", "/erp/v1/batches", { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    putBlock: (batchId, n, bytes, headers = {}) =>
      call("PUT", `/erp/v1/batches/${batchId}/blocks/${n}`, { body: bytes, headers: { "content-type": "application/octet-stream", ...headers } }),
    uploadWhole: (query, bytes, contentType = "application/json") =>
      call("POST", `/erp/v1/batches/upload?${queryString(query)}`, {
        body: bytes,
        headers: { "content-type": contentType },
      }),
    getBatch: (batchId) => call("GET", `/erp/v1/batches/${batchId}`),
    waitForTerminal: async (batchId, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const reply = await client.getBatch(batchId);
        if (TERMINAL.has(String(reply.body.status)) || Date.now() > until) return reply;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
  return client;
};

/**
 * A raw HTTP/1.1 request with headers exactly as given (Content-Length that lies, chunked bodies,
 * no Content-Type): what fetch will not send. Answers status, headers and body text; a connection
 * the server closes early still yields its answer.
 */
export const rawRequest = (
  url: string,
  options: { method: string; headers: Record<string, string>; chunks?: ReadonlyArray<Uint8Array>; endEarly?: boolean },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method, headers: options.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on("error", reject);
    });
    // A request destroyed on purpose (endEarly) gets no answer: status 0.
    req.on("close", () => resolve({ status: 0, headers: {}, text: "" }));
    req.on("error", (error: NodeJS.ErrnoException) => {
      // The server may answer and close before the whole body is sent: EPIPE/ECONNRESET after a response is fine.
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    for (const chunk of options.chunks ?? []) req.write(chunk);
    if (options.endEarly === true) req.destroy();
    else req.end();
  });

/** A request whose body the test sends piece by piece: to keep a request in flight. */
export const openRequest = (url: string, options: { method: string; headers: Record<string, string> }) => {
  let req!: ReturnType<typeof httpRequest>;
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req = httpRequest(url, { method: options.method, headers: options.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
  });
  return {
    write: (chunk: Uint8Array) => new Promise<void>((resolve) => req.write(chunk, () => resolve())),
    end: (chunk?: Uint8Array) => req.end(chunk),
    response,
  };
};
