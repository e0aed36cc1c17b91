/**
 * The listening socket and its graceful end: stop accepting, close idle keep-alive connections,
 * let in-flight requests finish (their responses say `Connection: close`), and cut what is left
 * when the grace period ends.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestListener } from "node:http";

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** Resolves once every connection is closed; true when in-flight requests all finished in time. */
  readonly close: (graceMs: number) => Promise<boolean>;
}

export const listen = (handler: RequestListener, port: number, host?: string): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const server = createServer(
      {
        // Uploads of several GiB outlive any fixed request deadline; idle sockets are cut instead.
        requestTimeout: 0,
        headersTimeout: 60_000,
        keepAliveTimeout: 5_000,
      },
      handler,
    );
    server.setTimeout(120_000);
    let inFlight = 0;
    const idle: Array<() => void> = [];
    server.on("request", (_req, res) => {
      inFlight += 1;
      res.once("close", () => {
        inFlight -= 1;
        if (inFlight === 0) for (const wake of idle.splice(0)) wake();
      });
    });
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      resolve({
        server,
        port: address.port,
        close: async (graceMs) => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeIdleConnections();
          const drained = inFlight === 0 ? Promise.resolve(true) : new Promise<boolean>((done) => idle.push(() => done(true)));
          const timer = new Promise<boolean>((done) => setTimeout(() => done(false), graceMs).unref());
          const finished = await Promise.race([drained, timer]);
          server.closeAllConnections();
          await closed;
          return finished;
        },
      });
    });
  });
