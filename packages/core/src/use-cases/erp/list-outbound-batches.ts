/** Seed 000 `GET /erp/v1/outbound-batches`: outbound batches waiting for pick-up (PENDING, PARTIAL_PENDING), oldest first. */
import type { Effect } from "effect";
import type { OutboundState } from "../../erp-batch/erp-batch.state";
import type { OrganizationId } from "../../kernel";
import type { ErpBatchStores } from "../../ports/erp-batch-repository";
import type { StoreUnavailable } from "../../ports/errors";
import type { UnitOfWork } from "../../ports/unit-of-work";
import type { PayloadObjectType } from "../../records/payload-object-type";

export const makeListOutboundBatches =
  (deps: { readonly uow: UnitOfWork<Pick<ErpBatchStores, "erpBatches">> }) =>
  (input: { readonly orgId: OrganizationId; readonly payloadObjectType?: PayloadObjectType }): Effect.Effect<ReadonlyArray<OutboundState>, StoreUnavailable> =>
    deps.uow.run(({ erpBatches }) => erpBatches.listOutboundPending(input.orgId, input.payloadObjectType));
