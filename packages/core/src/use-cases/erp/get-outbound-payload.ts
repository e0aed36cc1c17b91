/**
 * Seed 000 `GET /erp/v1/outbound-batches/{batchId}/payload`: the items of an outbound batch, in
 * the negotiated format. Each record carries its `itemNumber` first, so a client can acknowledge
 * some items by number.
 */
import { Effect, Schema } from "effect";
import { ErpBatchNotFound } from "../../erp-batch/erp-batch.errors";
import { isOutboundErpBatch, type OutboundState } from "../../erp-batch/erp-batch.state";
import type { OrganizationId } from "../../kernel";
import type { PayloadFormat, RecordEncoder } from "../../ports/codecs";
import type { ErpBatchStores, OutboundItem } from "../../ports/erp-batch-repository";
import type { StoreUnavailable } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { PayloadObjectType } from "../../records/payload-object-type";
import { loadErpBatch } from "./erp-batch-steps";

export type OutboundFormat = Exclude<PayloadFormat, "ISO">;

export interface OutboundPayload {
  readonly batch: OutboundState;
  readonly items: ReadonlyArray<OutboundItem>;
  readonly format: OutboundFormat;
  readonly bytes: AsyncIterable<Uint8Array>;
}

/**
 * The schema of an outbound batch's records: `itemNumber`, then every field any item has, in the
 * order they first appear, each optional (emitters leave absent fields out). Naming the fields
 * gives a CSV payload one column per field even when the first item lacks some.
 */
export const outboundRecordSchema = (items: ReadonlyArray<OutboundItem>) => {
  const fields = new Set<string>(["itemNumber"]);
  for (const item of items) for (const name of Object.keys(item.payload)) fields.add(name);
  return Schema.Struct(Object.fromEntries([...fields].map((name) => [name, Schema.optional(Schema.Unknown)])));
};

/** XML element names: `<invoices><invoice>...`, from the payload object type. */
export const outboundXmlNames = (type: PayloadObjectType): { readonly root: string; readonly record: string } => {
  const record = type.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return { root: record.endsWith("s") ? `${record}es` : `${record}s`, record };
};

export const makeGetOutboundPayload =
  (deps: { readonly uow: UnitOfWork<Pick<ErpBatchStores, "erpBatches" | "erpBatchItems">>; readonly encoder: RecordEncoder }) =>
  (input: { readonly orgId: OrganizationId; readonly batchId: string; readonly format: OutboundFormat }): Effect.Effect<OutboundPayload, ErpBatchNotFound | StoreUnavailable> =>
    deps.uow
      .run(({ erpBatches, erpBatchItems }) =>
        Effect.gen(function* () {
          const { state } = yield* loadErpBatch(erpBatches, input.orgId, input.batchId);
          // An inbound batch has no outbound payload: it is not found on this path.
          if (!isOutboundErpBatch(state)) return yield* Effect.fail(new ErpBatchNotFound({ batchId: input.batchId }));
          return { batch: state, items: yield* erpBatchItems.getOutboundItems(input.orgId, input.batchId) };
        }),
      )
      .pipe(
        Effect.map(({ batch, items }) => ({
          batch,
          items,
          format: input.format,
          bytes: deps.encoder.encode({
            format: input.format,
            schema: outboundRecordSchema(items),
            records: items.map((item) => ({ ...item.payload, itemNumber: item.itemNumber })),
            xml: outboundXmlNames(batch.payloadObjectType),
          }),
        })),
      );
