/**
 * The ApBatch decisions, one function per command with its own closed error union (the use cases
 * call these), and `decideApBatch` over every command. Total: refusals are values, never throws.
 */
import { Either } from "effect";
import type { FieldError } from "../kernel";
import {
  ApBatchAlreadyExists,
  ApBatchAlreadyExported,
  ApBatchAlreadyQueued,
  ApBatchHasNoInvoices,
  ApBatchInvalid,
  ApBatchNotFound,
  InvoiceNotInBatch,
  InvoiceNotVouchered,
  type ApBatchError,
} from "./ap-batch.errors";
import type { AddInvoiceToApBatch, ApBatchCommand, CreateApBatch, ExportApBatch, RemoveInvoiceFromApBatch, SubmitApBatchToQueued } from "./ap-batch.commands";
import type { ApBatchCreated, ApBatchEvent, ApBatchExportedEvent, InvoiceAddedToApBatch, InvoiceRemovedFromApBatch, ApBatchSubmittedToQueued } from "./ap-batch.events";
import { apBatchContainsInvoice, apBatchHasInvoices, apBatchLineTotalOf, invoiceMayJoinApBatch } from "./ap-batch.invariants";
import type { ApBatchState, ExistingApBatch } from "./ap-batch.state";

export const AP_BATCH_NO_MAX_LENGTH = 50;
export const AP_BATCH_REFERENCE_MAX_LENGTH = 255;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const textProblems = (field: string, value: string, max: number): ReadonlyArray<FieldError> => [
  ...(value.length > max ? [{ field, message: `must be at most ${max} characters` }] : []),
  ...(CONTROL.test(value) ? [{ field, message: "must not hold control characters" }] : []),
];

export const decideCreateApBatch = (
  state: ApBatchState,
  command: CreateApBatch,
): Either.Either<readonly [ApBatchCreated], ApBatchAlreadyExists | ApBatchInvalid> => {
  if (state._tag !== "Absent") return Either.left(new ApBatchAlreadyExists({ apBatchId: command.apBatchId }));
  const batchNo = command.batchNo.trim();
  const reference = command.reference?.trim() ?? "";
  const errors = [
    ...(batchNo === "" ? [{ field: "batchNo", message: "must not be blank" }] : textProblems("batchNo", batchNo, AP_BATCH_NO_MAX_LENGTH)),
    ...textProblems("reference", reference, AP_BATCH_REFERENCE_MAX_LENGTH),
  ];
  if (errors.length > 0) return Either.left(new ApBatchInvalid({ errors }));
  return Either.right([
    {
      _tag: "Created",
      apBatchId: command.apBatchId,
      batchNo,
      ...(reference === "" ? {} : { reference }),
      at: command.at,
      actor: command.actor,
    },
  ]);
};

/** The batch as it exists, or why a command for it is refused: absent, or terminal. */
const changeable = (state: ApBatchState, apBatchId: string): Either.Either<ExistingApBatch, ApBatchNotFound | ApBatchAlreadyExported> =>
  state._tag === "Absent"
    ? Either.left(new ApBatchNotFound({ apBatchId }))
    : state._tag === "Exported"
      ? Either.left(new ApBatchAlreadyExported({ apBatchId }))
      : Either.right(state);

export const decideAddInvoiceToApBatch = (
  state: ApBatchState,
  command: AddInvoiceToApBatch,
): Either.Either<readonly [InvoiceAddedToApBatch], ApBatchNotFound | ApBatchAlreadyExported | InvoiceNotVouchered> =>
  Either.flatMap(changeable(state, command.apBatchId), (batch) =>
    // The batch's own list is checked too, so a stale candidate can never join twice.
    invoiceMayJoinApBatch(command.invoice) && !apBatchContainsInvoice(batch, command.invoice.apMatchedInvoiceId)
      ? Either.right([
          {
            _tag: "InvoiceAdded",
            apMatchedInvoiceId: command.invoice.apMatchedInvoiceId,
            invoiceValidationTotal: apBatchLineTotalOf(command.invoice),
            at: command.at,
            actor: command.actor,
          },
        ] as const)
      : Either.left(
          new InvoiceNotVouchered({
            apMatchedInvoiceId: command.invoice.apMatchedInvoiceId,
            matchedInvoiceStatus: command.invoice.matchedInvoiceStatus,
          }),
        ),
  );

export const decideRemoveInvoiceFromApBatch = (
  state: ApBatchState,
  command: RemoveInvoiceFromApBatch,
): Either.Either<readonly [InvoiceRemovedFromApBatch], ApBatchNotFound | ApBatchAlreadyExported | InvoiceNotInBatch> =>
  Either.flatMap(changeable(state, command.apBatchId), (batch) => {
    const line = batch.invoices.find((l) => l.apMatchedInvoiceId === command.apMatchedInvoiceId);
    return line === undefined
      ? Either.left(new InvoiceNotInBatch({ apBatchId: command.apBatchId, apMatchedInvoiceId: command.apMatchedInvoiceId }))
      : Either.right([
          {
            _tag: "InvoiceRemoved",
            apMatchedInvoiceId: line.apMatchedInvoiceId,
            invoiceValidationTotal: line.invoiceValidationTotal,
            at: command.at,
            actor: command.actor,
          },
        ] as const);
  });

export const decideSubmitApBatchToQueued = (
  state: ApBatchState,
  command: SubmitApBatchToQueued,
): Either.Either<readonly [ApBatchSubmittedToQueued], ApBatchNotFound | ApBatchAlreadyQueued | ApBatchAlreadyExported> =>
  Either.flatMap(changeable(state, command.apBatchId), (batch) =>
    batch._tag === "Queued"
      ? Either.left(new ApBatchAlreadyQueued({ apBatchId: command.apBatchId }))
      : Either.right([{ _tag: "SubmittedToQueued", at: command.at, actor: command.actor }] as const),
  );

export const decideExportApBatch = (
  state: ApBatchState,
  command: ExportApBatch,
): Either.Either<readonly [ApBatchExportedEvent], ApBatchNotFound | ApBatchAlreadyExported | ApBatchHasNoInvoices> =>
  Either.flatMap(changeable(state, command.apBatchId), (batch) =>
    apBatchHasInvoices(batch)
      ? Either.right([{ _tag: "Exported", outboundBatchId: command.outboundBatchId, at: command.at, actor: command.actor }] as const)
      : Either.left(new ApBatchHasNoInvoices({ apBatchId: command.apBatchId })),
  );

export const decideApBatch = (state: ApBatchState, command: ApBatchCommand): Either.Either<ReadonlyArray<ApBatchEvent>, ApBatchError> => {
  switch (command._tag) {
    case "Create":
      return decideCreateApBatch(state, command);
    case "AddInvoice":
      return decideAddInvoiceToApBatch(state, command);
    case "RemoveInvoice":
      return decideRemoveInvoiceFromApBatch(state, command);
    case "SubmitToQueued":
      return decideSubmitApBatchToQueued(state, command);
    case "Export":
      return decideExportApBatch(state, command);
  }
};
