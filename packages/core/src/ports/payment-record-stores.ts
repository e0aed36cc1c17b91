/**
 * Record stores of the payments area (seed 003 and its extensions): financial accounts, custom
 * attribute definitions, payment requests, bank statement entries and the last payment file of
 * each batch. All are used inside a unit of work; every read and write is scoped to one
 * organization.
 */
import type { Effect, Option } from "effect";
import type { Instant, OrganizationId } from "../kernel";
import type { BankStatementEntry } from "../records/bank-statement-entry";
import type { CustomAttributeDefinition } from "../records/custom-attribute";
import type { FinancialAccount } from "../records/financial-account";
import type { PaymentRequest } from "../records/payment-request";
import type { PaymentFileVersion } from "./codecs";
import type { StoreUnavailable, UniqueConflict } from "./errors";
import type { OutboundBatchEmitter } from "./outbound";
import type { PaymentBatchRepository } from "./payment-batch-repository";

export interface FinancialAccountStore {
  /**
   * Adds an account. Fails with UniqueConflict (constraint "financial_accounts.key") when the
   * organization already has one with that key, StoreUnavailable.
   */
  readonly insert: (orgId: OrganizationId, account: FinancialAccount) => Effect.Effect<void, UniqueConflict | StoreUnavailable>;
  /** The account with that key, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, key: string) => Effect.Effect<Option.Option<FinancialAccount>, StoreUnavailable>;
  /** Every account of the organization, ordered by key. Fails with StoreUnavailable. */
  readonly list: (orgId: OrganizationId) => Effect.Effect<ReadonlyArray<FinancialAccount>, StoreUnavailable>;
}

export interface CustomAttributeDefinitionStore {
  /** Creates or replaces the definition of that name. Fails with StoreUnavailable. */
  readonly put: (orgId: OrganizationId, definition: CustomAttributeDefinition) => Effect.Effect<void, StoreUnavailable>;
  /** The definition of that name, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, name: string) => Effect.Effect<Option.Option<CustomAttributeDefinition>, StoreUnavailable>;
  /** Every definition of the organization, ordered by name. Fails with StoreUnavailable. */
  readonly list: (orgId: OrganizationId) => Effect.Effect<ReadonlyArray<CustomAttributeDefinition>, StoreUnavailable>;
}

export interface PaymentRequestStore {
  /** The request with that referenceId, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, referenceId: string) => Effect.Effect<Option.Option<PaymentRequest>, StoreUnavailable>;
  /** Creates or replaces the request of that referenceId. Fails with StoreUnavailable. */
  readonly put: (orgId: OrganizationId, request: PaymentRequest) => Effect.Effect<void, StoreUnavailable>;
}

export interface BankStatementEntryStore {
  /**
   * Stores the entry unless one with the same `entryKey` is stored: "Inserted" or "AlreadyStored"
   * (the stored entry is then left as it is). Fails with StoreUnavailable.
   */
  readonly insert: (orgId: OrganizationId, entry: BankStatementEntry) => Effect.Effect<"Inserted" | "AlreadyStored", StoreUnavailable>;
  /** Replaces a stored entry (to record its matched line). Fails with StoreUnavailable. */
  readonly update: (orgId: OrganizationId, entry: BankStatementEntry) => Effect.Effect<void, StoreUnavailable>;
  /** The entry with that key, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, entryKey: string) => Effect.Effect<Option.Option<BankStatementEntry>, StoreUnavailable>;
  /** The entries of one statement, ordered by entryKey. Fails with StoreUnavailable. */
  readonly listByStatement: (orgId: OrganizationId, statementId: string) => Effect.Effect<ReadonlyArray<BankStatementEntry>, StoreUnavailable>;
}

/** The last payment file generated for a batch (`GET .../paymentFile`). */
export interface StoredPaymentFile {
  readonly paymentBatchId: string;
  readonly version: PaymentFileVersion;
  /** The file's MsgId. */
  readonly messageId: string;
  readonly createdAt: Instant;
  /** The pain.001 XML document. */
  readonly content: string;
}

export interface PaymentFileStore {
  /** Stores the batch's file, replacing the previous one. Fails with StoreUnavailable. */
  readonly put: (orgId: OrganizationId, file: StoredPaymentFile) => Effect.Effect<void, StoreUnavailable>;
  /** The batch's last file, or None. Fails with StoreUnavailable. */
  readonly get: (orgId: OrganizationId, paymentBatchId: string) => Effect.Effect<Option.Option<StoredPaymentFile>, StoreUnavailable>;
  /** Removes the batch's file; removing none succeeds. Fails with StoreUnavailable. */
  readonly delete: (orgId: OrganizationId, paymentBatchId: string) => Effect.Effect<void, StoreUnavailable>;
}

/** Every store of the payments area; a use case asks for the part it needs. */
export interface PaymentStores {
  readonly paymentBatches: PaymentBatchRepository;
  readonly financialAccounts: FinancialAccountStore;
  readonly customAttributes: CustomAttributeDefinitionStore;
  readonly paymentRequests: PaymentRequestStore;
  readonly bankStatementEntries: BankStatementEntryStore;
  readonly paymentFiles: PaymentFileStore;
  /** Finished batches emit an outbound PAYMENT_STATUS batch in the same unit of work. */
  readonly outbound: OutboundBatchEmitter;
}
