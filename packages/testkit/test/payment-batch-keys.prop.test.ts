/**
 * paymentBatchKey is an autonumber per company: creating batches (many at once) and moving
 * Drafts between companies through the use cases never gives two batches of a company the same
 * key, and every round of work gets larger keys than the rounds before it.
 */
import { describe, expect, it } from "vitest";
import { Effect, FastCheck as fc } from "effect";
import { ibanWithCheckDigits, makeCreateFinancialAccount, makeCreatePaymentBatch, makeListPaymentBatches, makeSetPaymentBatchCompany, type OrganizationId } from "@batch/core";
import { makeManualClock, makeMemoryDb, makeMemoryPaymentUnitOfWork, makeSequentialIds } from "../src";

const ORGS: ReadonlyArray<OrganizationId> = ["org-k1" as OrganizationId, "org-k2" as OrganizationId];
const ACTOR = { id: "6f1e0c1a-3b2d-4c5e-8f70-112233445566", name: "Ada" };
const COMPANIES = ["C1", "C2", "C3"];

type Step = { readonly _tag: "Create"; readonly org: number; readonly company: string } | { readonly _tag: "Move"; readonly pick: number; readonly company: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ _tag: fc.constant("Create" as const), org: fc.integer({ min: 0, max: 1 }), company: fc.constantFrom(...COMPANIES) }), weight: 3 },
  { arbitrary: fc.record({ _tag: fc.constant("Move" as const), pick: fc.nat(), company: fc.constantFrom(...COMPANIES) }), weight: 1 },
);

/** Rounds of steps; the steps of a round run concurrently. */
const roundsArb = fc.array(fc.array(stepArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 });

describe("PaymentBatch keys", () => {
  it("payment batch keys are unique and increasing per company", async () => {
    await fc.assert(
      fc.asyncProperty(roundsArb, async (rounds) => {
        const db = makeMemoryDb();
        const deps = { uow: makeMemoryPaymentUnitOfWork(db), clock: makeManualClock().clock, ids: makeSequentialIds() };
        const create = makeCreatePaymentBatch(deps);
        const move = makeSetPaymentBatchCompany(deps);
        const list = makeListPaymentBatches(deps);
        for (const orgId of ORGS) {
          await Effect.runPromise(
            makeCreateFinancialAccount(deps)({
              orgId,
              body: { key: "MAIN", iban: ibanWithCheckDigits("DE", "370400440532013000"), bic: "COBADEFFXXX", holderName: "ACME", country: "DE", townName: "Berlin" },
            }),
          );
        }
        const body = (company: string) => ({ documentDate: "2026-04-01", currency: "EUR", company, exchangeRate: 1, paymentMethod: "TRF", bankAccountType: "01" });
        // Keys handed out per organization and company, by round.
        const handedOut = new Map<string, { readonly org: OrganizationId; readonly company: string; readonly key: number; readonly round: number }>();
        for (const [round, steps] of rounds.entries()) {
          const drafts = (await Effect.runPromise(list({ orgId: ORGS[0] ?? ("" as OrganizationId) }))).filter((b) => b._tag === "Draft");
          const results = await Effect.runPromise(
            Effect.all(
              steps.map((step) => {
                const orgId = step._tag === "Create" ? (ORGS[step.org] ?? ("" as OrganizationId)) : (ORGS[0] ?? ("" as OrganizationId));
                if (step._tag === "Create") return Effect.map(create({ orgId, actor: ACTOR, body: body(step.company) }), (b) => ({ orgId, b, moved: false }));
                const target = drafts.length === 0 ? undefined : drafts[step.pick % drafts.length];
                if (target === undefined) return Effect.succeed(undefined);
                return Effect.map(
                  Effect.either(move({ orgId, actor: ACTOR, ref: { id: target.id }, value: step.company })),
                  (r) => (r._tag === "Right" && r.right.company !== target.company ? { orgId, b: r.right, moved: true } : undefined),
                );
              }),
              { concurrency: "unbounded" },
            ),
          );
          // A batch moved twice to the same company in one round holds one key: count it once.
          for (const r of results) {
            if (r !== undefined && !handedOut.has(`${r.b.id}|${r.b.company}|${r.b.paymentBatchKey}`)) {
              handedOut.set(`${r.b.id}|${r.b.company}|${r.b.paymentBatchKey}`, { org: r.orgId, company: r.b.company, key: r.b.paymentBatchKey, round });
            }
          }
        }
        for (const orgId of ORGS) {
          const batches = await Effect.runPromise(list({ orgId }));
          for (const company of COMPANIES) {
            const keys = batches.filter((b) => b.company === company).map((b) => b.paymentBatchKey);
            expect(new Set(keys).size).toBe(keys.length);
            const given = [...handedOut.values()].filter((h) => h.org === orgId && h.company === company);
            expect(new Set(given.map((g) => g.key)).size).toBe(given.length);
            for (const earlier of given) {
              for (const later of given) if (later.round > earlier.round) expect(later.key).toBeGreaterThan(earlier.key);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
