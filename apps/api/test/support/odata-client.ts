/** A small client of the seed 001 surface for the tests: real HTTP, bodies parsed, headers kept. */
import { makeErpClient, type Reply } from "./erp-client";

export interface ODataTestClient {
  readonly call: <T = Record<string, unknown>>(method: string, path: string, init?: { body?: unknown; headers?: Record<string, string> }) => Promise<Reply<T>>;
  readonly get: <T = Record<string, unknown>>(path: string, headers?: Record<string, string>) => Promise<Reply<T>>;
  /** Creates a batch; answers its id. */
  readonly createBatch: (body?: Record<string, unknown>) => Promise<string>;
  /** Enters an invoice by hand; answers its id. */
  readonly createInvoice: (fields: Record<string, unknown>) => Promise<string>;
  /** Follows `@odata.nextLink` (or `nextPageLink`) from `path` to the end; answers every row. */
  readonly all: (path: string, between?: (page: number) => Promise<void>) => Promise<{ rows: Array<Record<string, unknown>>; pages: number }>;
}

export const makeODataClient = (baseUrl: string, token: string): ODataTestClient => {
  const erp = makeErpClient(baseUrl, token);
  const call: ODataTestClient["call"] = (method, path, init = {}) =>
    erp.call(method, path, {
      ...(init.body === undefined ? {} : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
      headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
    });
  const relative = (url: string) => (url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url);
  return {
    call,
    get: (path, headers = {}) => call("GET", path, { headers }),
    createBatch: async (body = {}) => {
      const reply = await call("POST", "/odata/Batches", { body });
      if (reply.status !== 204) throw new Error(`create batch: ${reply.status} ${JSON.stringify(reply.body)}`);
      const id = /\(([^)]+)\)$/.exec(reply.headers.get("location") ?? "")?.[1];
      if (id === undefined) throw new Error("create batch: no Location");
      return id;
    },
    createInvoice: async (fields) => {
      const reply = await call("POST", "/odata/Invoices", { body: fields });
      if (reply.status !== 201) throw new Error(`create invoice: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.apMatchedInvoiceId as string;
    },
    all: async (path, between) => {
      const rows: Array<Record<string, unknown>> = [];
      let next: string | undefined = path;
      let pages = 0;
      while (next !== undefined) {
        const reply: Reply = await call("GET", relative(next));
        if (reply.status !== 200) throw new Error(`GET ${next}: ${reply.status} ${JSON.stringify(reply.body)}`);
        pages += 1;
        rows.push(...((reply.body.value ?? reply.body.items) as Array<Record<string, unknown>>));
        next = (reply.body["@odata.nextLink"] ?? reply.body.nextPageLink) as string | undefined;
        if (next !== undefined && between !== undefined) await between(pages);
      }
      return { rows, pages };
    },
  };
};
