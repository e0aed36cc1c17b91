import { describe, expect, it } from "vitest";
import { Effect, FastCheck as fc, Option } from "effect";
import { Decimal, makeRunBatchInit, makeUploadJsonCustomers, makeUploadJsonInvoices, type Actor, type OrganizationId } from "../src";
import { customerNumberArb, documentInputArb } from "../../testkit/src/arbitraries/receivable";
import { makeMemoryBatchProcessPorts } from "../../testkit/src/memory/batch-process-ports";

const ORG = "org-ebill" as OrganizationId;
const actor: Actor = { id: "11111111-1111-4111-8111-111111111111", name: "ERP client" };
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect);
const CUSTOMERS = ["C1001", "C1002", "C1003"];

type Step = { readonly _tag: "Upload"; readonly rows: ReadonlyArray<Record<string, unknown>> } | { readonly _tag: "ZeroOut" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.array(documentInputArb(customerNumberArb(3)), { minLength: 1, maxLength: 6 }).map((rows): Step => ({ _tag: "Upload", rows })) },
  { weight: 1, arbitrary: fc.constant<Step>({ _tag: "ZeroOut" }) },
);

const amount = (u: unknown) => Option.getOrThrow(typeof u === "number" ? Decimal.fromNumber(u) : Decimal.parse(String(u)));

/**
 * The model: each document's fields as last imported (absent fields kept), and which documents
 * were imported since the last zero-out; a customer's balance is what those documents contribute.
 */
const expectedBalances = (steps: ReadonlyArray<Step>) => {
  const documents = new Map<string, Record<string, unknown>>();
  const counted = new Set<string>();
  for (const step of steps) {
    if (step._tag === "ZeroOut") {
      counted.clear();
      continue;
    }
    for (const row of step.rows) {
      const key = JSON.stringify([row.customerNumber, row.invoiceNumber]);
      documents.set(key, { ...documents.get(key), ...row });
      counted.add(key);
    }
  }
  const balances = new Map(CUSTOMERS.map((c) => [c, Decimal.zero]));
  for (const key of counted) {
    const doc = documents.get(key)!;
    const value = amount(doc.balanceAmount ?? doc.invoiceAmount);
    const signed = doc.documentType === "CreditMemo" ? Decimal.negate(value) : value;
    balances.set(String(doc.customerNumber), Decimal.add(balances.get(String(doc.customerNumber))!, signed));
  }
  return balances;
};

describe("receivable balances", () => {
  it("equal exactly what the documents imported since the last zero-out contribute, however often they are re-imported", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 6 }), async (steps) => {
        const ports = makeMemoryBatchProcessPorts();
        const limits = { maxRecords: 100, maxBytes: 100_000 };
        const invoices = makeUploadJsonInvoices({ ...ports, limits });
        const init = makeRunBatchInit(ports);
        await run(makeUploadJsonCustomers({ ...ports, limits })({ orgId: ORG, actor, body: JSON.stringify(CUSTOMERS.map((customerno) => ({ customerno, emailaddress1: `${customerno}@x` }))) }));
        for (const step of steps) {
          if (step._tag === "ZeroOut") await run(init({ orgId: ORG, actor, zeroOutCustomerBalance: true }));
          else expect(await run(invoices({ orgId: ORG, actor, body: JSON.stringify(step.rows) }))).toMatchObject({ status: "Success" });
        }
        for (const [customerno, expected] of expectedBalances(steps)) {
          const stored = Option.getOrThrow(await run(ports.uow.run(({ customers }) => customers.get(ORG, customerno))));
          expect(Decimal.format(stored.balance), customerno).toBe(Decimal.format(expected));
        }
      }),
      { numRuns: 60 },
    );
  });
});
