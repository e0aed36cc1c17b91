/**
 * A payment batch's life cycle decided by @batch/core inside an application of its own:
 * create a draft with two lines, export it to a SEPA file, take the bank's answers (one line
 * paid, one rejected), correct the rejected line's IBAN, export it again, and see the batch
 * finish. Every step is `decide` (a command in, accepted events or a refusal out) followed by
 * `evolve`, and every accepted step is saved through the application's own repository under the
 * version it was loaded at.
 *
 * Run it with `npm start` (after `npm run build`): it prints one line per step.
 */
import { Effect, Either, Option } from "effect";
import {
  Decimal,
  ibanWithCheckDigits,
  paymentBatchDecider,
  transition,
  type OrganizationId,
  type PaymentBatchCommand,
  type PaymentBatchState,
} from "@batch/core";
import { makeMapPaymentBatchStore } from "./map-payment-batch-store.js";

const ORG = "acme" as OrganizationId;
const BATCH = "0b7a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
const ACTOR = { id: "7a1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Pat Payer" };
const amount = (text: string) => Option.getOrThrow(Decimal.parse(text));

/** The outside world's non-determinism (time, ids, who) travels in the command: the core has none. */
const stamp = (minute: number) => ({ at: new Date(Date.UTC(2026, 3, 1, 9, minute)).toISOString(), actor: ACTOR });

export interface Step {
  readonly command: PaymentBatchCommand["_tag"];
  /** The state after the step, or the refusal's tag and message. */
  readonly outcome: string;
  readonly events: ReadonlyArray<string>;
}

export const paymentBatchLifeCycle = (): Promise<ReadonlyArray<Step>> => {
  const store = makeMapPaymentBatchStore();
  const commands: ReadonlyArray<PaymentBatchCommand> = [
    {
      _tag: "CreatePaymentBatch",
      ...stamp(0),
      id: BATCH,
      company: "ACME-DE",
      paymentBatchKey: 1,
      documentDate: "2026-04-01",
      currency: "EUR",
      exchangeRate: amount("1"),
      paymentMethod: "TRF",
      bankAccountType: "01",
      financialAccount: "MAIN",
      allowExport: true,
      customAttributes: {},
      definitions: [],
      lines: [
        { id: "line-1", party: "Muster GmbH", sourceDoc: "INV-1001", discountAmount: Decimal.zero, withholdedAmount: Decimal.zero, transferAmount: amount("1250.40"), currency: "EUR", iBAN: ibanWithCheckDigits("DE", "370400440532013000"), customAttributes: {} },
        { id: "line-2", party: "Beispiel AG", sourceDoc: "INV-1002", discountAmount: Decimal.zero, withholdedAmount: Decimal.zero, transferAmount: amount("99.60"), currency: "EUR", iBAN: ibanWithCheckDigits("DE", "500105175407324931"), customAttributes: {} },
      ],
    },
    // A refusal: a line of a draft has no bank answer to take. Nothing is saved.
    { _tag: "SetLineStatus", ...stamp(1), lineId: "line-1", status: "Success" },
    { _tag: "ExportPaymentBatch", ...stamp(2), messageId: "MSG-1", exportTransactionGroupId: "PMT-1", exportTransactionIds: ["E2E-1", "E2E-2"], version: "pain.001.001.09" },
    { _tag: "SetLineStatus", ...stamp(3), lineId: "line-1", status: "Success" },
    { _tag: "SetLineStatus", ...stamp(4), lineId: "line-2", status: "Error", externalStatusCode: "AC01", reason: "incorrect account number" },
    { _tag: "SetLineBankDetail", ...stamp(5), lineId: "line-2", field: "iBAN", value: ibanWithCheckDigits("DE", "120300000000202051") },
    { _tag: "ExportPaymentBatch", ...stamp(6), messageId: "MSG-2", exportTransactionGroupId: "PMT-2", exportTransactionIds: ["E2E-3"], version: "pain.001.001.09" },
    { _tag: "SetLineStatus", ...stamp(7), lineId: "line-2", status: "Success" },
  ];

  /** Loads the batch, decides the command and saves the outcome in one unit of work. */
  const step = (command: PaymentBatchCommand) =>
    store.run(({ paymentBatches }) =>
      Effect.gen(function* () {
        const loaded = yield* paymentBatches.get(ORG, BATCH);
        const state: PaymentBatchState = Option.match(loaded, { onNone: () => paymentBatchDecider.initialState, onSome: (v) => v.state });
        const version = Option.match(loaded, { onNone: () => 0, onSome: (v) => v.version });
        const decided = transition(paymentBatchDecider, state, command);
        if (Either.isLeft(decided)) {
          return { command: command._tag, outcome: `refused ${decided.left._tag}: ${decided.left.message}`, events: [] };
        }
        const next = decided.right.state;
        if (next._tag === "Absent") return { command: command._tag, outcome: "deleted", events: decided.right.events.map((e) => e._tag) };
        yield* paymentBatches.save({ orgId: ORG, id: BATCH, state: next, events: decided.right.events, expectedVersion: version });
        const open = `${next.numberOfOpenItems} open of ${next.lines.length}, total ${Decimal.format(next.totalAmount)} ${next.currency}`;
        return { command: command._tag, outcome: `${next._tag} (${open})`, events: decided.right.events.map((e) => e._tag) };
      }),
    );

  return Effect.runPromise(Effect.forEach(commands, step));
};

// Run as a program (not when a test imports it).
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { command, outcome, events } of await paymentBatchLifeCycle()) {
    console.log(`${command.padEnd(20)} -> ${outcome}${events.length > 0 ? `  [${events.join(", ")}]` : ""}`);
  }
}
