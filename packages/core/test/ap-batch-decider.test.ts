import { describe, expect, it } from "vitest";
import { Either, Option } from "effect";
import {
  apBatchDecider,
  apBatchViewOf,
  brokenApBatchInvariants,
  Decimal,
  encodeApBatchView,
  transition,
  type ApBatchCommand,
  type ApBatchInvoiceCandidate,
  type ApBatchState,
  type ExistingApBatch,
} from "../src";

const ID = "a0000000-0000-4000-8000-000000000001";
const ADA = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Ada" };
const BOB = { id: "7a2f1d2b-4c3e-4d6f-9a81-223344556677", name: "Bob" };
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));
const s = (minute: number, actor = ADA) => ({ apBatchId: ID, at: at(minute), actor });

const create = (batchNo = "B-1", reference?: string): ApBatchCommand => ({ _tag: "Create", ...s(0), batchNo, ...(reference === undefined ? {} : { reference }) });
const candidate = (n: number, total?: string, more: Partial<ApBatchInvoiceCandidate> = {}): ApBatchInvoiceCandidate => ({
  apMatchedInvoiceId: `b0000000-0000-4000-8000-00000000000${n}`,
  matchedInvoiceStatus: "Vouchered",
  ...(total === undefined ? {} : { invoiceValidationTotal: dec(total) }),
  ...more,
});
const add = (invoice: ApBatchInvoiceCandidate, minute = 1, actor = ADA): ApBatchCommand => ({ _tag: "AddInvoice", ...s(minute, actor), invoice });
const remove = (n: number, minute = 2): ApBatchCommand => ({ _tag: "RemoveInvoice", ...s(minute), apMatchedInvoiceId: candidate(n).apMatchedInvoiceId });
const submit = (minute = 3, actor = ADA): ApBatchCommand => ({ _tag: "SubmitToQueued", ...s(minute, actor) });
const exportIt = (minute = 4, actor = ADA): ApBatchCommand => ({ _tag: "Export", ...s(minute, actor), outboundBatchId: "c0000000-0000-4000-8000-000000000001" });

const run = (...commands: ReadonlyArray<ApBatchCommand>): ApBatchState =>
  commands.reduce((state, command) => Either.getOrThrowWith(transition(apBatchDecider, state, command), (e) => new Error(e.message)).state, apBatchDecider.initialState);
const existing = (state: ApBatchState): ExistingApBatch => {
  if (state._tag === "Absent") throw new Error("absent");
  return state;
};
const refusal = (state: ApBatchState, command: ApBatchCommand) => Either.getLeft(apBatchDecider.decide(state, command)).pipe(Option.getOrThrow);

describe("ApBatch: create", () => {
  it("opens a batch with its batchNo, reference, creator and no invoices", () => {
    const state = existing(run(create(" B-1 ", "  March  ")));
    expect(state).toEqual({
      _tag: "Open",
      apBatchId: ID,
      batchNo: "B-1",
      reference: "March",
      invoices: [],
      invoiceCount: 0,
      batchTotal: Decimal.zero,
      dateCreated: at(0),
      createdBy: ADA.id,
      createdByUserName: "Ada",
      lastUpdated: at(0),
      lastUpdatedBy: ADA.id,
      lastUpdatedByUserName: "Ada",
    });
    expect(run(create("B-1", "   "))).not.toHaveProperty("reference");
  });

  it("refuses a blank, overlong or control-character batchNo and an overlong reference, naming the fields", () => {
    expect(refusal(apBatchDecider.initialState, create("   "))).toMatchObject({ _tag: "ApBatch.Invalid", errors: [{ field: "batchNo", message: "must not be blank" }] });
    expect(refusal(apBatchDecider.initialState, create("x".repeat(51), "r".repeat(256))).message).toBe(
      "batchNo: must be at most 50 characters; reference: must be at most 255 characters",
    );
    expect(refusal(apBatchDecider.initialState, create("B\u00001")).message).toBe("batchNo: must not hold control characters");
    expect(Either.isRight(apBatchDecider.decide(apBatchDecider.initialState, create("x".repeat(50), "r".repeat(255))))).toBe(true);
  });

  it("refuses to create a batch that exists", () => {
    expect(refusal(run(create()), create("B-2"))._tag).toBe("ApBatch.AlreadyExists");
  });
});

describe("ApBatch: add invoice", () => {
  it("adds a Vouchered invoice in Open and in Queued, counting it and its validation total exactly", () => {
    const state = existing(run(create(), add(candidate(1, "0.1")), submit(2), add(candidate(2, "0.2"), 3, BOB)));
    expect(state._tag).toBe("Queued");
    expect(state.invoiceCount).toBe(2);
    expect(Decimal.format(state.batchTotal)).toBe("0.3");
    expect(state.invoices.map((l) => l.apMatchedInvoiceId)).toEqual([candidate(1).apMatchedInvoiceId, candidate(2).apMatchedInvoiceId]);
    expect(state).toMatchObject({ lastUpdated: at(3), lastUpdatedBy: BOB.id, lastUpdatedByUserName: "Bob" });
  });

  it("counts an invoice without a validation total as 0", () => {
    const state = existing(run(create(), add(candidate(1)), add(candidate(2, "-7.5"))));
    expect(Decimal.format(state.batchTotal)).toBe("-7.5");
    expect(state.invoiceCount).toBe(2);
  });

  it("refuses an invoice that is not Vouchered: 'Invoice is NOT in the Vouchered status'", () => {
    const open = run(create());
    for (const status of ["Pending", "Matched", "Batched", "Exported"] as const) {
      const error = refusal(open, add(candidate(1, "1", { matchedInvoiceStatus: status })));
      expect(error._tag).toBe("ApBatch.InvoiceNotVouchered");
      expect(error.message).toBe("Invoice is NOT in the Vouchered status");
    }
  });

  it("refuses an invoice already in a batch, this one or another, with the same message", () => {
    const state = run(create(), add(candidate(1)));
    expect(refusal(state, add(candidate(1, undefined, { matchedInvoiceStatus: "Batched", apBatchId: ID }))).message).toBe("Invoice is NOT in the Vouchered status");
    expect(refusal(state, add(candidate(2, undefined, { apBatchId: "a0000000-0000-4000-8000-000000000009" }))).message).toBe("Invoice is NOT in the Vouchered status");
  });

  // Shrunk counterexample of "the invariants hold in every reachable state".
  it("refuses an invoice already in this batch even when the candidate still says Vouchered", () => {
    const state = run(create(), add(candidate(2, "0")));
    expect(refusal(state, add(candidate(2, "0")))).toMatchObject({ _tag: "ApBatch.InvoiceNotVouchered", message: "Invoice is NOT in the Vouchered status" });
  });

  it("refuses any invoice once the batch is Exported, and for a batch that does not exist", () => {
    expect(refusal(run(create(), add(candidate(1)), exportIt()), add(candidate(2)))).toMatchObject({
      _tag: "ApBatch.AlreadyExported",
      message: "Specified batch exists in the Exported status.",
    });
    expect(refusal(apBatchDecider.initialState, add(candidate(2)))).toMatchObject({ _tag: "ApBatch.NotFound", apBatchId: ID });
  });
});

describe("ApBatch: remove invoice (extension)", () => {
  it("takes the invoice and its total out of the batch", () => {
    const state = existing(run(create(), add(candidate(1, "2.50")), add(candidate(2, "1")), remove(1, 5)));
    expect(state.invoices.map((l) => l.apMatchedInvoiceId)).toEqual([candidate(2).apMatchedInvoiceId]);
    expect(state.invoiceCount).toBe(1);
    expect(Decimal.format(state.batchTotal)).toBe("1");
    expect(state.lastUpdated).toBe(at(5));
    expect(existing(run(create(), add(candidate(1)), submit(), remove(1)))._tag).toBe("Queued");
  });

  it("refuses an invoice not in the batch, and any once Exported", () => {
    expect(refusal(run(create(), add(candidate(1))), remove(2))).toMatchObject({ _tag: "ApBatch.InvoiceNotInBatch", apMatchedInvoiceId: candidate(2).apMatchedInvoiceId });
    expect(refusal(run(create(), add(candidate(1)), exportIt()), remove(1))._tag).toBe("ApBatch.AlreadyExported");
  });
});

describe("ApBatch: submit to queued", () => {
  it("queues an Open batch, empty or not, and schedules its export", () => {
    const state = existing(run(create(), submit(7, BOB)));
    expect(state._tag).toBe("Queued");
    expect(apBatchViewOf(state)).toMatchObject({ batchStatusId: 2, batchStatus: "Queued", isScheduledExporting: true, lastUpdatedBy: BOB.id });
  });

  it("refuses a Queued batch: 'Specified batch exists in the Queued status.'", () => {
    const error = refusal(run(create(), submit()), submit());
    expect(error._tag).toBe("ApBatch.AlreadyQueued");
    expect(error.message).toBe("Specified batch exists in the Queued status.");
  });

  it("refuses an Exported batch", () => {
    expect(refusal(run(create(), add(candidate(1)), exportIt()), submit())._tag).toBe("ApBatch.AlreadyExported");
  });
});

describe("ApBatch: export", () => {
  it("exports an Open or Queued batch with invoices: lastExportDate = at, no longer scheduled", () => {
    for (const before of [run(create(), add(candidate(1, "3"))), run(create(), add(candidate(1, "3")), submit())]) {
      const { state, events } = Either.getOrThrow(transition(apBatchDecider, before, exportIt(9, BOB)));
      expect(events).toEqual([{ _tag: "Exported", outboundBatchId: "c0000000-0000-4000-8000-000000000001", at: at(9), actor: BOB }]);
      expect(apBatchViewOf(existing(state))).toMatchObject({
        batchStatusId: 3,
        batchStatus: "Exported",
        isScheduledExporting: false,
        lastExportDate: at(9),
        lastUpdated: at(9),
        lastUpdatedByUserName: "Bob",
        invoiceCount: 1,
      });
      expect(apBatchDecider.isTerminal(state)).toBe(true);
    }
  });

  it("refuses a batch without invoices: 'This Batch cannot be exported because it does not contain any invoice.'", () => {
    for (const empty of [run(create()), run(create(), add(candidate(1)), remove(1)), run(create(), submit())]) {
      const error = refusal(empty, exportIt());
      expect(error._tag).toBe("ApBatch.NoInvoices");
      expect(error.message).toBe("This Batch cannot be exported because it does not contain any invoice.");
    }
  });

  it("refuses a batch already Exported", () => {
    expect(refusal(run(create(), add(candidate(1)), exportIt()), exportIt())._tag).toBe("ApBatch.AlreadyExported");
  });
});

describe("ApBatch view", () => {
  it("encodes to the seed's JSON, batchTotal as a number written from the exact value", () => {
    const state = existing(run(create("B-7", "ref"), add(candidate(1, "0.1")), add(candidate(2, "0.2"))));
    expect(brokenApBatchInvariants(state)).toEqual([]);
    expect(encodeApBatchView(apBatchViewOf(state))).toEqual({
      apBatchId: ID,
      batchNo: "B-7",
      reference: "ref",
      batchStatusId: 1,
      batchStatus: "Open",
      batchTotal: 0.3,
      invoiceCount: 2,
      isScheduledExporting: false,
      dateCreated: at(0),
      createdBy: ADA.id,
      createdByUserName: "Ada",
      lastUpdated: at(1),
      lastUpdatedBy: ADA.id,
      lastUpdatedByUserName: "Ada",
    });
  });
});
