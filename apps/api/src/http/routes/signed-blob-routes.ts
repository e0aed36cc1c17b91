/**
 * The signed URLs of the filesystem blob store, served by this service:
 * `PUT|GET /blobs/<key>?expires=&signature=`. The URL is its own credential (an HMAC over method,
 * key and expiry, see @batch/blob-fs); an altered, expired or malformed URL is refused with 403.
 * Bodies stream between the socket and the blob store, never held whole; a PUT larger than the
 * limit is refused with 413 (from Content-Length before the body is read, where it is given).
 * A plain `curl -T file '<url>'` uploads.
 */
import express, { type Request, type Response } from "express";
import { Effect, Either } from "effect";
import type { BlobKey, BlobStore, Clock } from "@batch/core";
import { FS_BLOB_URL_PATH, verifyFsSignedUrl } from "@batch/blob-fs";
import type { Logger } from "../../observability/logger";
import { refuseDeclaredLargerThan } from "../body";
import { fail } from "../problem";
import { answerError } from "../route";
import { orFail } from "../run-effect";
import { localsOf } from "../request-context";
import { sendProblemXml } from "./batch-process-xml";

export interface SignedBlobRoutesDeps {
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly signingSecret: string;
  /** Largest body a signed PUT accepts (BATCH_MAX_PAYLOAD_SIZE). */
  readonly maxBytes: number;
}

const queryText = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export const signedBlobRouter = (deps: SignedBlobRoutesDeps): express.Router => {
  const router = express.Router({ strict: false, caseSensitive: true });

  const keyOf = async (req: Request, method: "GET" | "PUT"): Promise<BlobKey> => {
    const segments = (req.params as { key?: string | ReadonlyArray<string> }).key;
    const key = typeof segments === "string" ? segments : (segments ?? []).join("/");
    const verified = verifyFsSignedUrl({
      method,
      key,
      expires: queryText(req.query.expires),
      signature: queryText(req.query.signature),
      now: await Effect.runPromise(deps.clock.now),
      secret: deps.signingSecret,
    });
    if (Either.isLeft(verified)) return fail(403, `BlobUrl.${verified.left.reason}`, `this signed URL is refused: ${verified.left.message}`);
    return verified.right;
  };

  const handle = (method: "GET" | "PUT", run: (req: Request, res: Response, key: BlobKey) => Promise<void>) => async (req: Request, res: Response) => {
    const log: Logger = localsOf(res).log;
    localsOf(res).route = `${FS_BLOB_URL_PATH}{key}`;
    try {
      await run(req, res, await keyOf(req, method));
    } catch (error) {
      answerError(req, res, log, error, sendProblemXml);
    }
  };

  const path = `${FS_BLOB_URL_PATH}*key`;

  router.put(
    path,
    handle("PUT", async (req, res, key) => {
      refuseDeclaredLargerThan(req, deps.maxBytes, "upload");
      const stored = await orFail(deps.blobs.put(key, req, { maxBytes: deps.maxBytes, ...(req.headers["content-type"] === undefined ? {} : { contentType: req.headers["content-type"] }) }));
      res.status(200).setHeader("ETag", `"${stored.sha256}"`).end();
    }),
  );

  router.get(
    path,
    handle("GET", async (_req, res, key) => {
      const size = await orFail(deps.blobs.size(key));
      const body = await orFail(deps.blobs.get(key));
      res.status(200).type(key.endsWith(".csv") ? "text/csv" : "application/octet-stream");
      if (size !== undefined) res.setHeader("Content-Length", String(size));
      for await (const chunk of body) {
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once("drain", resolve));
      }
      res.end();
    }),
  );

  return router;
};
