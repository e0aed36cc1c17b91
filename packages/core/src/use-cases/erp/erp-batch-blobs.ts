/**
 * Where an inbound batch's payload lives in the blob store, and how it is read back.
 *
 * - A block-transfer block is stored under `erp/<org>/<batch>/blocks/<n>/<sha256>`: the key names
 *   the content, so a concurrent upload of other content for the same number can never replace
 *   the block the batch recorded, and a refused upload is never visible as that block.
 * - A whole upload is stored under `erp/<org>/<batch>/payload`: its batch id is new to that
 *   request, so nothing else writes there.
 * - Uploads stream first to `erp/<org>/<batch>/staging/<uploadId>` (the digest is known only once
 *   the body is in); a block the batch accepts is then moved to its content key inside the store,
 *   without rewriting it, and staging blobs are deleted when the request ends.
 */
import { Effect, Either } from "effect";
import type { InboundState } from "../../erp-batch/erp-batch.state";
import type { OrganizationId } from "../../kernel";
import { type BlobKey, BlobNotFound, type BlobStore, type BlobStoreUnavailable, parseBlobKey } from "../../ports/blob-store";

/**
 * A key segment for any id: ids of letters, digits, ".", "_" and "-" that start with a letter or
 * digit stay as they are; any other id is spelled "_" + its code points in hex, which no kept id
 * can look like, so two ids never share a segment. (An id so long that its segment passes the
 * blob store's limits is a defect.)
 */
const segment = (id: string): string =>
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id) ? id : `_${[...id].map((c) => (c.codePointAt(0) ?? 0).toString(16).padStart(6, "0")).join("")}`;

const key = (text: string): BlobKey =>
  Either.getOrElse(parseBlobKey(text), (e) => {
    // Every part is a checked segment, so an invalid key is a bug here, not bad input.
    throw new Error(`invalid ERP batch blob key: ${e.message}`);
  });

const prefix = (orgId: OrganizationId, batchId: string) => `erp/${segment(orgId)}/${segment(batchId)}`;

export const stagingKey = (orgId: OrganizationId, batchId: string, uploadId: string): BlobKey =>
  key(`${prefix(orgId, batchId)}/staging/${segment(uploadId)}`);

export const wholePayloadKey = (orgId: OrganizationId, batchId: string): BlobKey => key(`${prefix(orgId, batchId)}/payload`);

export const blockContentKey = (orgId: OrganizationId, batchId: string, blockNumber: number, digest: string): BlobKey =>
  key(`${prefix(orgId, batchId)}/blocks/${blockNumber}/${segment(digest)}`);

/** The key of a received block; undefined when the batch has not received it. */
export const receivedBlockKey = (state: InboundState, blockNumber: number): BlobKey | undefined => {
  const digest = state.receivedBlocks[String(blockNumber)];
  if (digest === undefined) return undefined;
  return state.transfer === "WHOLE" ? wholePayloadKey(state.orgId, state.batchId) : blockContentKey(state.orgId, state.batchId, blockNumber, digest);
};

/** Sizes of the received blocks, in order; a block without its blob counts as erpBatchAbsent. */
export const storedBlockSizes = (
  blobs: BlobStore,
  state: InboundState,
): Effect.Effect<ReadonlyArray<number | undefined>, BlobStoreUnavailable> =>
  Effect.forEach(
    Array.from({ length: state.totalDataBlocks }, (_, i) => receivedBlockKey(state, i + 1)),
    (k) => (k === undefined ? Effect.succeed(undefined) : blobs.size(k)),
  );

/**
 * The whole payload: the blocks in order, each opened only when the one before is read. A block
 * that cannot be read makes the iteration throw its BlobNotFound or BlobStoreUnavailable.
 */
export const payloadBytes = (blobs: BlobStore, state: InboundState): AsyncIterable<Uint8Array> => ({
  async *[Symbol.asyncIterator]() {
    for (let n = 1; n <= state.totalDataBlocks; n++) {
      const k = receivedBlockKey(state, n);
      if (k === undefined) throw new BlobNotFound({ key: `${prefix(state.orgId, state.batchId)}/blocks/${n}` });
      const opened = await Effect.runPromise(Effect.either(blobs.get(k)));
      if (Either.isLeft(opened)) throw opened.left;
      yield* opened.right;
    }
  },
});
