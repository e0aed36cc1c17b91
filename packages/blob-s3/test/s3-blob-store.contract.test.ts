import { afterAll } from "vitest";
import { blobStoreContract } from "@batch/testkit";
import { makeS3BlobStore } from "../src";
import { startS3rver, type RunningS3rver } from "./s3rver";

// Started on first use; if it cannot start, every test of the suite fails with its error.
let server: Promise<RunningS3rver> | undefined;
afterAll(async () => {
  if (server !== undefined) await (await server).stop();
});

let stores = 0;
blobStoreContract("S3 (s3rver)", {
  make: async () => {
    server ??= startS3rver();
    const { client, bucket } = await server;
    stores += 1;
    // Each test gets its own prefix: an empty store, and a check that stores keep to their prefix.
    return makeS3BlobStore({ client, bucket, prefix: `contract-${stores}/` });
  },
  signedUrls: { kind: "http" },
  // s3rver streams a PutObject straight into the object's file, so two racing puts interleave
  // there; S3 itself replaces objects atomically, and the adapter sends each body in one request.
  serverOverwritesAtomically: false,
});
