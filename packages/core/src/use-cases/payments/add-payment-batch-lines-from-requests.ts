/**
 * POST .../paymentBatches/{companyKey}/{paymentBatchKey}/paymentBatchLines/fromRequests
 * `{referenceIds: [...]}` (API.md, beyond the seed): one line per stored payment request, all or
 * none. A request must be for the batch's company and may be on only one live line (a line of a
 * batch that is neither deleted nor discarded), so nothing is paid twice.
 */
import { Effect, Option, Schema } from "effect";
import { fold } from "../../kernel/decider";
import * as Decimal from "../../money/decimal";
import {
  decidePaymentBatch,
  decodePaymentBatchInput,
  evolvePaymentBatch,
  type NewPaymentBatchLine,
  type PaymentBatch,
  type PaymentBatchError,
  type PaymentBatchEvent,
  type PaymentBatchInputInvalid,
  type PaymentBatchState,
} from "../../payment-batch";
import type { Clock, IdSource } from "../../ports/clock";
import type { StoreError } from "../../ports/errors";
import type { PaymentBatchRepository } from "../../ports/payment-batch-repository";
import type { CustomAttributeDefinitionStore, PaymentRequestStore } from "../../ports/payment-record-stores";
import type { UnitOfWork } from "../../ports/unit-of-work";
import { requiredField, Text } from "../../records/fields";
import {
  PaymentRequestAlreadyInBatch,
  PaymentRequestCompanyMismatch,
  PaymentRequestNotFound,
  type PaymentRequest,
  type PaymentRequestError,
} from "../../records/payment-request";
import { loadPaymentBatch, type PaymentsCaller, type PaymentBatchRef } from "./payment-batch-access";

const FromRequestsBody = Schema.Struct({
  referenceIds: requiredField(
    Schema.Array(Text).pipe(
      Schema.minItems(1, { message: () => "must name at least one payment request" }),
      Schema.maxItems(10_000, { message: () => "must name at most 10000 payment requests" }),
      Schema.filter((ids) => (new Set(ids).size === ids.length ? undefined : "must not name a payment request twice")),
    ),
  ),
});

type Stores = {
  readonly paymentBatches: PaymentBatchRepository;
  readonly paymentRequests: PaymentRequestStore;
  readonly customAttributes: CustomAttributeDefinitionStore;
};

export type AddPaymentBatchLinesFromRequestsError = PaymentBatchInputInvalid | PaymentRequestError | PaymentBatchError | StoreError;

/** The line a payment request becomes: its amount is transferred in full. */
export const lineFromRequest = (request: PaymentRequest, id: string): NewPaymentBatchLine => ({
  id,
  party: request.party,
  sourceDoc: request.sourceDoc ?? request.referenceId,
  discountAmount: Decimal.zero,
  withholdedAmount: Decimal.zero,
  transferAmount: request.amount,
  currency: request.currency,
  iBAN: request.iban,
  swift: request.swift,
  paymentInstruction: request.paymentInstruction,
  dueDate: request.dueDate,
  paymentRequestReferenceId: request.referenceId,
  customAttributes: {},
});

/** True when the request's line still exists in a batch that is not discarded. */
const isOnLiveLine = (stores: Stores, caller: PaymentsCaller, request: PaymentRequest) =>
  request.line === undefined
    ? Effect.succeed(false)
    : Effect.map(stores.paymentBatches.get(caller.orgId, request.line.paymentBatchId), (found) =>
        Option.exists(found, ({ state }) => state._tag !== "Discarded" && state.lines.some((l) => l.id === request.line?.lineId)),
      );

const requestFor = (stores: Stores, caller: PaymentsCaller, batch: PaymentBatch, referenceId: string) =>
  Effect.gen(function* () {
    const found = yield* stores.paymentRequests.get(caller.orgId, referenceId);
    if (Option.isNone(found)) return yield* Effect.fail(new PaymentRequestNotFound({ referenceId }));
    const request = found.value;
    if (request.companyKey !== batch.company) {
      return yield* Effect.fail(new PaymentRequestCompanyMismatch({ referenceId, companyKey: request.companyKey, company: batch.company }));
    }
    if (yield* isOnLiveLine(stores, caller, request)) {
      return yield* Effect.fail(new PaymentRequestAlreadyInBatch({ referenceId, paymentBatchId: request.line?.paymentBatchId ?? "" }));
    }
    return request;
  });

export const makeAddPaymentBatchLinesFromRequests =
  (deps: { readonly uow: UnitOfWork<Stores>; readonly clock: Clock; readonly ids: IdSource }) =>
  (input: PaymentsCaller & { readonly ref: PaymentBatchRef; readonly body: unknown }): Effect.Effect<PaymentBatch, AddPaymentBatchLinesFromRequestsError> =>
    Effect.gen(function* () {
      const { referenceIds } = yield* decodePaymentBatchInput(FromRequestsBody, "the list of payment requests")(input.body);
      const at = yield* deps.clock.now;
      const lineIds = yield* Effect.forEach(referenceIds, () => deps.ids.uuid);
      return yield* deps.uow.run((stores) =>
        Effect.gen(function* () {
          const loaded = yield* loadPaymentBatch(stores.paymentBatches, input.orgId, input.ref);
          const definitions = yield* stores.customAttributes.list(input.orgId);
          let state: PaymentBatchState = loaded.state;
          const events: Array<PaymentBatchEvent> = [];
          const linked: Array<PaymentRequest> = [];
          for (const [i, referenceId] of referenceIds.entries()) {
            const request = yield* requestFor(stores, input, loaded.state, referenceId);
            const line = lineFromRequest(request, lineIds[i] ?? "");
            const added: ReadonlyArray<PaymentBatchEvent> = yield* decidePaymentBatch(state, { _tag: "AddLine", at, actor: input.actor, line, definitions });
            state = fold(evolvePaymentBatch, state, added);
            events.push(...added);
            linked.push({ ...request, line: { paymentBatchId: loaded.state.id, lineId: line.id } });
          }
          if (state._tag === "Absent") return yield* Effect.dieMessage("adding lines removed the payment batch");
          yield* stores.paymentBatches.save({ orgId: input.orgId, id: state.id, state, events, expectedVersion: loaded.version });
          yield* Effect.forEach(linked, (request) => stores.paymentRequests.put(input.orgId, request), { discard: true });
          return state;
        }),
      );
    });
