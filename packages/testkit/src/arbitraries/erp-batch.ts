/**
 * Arbitraries for ERP batches: command sequences for one batch, built so that random runs reach
 * every state (transfer parameters are small and most blocks have the size their number needs),
 * and the states reachable by folding them.
 */
import { Either, FastCheck as fc } from "effect";
import {
  erpBatchDecider,
  expectedBlockSize,
  PayloadFormats,
  PayloadObjectTypes,
  totalDataBlocksFor,
  transition,
  type Actor,
  type ErpBatchCommand,
  type ErpBatchFailureReason,
  type ErpBatchState,
  type OrganizationId,
} from "@batch/core";

export const ERP_BATCH_ID = "e0000000-0000-4000-8000-000000000001";
export const ERP_ORG = "org-erp-arb" as OrganizationId;

/** Three SHA-256 values (of "a", "b" and "c"), so uploads repeat and conflict. */
export const ERP_DIGESTS = [
  "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
  "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d",
  "2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6",
] as const;

export const erpDigestArb: fc.Arbitrary<string> = fc.constantFrom(...ERP_DIGESTS);

export const erpActorArb: fc.Arbitrary<Actor> = fc.constantFrom(
  { id: "1d6e7f80-0000-4000-8000-000000000001", name: "ERP client" },
  { id: "1d6e7f80-0000-4000-8000-000000000002", name: "worker-1" },
);

export const erpInstantArb: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: 10_000_000 })
  .map((s) => new Date(Date.parse("2026-01-01T00:00:00.000Z") + s * 1000).toISOString());

const stamp = fc.record({ batchId: fc.constant(ERP_BATCH_ID), at: erpInstantArb, actor: erpActorArb });

export interface ErpTransferParameters {
  readonly totalPayloadSize: number;
  readonly dataBlockSize: number;
  readonly totalLineItemCount?: number;
}

const transferParametersArb: fc.Arbitrary<ErpTransferParameters> = fc
  .record({
    totalPayloadSize: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 24 }), weight: 9 }, { arbitrary: fc.constantFrom(-1, 1.5, 1e12), weight: 1 }),
    dataBlockSize: fc.integer({ min: 1, max: 6 }),
    totalLineItemCount: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  })
  .map((p) => (p.totalLineItemCount === undefined ? { totalPayloadSize: p.totalPayloadSize, dataBlockSize: p.dataBlockSize } : p));

const createArb = (p: ErpTransferParameters): fc.Arbitrary<ErpBatchCommand> =>
  fc
    .tuple(
      stamp,
      fc.constantFrom(...PayloadObjectTypes),
      fc.oneof({ arbitrary: fc.constant("JSON" as const), weight: 4 }, { arbitrary: fc.constantFrom(...PayloadFormats), weight: 1 }),
      fc.oneof({ arbitrary: fc.constant("BLOCKS" as const), weight: 4 }, { arbitrary: fc.constant("WHOLE" as const), weight: 1 }),
      fc.oneof({ arbitrary: fc.constant("client-1"), weight: 9 }, { arbitrary: fc.constant(""), weight: 1 }),
      erpDigestArb,
      fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, { arbitrary: fc.integer({ min: -2, max: 2 }), weight: 1 }),
    )
    .map(([s, payloadObjectType, format, transfer, clientRefId, digest, sizeError]): ErpBatchCommand => {
      const common = {
        ...s,
        orgId: ERP_ORG,
        clientRefId,
        referenceId: "ref-1",
        payloadObjectType,
        format,
        totalPayloadSize: p.totalPayloadSize,
        ...(p.totalLineItemCount === undefined ? {} : { totalLineItemCount: p.totalLineItemCount }),
      };
      return transfer === "BLOCKS"
        ? { _tag: "CreateForBlockTransfer", ...common, settings: { dataBlockSize: p.dataBlockSize, maxPayloadSize: 1000 } }
        : { _tag: "CreateUploadedWhole", ...common, settings: { maxPayloadSize: 1000 }, receivedSize: p.totalPayloadSize + sizeError, digest };
    });

/** Commands that follow a creation with parameters `p`: mostly well-formed, some deliberately not. */
const followingArb = (p: ErpTransferParameters): fc.Arbitrary<ErpBatchCommand> => {
  const blocks = Number.isSafeInteger(p.totalPayloadSize) && p.totalPayloadSize >= 0 ? totalDataBlocksFor(p.totalPayloadSize, p.dataBlockSize) : 1;
  const transfer = { totalPayloadSize: p.totalPayloadSize, dataBlockSize: p.dataBlockSize, totalDataBlocks: blocks };
  const receive = fc
    .tuple(stamp, fc.integer({ min: 0, max: blocks + 1 }), fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.integer({ min: 0, max: 7 }), weight: 1 }), erpDigestArb)
    .map(([s, blockNumber, size, digest]): ErpBatchCommand => ({ _tag: "ReceiveBlock", ...s, blockNumber, size: size ?? expectedBlockSize(transfer, blockNumber), digest }));
  const complete = fc
    .tuple(stamp, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.boolean(), fc.integer({ min: 0, max: 9 }))
    .map(([s, total, failedPick, consistent, extra]): ErpBatchCommand => {
      const count = consistent ? (p.totalLineItemCount ?? total) : total;
      const failed = Math.min(failedPick, count);
      return { _tag: "CompleteProcessing", ...s, itemCounts: consistent ? { total: count, succeeded: count - failed, failed } : { total: count, succeeded: extra, failed } };
    });
  return fc.oneof(
    { arbitrary: receive, weight: 12 },
    { arbitrary: stamp.map((s): ErpBatchCommand => ({ _tag: "CancelBatch", ...s })), weight: 1 },
    { arbitrary: stamp.map((s): ErpBatchCommand => ({ _tag: "StartProcessing", ...s })), weight: 2 },
    { arbitrary: complete, weight: 2 },
    {
      arbitrary: fc
        .tuple(stamp, fc.constantFrom<ErpBatchFailureReason>("PayloadMalformed", "LineItemCountMismatch", "PayloadSizeWrong", "NoApplier"))
        .map(([s, reason]): ErpBatchCommand => ({ _tag: "FailProcessing", ...s, reason, errors: [{ field: "", message: `failed: ${reason}` }] })),
      weight: 1,
    },
    { arbitrary: createArb(p), weight: 1 },
    { arbitrary: outboundCommandArb(6), weight: 1 },
  );
};

const emitArb = (itemCount: fc.Arbitrary<number>): fc.Arbitrary<ErpBatchCommand> =>
  fc
    .tuple(stamp, fc.constantFrom(...PayloadObjectTypes), itemCount)
    .map(([s, payloadObjectType, n]): ErpBatchCommand => ({ _tag: "EmitOutbound", ...s, orgId: ERP_ORG, payloadObjectType, itemCount: n }));

const acknowledgeArb = (itemCount: number): fc.Arbitrary<ErpBatchCommand> =>
  fc
    .tuple(stamp, fc.option(fc.array(fc.integer({ min: 0, max: itemCount + 1 }), { maxLength: 6 }), { nil: undefined, freq: 3 }))
    .map(([s, itemNumbers]): ErpBatchCommand => ({ _tag: "AcknowledgeItems", ...s, ...(itemNumbers === undefined ? {} : { itemNumbers }) }));

const outboundCommandArb = (itemCount: number): fc.Arbitrary<ErpBatchCommand> =>
  fc.oneof({ arbitrary: acknowledgeArb(itemCount), weight: 4 }, { arbitrary: emitArb(fc.integer({ min: -1, max: 6 })), weight: 1 });

/** Any single command for the batch, with arbitrary parameters. */
export const erpBatchCommandArb: fc.Arbitrary<ErpBatchCommand> = transferParametersArb.chain((p) => fc.oneof(createArb(p), followingArb(p)));

/** A life of an inbound batch: a few stray commands, a creation, then what follows it. */
export const erpInboundCommandsArb: fc.Arbitrary<ReadonlyArray<ErpBatchCommand>> = transferParametersArb.chain((p) =>
  fc
    .tuple(fc.array(followingArb(p), { maxLength: 2 }), createArb(p), fc.array(followingArb(p), { maxLength: 40 }))
    .map(([before, create, after]) => [...before, create, ...after]),
);

/** A life of an outbound batch: emitted, then acknowledged in parts. */
export const erpOutboundCommandsArb: fc.Arbitrary<ReadonlyArray<ErpBatchCommand>> = fc
  .integer({ min: 0, max: 6 })
  .chain((n) =>
    fc
      .tuple(emitArb(fc.constant(n)), fc.array(fc.oneof({ arbitrary: acknowledgeArb(n), weight: 5 }, { arbitrary: followingArb({ totalPayloadSize: 4, dataBlockSize: 2 }), weight: 1 }), { maxLength: 12 }))
      .map(([emit, rest]) => [emit, ...rest]),
  );

export const erpBatchCommandsArb: fc.Arbitrary<ReadonlyArray<ErpBatchCommand>> = fc.oneof(
  { arbitrary: erpInboundCommandsArb, weight: 3 },
  { arbitrary: erpOutboundCommandsArb, weight: 1 },
);

/** The state after deciding each command in turn (refused commands change nothing). */
export const foldErpBatchCommands = (commands: ReadonlyArray<ErpBatchCommand>): ErpBatchState =>
  commands.reduce(
    (state, command) => Either.match(transition(erpBatchDecider, state, command), { onLeft: () => state, onRight: (next) => next.state }),
    erpBatchDecider.initialState,
  );

/** States reachable from nothing by some sequence of commands. */
export const erpBatchStateArb: fc.Arbitrary<ErpBatchState> = erpBatchCommandsArb.map(foldErpBatchCommands);
