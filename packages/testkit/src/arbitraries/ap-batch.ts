/**
 * Arbitraries for AP batches: decider commands (and the states reachable by folding them), and
 * steps of the AP use cases across several batches and invoices, for the cross-aggregate
 * properties.
 */
import { Either, FastCheck as fc } from "effect";
import {
  apBatchDecider,
  ApInvoiceStatuses,
  transition,
  type ApBatchCommand,
  type ApBatchState,
} from "@batch/core";
import { apActorArb, apDecimalArb, apInstantArb, apTextArb } from "./ap-invoice";

export const AP_BATCH_ID = "0b3c4a8e-5d7f-4e21-9a6b-2f1c3d4e5f60";

/** Invoice ids from a small pool, so commands meet the same invoices again. */
export const apInvoiceIdArb = (pool = 4): fc.Arbitrary<string> =>
  fc.integer({ min: 1, max: pool }).map((n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`);

const stamp = fc.record({ apBatchId: fc.constant(AP_BATCH_ID), at: apInstantArb, actor: apActorArb });

/** Commands for one batch, with invoice candidates in every status, some already in a batch. */
export const apBatchCommandArb: fc.Arbitrary<ApBatchCommand> = fc.oneof(
  { arbitrary: fc
    .tuple(stamp, fc.oneof(apTextArb, fc.constantFrom("", "  ", "x".repeat(51))), fc.option(apTextArb, { nil: undefined }))
    .map(([s, batchNo, reference]): ApBatchCommand => ({ _tag: "Create", ...s, batchNo, ...(reference === undefined ? {} : { reference }) })), weight: 1 },
  { arbitrary: fc
    .tuple(
      stamp,
      apInvoiceIdArb(6),
      fc.oneof({ arbitrary: fc.constant("Vouchered" as const), weight: 3 }, { arbitrary: fc.constantFrom(...ApInvoiceStatuses), weight: 1 }),
      fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.uuid(), weight: 1 }),
      fc.oneof({ arbitrary: apDecimalArb, weight: 4 }, { arbitrary: fc.constant(undefined), weight: 1 }),
    )
    .map(([s, apMatchedInvoiceId, matchedInvoiceStatus, apBatchId, invoiceValidationTotal]): ApBatchCommand => ({
      _tag: "AddInvoice",
      ...s,
      invoice: {
        apMatchedInvoiceId,
        matchedInvoiceStatus,
        ...(apBatchId === undefined ? {} : { apBatchId }),
        ...(invoiceValidationTotal === undefined ? {} : { invoiceValidationTotal }),
      },
    })), weight: 6 },
  { arbitrary: fc.tuple(stamp, apInvoiceIdArb(6)).map(([s, apMatchedInvoiceId]): ApBatchCommand => ({ _tag: "RemoveInvoice", ...s, apMatchedInvoiceId })), weight: 2 },
  { arbitrary: stamp.map((s): ApBatchCommand => ({ _tag: "SubmitToQueued", ...s })), weight: 1 },
  { arbitrary: fc.tuple(stamp, fc.uuid()).map(([s, outboundBatchId]): ApBatchCommand => ({ _tag: "Export", ...s, outboundBatchId })), weight: 1 },
);

/** Sequences that usually start with a successful create. */
export const apBatchCommandsArb: fc.Arbitrary<ReadonlyArray<ApBatchCommand>> = fc
  .tuple(stamp, apTextArb, fc.array(apBatchCommandArb, { maxLength: 30 }))
  .chain(([s, batchNo, rest]) =>
    fc.oneof(
      { arbitrary: fc.constant<ReadonlyArray<ApBatchCommand>>([{ _tag: "Create", ...s, batchNo }, ...rest]), weight: 4 },
      { arbitrary: fc.constant(rest), weight: 1 },
    ),
  );

/** The state reached by a command sequence, refusals skipped. */
export const foldApBatchCommands = (commands: ReadonlyArray<ApBatchCommand>): ApBatchState =>
  commands.reduce(
    (state, command) => Either.match(transition(apBatchDecider, state, command), { onLeft: () => state, onRight: (r) => r.state }),
    apBatchDecider.initialState,
  );

/** States reachable from the initial state. */
export const apBatchStateArb: fc.Arbitrary<ApBatchState> = apBatchCommandsArb.map(foldApBatchCommands);

/** One step of the AP use cases over batches 0..batches-1 and invoices 0..invoices-1. */
export type ApUseCaseStep =
  | { readonly _tag: "CreateBatch"; readonly batch: number; readonly batchNo?: string }
  | { readonly _tag: "AddInvoice"; readonly batch: number; readonly invoice: number }
  | { readonly _tag: "RemoveInvoice"; readonly batch: number; readonly invoice: number }
  | { readonly _tag: "SubmitToQueued"; readonly batch: number }
  | { readonly _tag: "Export"; readonly batch: number }
  /** An INVOICE upload of the invoice with a new validation total and status. */
  | { readonly _tag: "Upload"; readonly invoice: number; readonly status: "Pending" | "Matched" | "Vouchered"; readonly total: string };

export const apUseCaseStepArb = (size: { readonly batches: number; readonly invoices: number }): fc.Arbitrary<ApUseCaseStep> => {
  const batch = fc.integer({ min: 0, max: size.batches - 1 });
  const invoice = fc.integer({ min: 0, max: size.invoices - 1 });
  return fc.oneof(
    { arbitrary: fc.record({ _tag: fc.constant("CreateBatch" as const), batch, batchNo: fc.option(fc.constantFrom("B-1", "B-2", "B-3"), { nil: undefined }) }), weight: 2 },
    { arbitrary: fc.record({ _tag: fc.constant("AddInvoice" as const), batch, invoice }), weight: 6 },
    { arbitrary: fc.record({ _tag: fc.constant("RemoveInvoice" as const), batch, invoice }), weight: 2 },
    { arbitrary: fc.record({ _tag: fc.constant("SubmitToQueued" as const), batch }), weight: 1 },
    { arbitrary: fc.record({ _tag: fc.constant("Export" as const), batch }), weight: 1 },
    {
      arbitrary: fc.record({
        _tag: fc.constant("Upload" as const),
        invoice,
        status: fc.constantFrom("Pending" as const, "Matched" as const, "Vouchered" as const, "Vouchered" as const),
        total: apDecimalArb.map((d) => d.coefficient.toString() + (d.scale > 0 ? `e-${d.scale}` : "")),
      }),
      weight: 3,
    },
  );
};
