/**
 * Where a process's files live in the blob store: under its organization and id, so a key never
 * crosses organizations and a process re-run writes over its own output.
 */
import type { Either } from "effect";
import type { OrganizationId } from "../kernel";
import { parseBlobKey, type BlobKey, type BlobKeyInvalid } from "../ports/blob-store";

/**
 * An organization id as one key segment. Characters outside [A-Za-z0-9_-] become "." and four hex
 * digits; "." itself is escaped, so the encoding is one-to-one and never yields "." or "..".
 */
const orgSegment = (orgId: OrganizationId): string =>
  [...orgId]
    .map((ch) =>
      /^[A-Za-z0-9_-]$/.test(ch)
        ? ch
        : Array.from({ length: ch.length }, (_, i) => `.${ch.charCodeAt(i).toString(16).padStart(4, "0")}`).join(""),
    )
    .join("");

const keyOf = (orgId: OrganizationId, id: number, name: string): Either.Either<BlobKey, BlobKeyInvalid> =>
  parseBlobKey(`batch-processes/${orgSegment(orgId)}/${id}/${name}`);

/** The CSV a client PUTs through the upload URL. */
export const batchProcessInputKey = (orgId: OrganizationId, id: number) => keyOf(orgId, id, "input.csv");

/** The output CSV: every input row plus `status` and `errorMessage`. */
export const batchProcessOutputKey = (orgId: OrganizationId, id: number) => keyOf(orgId, id, "output.csv");
