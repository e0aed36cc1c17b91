/**
 * Seeds 002 and 004: the JSON upload and batch-process use cases over the unit of work, the
 * worker's processor of queued CSV imports, and, with the filesystem blob store, the router that
 * serves its signed upload and download URLs.
 */
import { randomBytes } from "node:crypto";
import { ContainerModule } from "inversify";
import { Effect } from "effect";
import {
  makeCreateFileUploadProcess,
  makeFinalizeBatchProcess,
  makeGetBatchProcess,
  makeProcessBatchProcess,
  makeRunBatchInit,
  makeUploadJsonCustomers,
  makeUploadJsonInvoices,
} from "@batch/core";
import { makeRecordDecoder, makeResultFileWriter } from "@batch/codecs";
import { signedBlobRouter } from "../http/routes/signed-blob-routes";
import { BLOB_URL_SECRET } from "./blob-module";
import { bindService, resolve } from "./token";
import { Tokens } from "./tokens";

/** Rows of a CSV import applied per unit of work. */
export const BATCH_PROCESS_CHUNK_SIZE = 500;

export const receivablesModule = new ContainerModule(({ bind }) => {
  bindService(bind, Tokens.JsonUploadUseCases, async (ctx) => {
    const config = await resolve(ctx, Tokens.Config);
    const deps = {
      uow: await resolve(ctx, Tokens.UnitOfWork),
      blobs: await resolve(ctx, Tokens.BlobStore),
      resultWriter: makeResultFileWriter(),
      clock: await resolve(ctx, Tokens.Clock),
      ids: await resolve(ctx, Tokens.Ids),
      limits: { maxRecords: config.jsonUploadMaxRecords, maxBytes: config.jsonUploadMaxBytes },
    };
    return { invoices: makeUploadJsonInvoices(deps), customers: makeUploadJsonCustomers(deps) };
  });

  bindService(bind, Tokens.BatchProcessUseCases, async (ctx) => {
    const uow = await resolve(ctx, Tokens.UnitOfWork);
    const blobs = await resolve(ctx, Tokens.BlobStore);
    const clock = await resolve(ctx, Tokens.Clock);
    const ids = await resolve(ctx, Tokens.Ids);
    return {
      runBatchInit: makeRunBatchInit({ uow, blobs, clock, ids }),
      createFileUpload: makeCreateFileUploadProcess({ uow, blobs, clock, ids }),
      finalize: makeFinalizeBatchProcess({ uow, blobs, clock }),
      get: makeGetBatchProcess({ uow, blobs }),
    };
  });

  bindService(bind, Tokens.BatchProcessProcessor, async (ctx) =>
    makeProcessBatchProcess({
      uow: await resolve(ctx, Tokens.UnitOfWork),
      blobs: await resolve(ctx, Tokens.BlobStore),
      decoder: makeRecordDecoder(),
      resultWriter: makeResultFileWriter(),
      clock: await resolve(ctx, Tokens.Clock),
      chunkSize: BATCH_PROCESS_CHUNK_SIZE,
    }),
  );

  bindService(bind, Tokens.SignedBlobRouter, async (ctx) => {
    const config = await resolve(ctx, Tokens.Config);
    if (config.blob._tag !== "File") return undefined;
    // The same key the blob module signs with: ensureSecret answers the stored one.
    const identity = await resolve(ctx, Tokens.IdentityStore);
    const signingSecret = await Effect.runPromise(identity.ensureSecret(BLOB_URL_SECRET, randomBytes(32).toString("base64url")));
    return signedBlobRouter({
      blobs: await resolve(ctx, Tokens.BlobStore),
      clock: await resolve(ctx, Tokens.Clock),
      signingSecret,
      maxBytes: config.maxPayloadSize,
    });
  });
});
