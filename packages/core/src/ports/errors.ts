/** Errors the ports may fail with. They carry no HTTP knowledge; `apps/api` maps each tag. */
import { Data } from "effect";

/** The store or blob store could not be reached, or failed in a way the caller cannot fix. */
export class StoreUnavailable extends Data.TaggedError("Store.Unavailable")<{
  readonly message: string;
  readonly cause?: unknown;
}> {}

/** A save based on a stale version: someone else changed the aggregate first. Nothing was written. */
export class VersionConflict extends Data.TaggedError("Store.VersionConflict")<{
  readonly aggregate: string;
  readonly id: string;
  readonly expectedVersion: number;
}> {
  override get message() {
    return `${this.aggregate} ${this.id} was changed by someone else (expected version ${this.expectedVersion})`;
  }
}

/** A unique key is taken (`batchNo`, `jobId`, `clientRefId`+`referenceId`, ...). Nothing was written. */
export class UniqueConflict extends Data.TaggedError("Store.UniqueConflict")<{
  /** The key's name, e.g. "ap_batches.batch_no". */
  readonly constraint: string;
  readonly message: string;
}> {}

export type StoreError = StoreUnavailable | VersionConflict | UniqueConflict;
