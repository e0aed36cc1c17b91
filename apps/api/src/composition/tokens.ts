/** The services of the composition root, one typed token each. */
import type { Express } from "express";
import type {
  ApBatchRepository,
  BlobStore,
  BatchProcessDetail,
  Clock,
  EbillStores,
  ErpBatchStores,
  ErpRecordStores,
  ExistingErpBatch,
  IdempotencyStore,
  IdentityStore,
  IdSource,
  InvoiceApplierStores,
  JobKind,
  JobQueue,
  PaymentStores,
  ProcessInboundBatchError,
  ProcessBatchProcessError,
  ProcessBatchProcessInput,
  ProcessInboundBatchInput,
  UnitOfWork,
} from "@batch/core";
import type { Effect } from "effect";
import type { Router } from "express";
import type { ErpUseCases } from "../http/routes/erp-routes";
import type { ODataUseCases } from "../http/routes/odata-routes";
import type { PaymentUseCases } from "../http/routes/payment-routes";
import type { BatchProcessUseCases } from "../http/routes/batch-process-routes";
import type { JsonUploadUseCases } from "../http/routes/json-upload-routes";
import type { SqlDatabase } from "@batch/store-sql";
import type { Config } from "../config";
import type { AccessTokens } from "../identity/access-tokens";
import type { IdentityService } from "../identity/identity-service";
import type { Authenticator } from "../http/authentication";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { RouteDefinition } from "../http/route";
import type { JobHandler, JobWorker } from "../worker/job-worker";
import type { JobsQueued } from "../worker/jobs-queued";
import { token } from "./token";

/** Whether the stores answer now (readiness). Never throws. */
export interface StorePing {
  readonly ping: () => Promise<boolean>;
}

/** What the use cases and appliers of this service write through inside one unit of work. */
export type ServiceStores = ErpBatchStores & ErpRecordStores & InvoiceApplierStores & PaymentStores & EbillStores & { readonly apBatches: ApBatchRepository };

/** The process's phase, read by readiness and by responses during shutdown. */
export interface Lifecycle {
  shuttingDown: boolean;
}

export const Tokens = {
  Lifecycle: token<Lifecycle>("Lifecycle"),
  Config: token<Config>("Config"),
  Logger: token<Logger>("Logger"),
  Clock: token<Clock>("Clock"),
  Ids: token<IdSource>("IdSource"),
  /** Base of absolute URLs (BATCH_PUBLIC_URL, else the address the server bound), without a trailing "/". */
  PublicUrl: token<string>("PublicUrl"),
  Database: token<SqlDatabase>("SqlDatabase"),
  StorePing: token<StorePing>("StorePing"),
  /** ERP batches of every organization by status, for /metrics. */
  BatchStatusCounts: token<() => Promise<ReadonlyArray<{ readonly status: string; readonly count: number }>>>("BatchStatusCounts"),
  IdentityStore: token<IdentityStore>("IdentityStore"),
  IdempotencyStore: token<IdempotencyStore>("IdempotencyStore"),
  JobQueue: token<JobQueue>("JobQueue"),
  UnitOfWork: token<UnitOfWork<ServiceStores>>("UnitOfWork"),
  BlobStore: token<BlobStore>("BlobStore"),
  Metrics: token<Metrics>("Metrics"),
  AccessTokens: token<AccessTokens>("AccessTokens"),
  Identity: token<IdentityService>("IdentityService"),
  Authenticator: token<Authenticator>("Authenticator"),
  ErpUseCases: token<ErpUseCases>("ErpUseCases"),
  ODataUseCases: token<ODataUseCases>("ODataUseCases"),
  PaymentUseCases: token<PaymentUseCases>("PaymentUseCases"),
  ErpBatchProcessor: token<(input: ProcessInboundBatchInput) => Effect.Effect<ExistingErpBatch, ProcessInboundBatchError>>("ErpBatchProcessor"),
  JsonUploadUseCases: token<JsonUploadUseCases>("JsonUploadUseCases"),
  BatchProcessUseCases: token<BatchProcessUseCases>("BatchProcessUseCases"),
  BatchProcessProcessor: token<(input: ProcessBatchProcessInput) => Effect.Effect<BatchProcessDetail, ProcessBatchProcessError>>("BatchProcessProcessor"),
  /** The filesystem store's signed URLs served by this service; undefined with S3 (its URLs are the bucket's). */
  SignedBlobRouter: token<Router | undefined>("SignedBlobRouter"),
  /** Every HTTP operation, in mounting order. */
  Routes: token<ReadonlyArray<RouteDefinition>>("Routes"),
  HttpApp: token<Express>("HttpApp"),
  /** Background job handlers by kind. */
  JobHandlers: token<Readonly<Partial<Record<JobKind, JobHandler>>>>("JobHandlers"),
  Worker: token<JobWorker>("JobWorker"),
  /** Said when a request queued a job, so an in-process worker starts on it at once. */
  JobsQueued: token<JobsQueued>("JobsQueued"),
} as const;
