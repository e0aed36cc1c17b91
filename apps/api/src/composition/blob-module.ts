/**
 * The blob store chosen by BATCH_BLOB_URL: a folder (signed URLs served by this service, signed
 * with a key every process on the database shares) or an S3 bucket (presigned URLs, credentials
 * from the AWS SDK's standard chain). The S3 adapter, and with it the AWS SDK, is loaded only when
 * the URL names a bucket: a service on a folder does not carry the SDK in its heap.
 */
import { randomBytes } from "node:crypto";
import { ContainerModule } from "inversify";
import { Effect } from "effect";
import { makeFsBlobStore } from "@batch/blob-fs";
import { bindService, resolve } from "./token";
import { Tokens } from "./tokens";

/** Name of the signed-URL key in the identity store's service secrets. */
export const BLOB_URL_SECRET = "blob-url-signing";

export const blobModule = new ContainerModule(({ bind }) => {
  let s3Client: { destroy(): void } | undefined;
  bindService(bind, Tokens.BlobStore, async (ctx) => {
    const config = await resolve(ctx, Tokens.Config);
    const location = config.blob;
    if (location._tag === "File") {
      const identity = await resolve(ctx, Tokens.IdentityStore);
      const signingSecret = await Effect.runPromise(identity.ensureSecret(BLOB_URL_SECRET, randomBytes(32).toString("base64url")));
      return makeFsBlobStore({
        root: location.path,
        publicBaseUrl: await resolve(ctx, Tokens.PublicUrl),
        signingSecret,
        clock: await resolve(ctx, Tokens.Clock),
      });
    }
    const { makeS3BlobStore, makeS3Client } = await import("@batch/blob-s3");
    const operationTimeoutMs = config.blobTimeoutSeconds * 1000;
    const client = makeS3Client(location, { operationTimeoutMs });
    s3Client = client;
    return makeS3BlobStore({ client, bucket: location.bucket, prefix: location.prefix, operationTimeoutMs, pingTimeoutMs: Math.min(2000, operationTimeoutMs) });
  }).onDeactivation(() => {
    s3Client?.destroy();
  });
});
