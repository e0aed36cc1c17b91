/**
 * The blob store chosen by BATCH_BLOB_URL: a folder (signed URLs served by this service, signed
 * with a key every process on the database shares) or an S3 bucket (presigned URLs, credentials
 * from the AWS SDK's standard chain).
 */
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { ContainerModule } from "inversify";
import { Effect } from "effect";
import { makeFsBlobStore } from "@batch/blob-fs";
import { makeS3BlobStore, type BlobStoreLocation, type S3BlobStoreOptions } from "@batch/blob-s3";
import { bindService, resolve } from "./token";
import { Tokens } from "./tokens";

/** Name of the signed-URL key in the identity store's service secrets. */
export const BLOB_URL_SECRET = "blob-url-signing";

type S3Location = Extract<BlobStoreLocation, { readonly _tag: "S3" }>;
type S3Client = S3BlobStoreOptions["client"];

/**
 * The AWS SDK client class, loaded from where @batch/blob-s3 resolves it: the SDK is that
 * adapter's dependency, and the app only hands it the configuration the adapter's URL parser
 * produced (so the two always agree on one SDK copy).
 */
const loadS3Client = async (): Promise<new (config: S3Location["clientConfig"]) => S3Client> => {
  const fromAdapter = createRequire(createRequire(import.meta.url).resolve("@batch/blob-s3"));
  const sdk = (await import(pathToFileURL(fromAdapter.resolve("@aws-sdk/client-s3")).href)) as {
    readonly S3Client: new (config: S3Location["clientConfig"]) => S3Client;
  };
  return sdk.S3Client;
};

export const blobModule = new ContainerModule(({ bind }) => {
  let s3Client: S3Client | undefined;
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
    const S3Client = await loadS3Client();
    s3Client = new S3Client(location.clientConfig);
    return makeS3BlobStore({ client: s3Client, bucket: location.bucket, prefix: location.prefix });
  }).onDeactivation(() => {
    s3Client?.destroy();
  });
});
