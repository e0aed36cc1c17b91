/**
 * The one place that reads driver error codes. Drivers are taken structurally: better-sqlite3
 * throws `SqliteError` with `code` ("SQLITE_CONSTRAINT_UNIQUE", ...) and a message naming the
 * columns; `pg` throws `DatabaseError` with the SQLSTATE in `code` and the key in `detail`.
 */
import { StoreUnavailable, UniqueConflict } from "@batch/core";

export type DriverProblem =
  /** A unique or primary key is taken. `key` is "<table>.<column>[+<column>...]" without the scoping column. */
  | { readonly _tag: "Unique"; readonly key: string; readonly primaryKey: boolean }
  /** The transaction lost a race (serialization failure, deadlock) and may succeed if run again. */
  | { readonly _tag: "Retryable"; readonly message: string }
  | { readonly _tag: "Other"; readonly message: string };

interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly detail?: unknown;
  readonly table?: unknown;
  readonly constraint?: unknown;
}

const asDriverError = (e: unknown): DriverError => (typeof e === "object" && e !== null ? (e as DriverError) : {});
const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Keys are unique within an organization (or a tenant): the scoping column says nothing about which key clashed. */
const SCOPE_COLUMNS: ReadonlyArray<string> = ["org_id", "tenant_key"];
const keyName = (table: string, columns: ReadonlyArray<string>): string => {
  const named = columns.filter((c) => !SCOPE_COLUMNS.includes(c));
  return `${table}.${(named.length > 0 ? named : columns).join("+")}`;
};

// PostgreSQL SQLSTATEs (appendix A of its manual).
const PG_UNIQUE_VIOLATION = "23505";
const PG_SERIALIZATION_FAILURE = "40001";
const PG_DEADLOCK_DETECTED = "40P01";

export const classifyDriverError = (error: unknown): DriverProblem => {
  const e = asDriverError(error);
  const code = text(e.code);
  const message = text(e.message) ?? String(error);
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    // "UNIQUE constraint failed: jobs.org_id, jobs.kind, jobs.subject_id"
    const qualified = message.slice(message.indexOf(":") + 1).split(",").map((c) => c.trim());
    const table = qualified[0]?.split(".")[0] ?? "unknown";
    const columns = qualified.map((c) => c.slice(c.indexOf(".") + 1));
    return { _tag: "Unique", key: keyName(table, columns), primaryKey: code === "SQLITE_CONSTRAINT_PRIMARYKEY" };
  }
  if (code === PG_UNIQUE_VIOLATION) {
    const table = text(e.table) ?? "unknown";
    const constraint = text(e.constraint) ?? "";
    // detail: "Key (org_id, batch_no)=(o1, 7) already exists." Only the column list is read;
    // the values may be personal data and never reach the error.
    const columns = /^Key \(([^)]*)\)=/.exec(text(e.detail) ?? "")?.[1]?.split(",").map((c) => c.trim()) ?? [constraint];
    return { _tag: "Unique", key: keyName(table, columns), primaryKey: constraint.endsWith("_pkey") };
  }
  if (code === PG_SERIALIZATION_FAILURE || code === PG_DEADLOCK_DETECTED) return { _tag: "Retryable", message };
  return { _tag: "Other", message };
};

/** Whether the work that failed with this cause may succeed when the transaction is run again. */
export const isRetryable = (cause: unknown): boolean => classifyDriverError(cause)._tag === "Retryable";

export const storeUnavailable = (what: string, cause: unknown): StoreUnavailable =>
  new StoreUnavailable({ message: `${what} failed: ${text(asDriverError(cause).message) ?? String(cause)}`.slice(0, 500), cause });

/** A driver failure as the port error a caller can act on; `names` maps derived keys to the constraint names a port promises. */
export const toStoreError = (what: string, cause: unknown, names?: Readonly<Record<string, string>>): UniqueConflict | StoreUnavailable => {
  const problem = classifyDriverError(cause);
  if (problem._tag !== "Unique") return storeUnavailable(what, cause);
  const constraint = names?.[problem.key] ?? problem.key;
  return new UniqueConflict({ constraint, message: `${constraint} is already taken` });
};
