/**
 * The contract every implementation of the receivable stores honours (in-memory, SQLite,
 * PostgreSQL): customers, documents and line items kept exactly (exact decimals, JSON addresses),
 * replaced by natural key, organizations isolated, carry forward and zero-out touching exactly
 * what they should and counting it, nothing kept from a failed unit of work.
 */
import { describe, expect, it } from "vitest";
import { Effect, Exit, FastCheck as fc, Option } from "effect";
import { Decimal, type Customer, type LineItem, type OrganizationId, type ReceivableDocument, type ReceivableStores } from "@batch/core";
import { customerArb, lineItemArb, receivableDocumentArb } from "../arbitraries/receivable";
import { freshFixtures, portRunner, type StoreFixture } from "./store-fixture";

export type ReceivableStoresFixture = StoreFixture<ReceivableStores>;

export type ReceivableStoresHarness = () => Promise<ReceivableStoresFixture>;

const ORG = "org-ar-1" as OrganizationId;
const OTHER_ORG = "org-ar-2" as OrganizationId;
const T0 = "2026-03-01T10:00:00.000Z";
const T1 = "2026-03-02T10:00:00.000Z";
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

const customer = (customerno: string, balance: string): Customer => ({
  customerno,
  emailaddress1: `${customerno}@example.com`,
  companyname: "Payorcrm LLC",
  balance: dec(balance),
  createdAt: T0,
  updatedAt: T0,
});

const document = (invoiceNumber: string, overrides: Partial<ReceivableDocument> = {}): ReceivableDocument => ({
  customerNumber: "C1",
  invoiceNumber,
  documentType: "Invoice",
  status: "Open",
  invoiceAmount: dec("100.10"),
  balanceAmount: dec("80.05"),
  currency: "EUR",
  billAddr: { street: "Main St 1", city: "Springfield", lines: ["a", "b"] },
  appliedToBalance: dec("80.05"),
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

const lineItem = (invoiceNumber: string, lineNumber: number): LineItem => ({
  customerNumber: "C1",
  invoiceNumber,
  lineNumber,
  description: `line ${lineNumber}`,
  quantity: dec("1.5"),
  unitPrice: dec("12.3456"),
  amount: dec("18.52"),
  createdAt: T0,
  updatedAt: T0,
});

export const receivableStoresContract = (name: string, harness: ReceivableStoresHarness) =>
  describe(`Receivable stores contract: ${name}`, () => {
    const fresh = freshFixtures(harness);
    const { run } = portRunner((stores: ReceivableStores) => stores);

    it("keeps customers exactly and replaces them by customerno", async () => {
      const f = await fresh();
      await fc.assert(
        fc.asyncProperty(customerArb, async (c) => {
          await run(f, ({ customers }) => customers.put(ORG, c));
          expect(Option.getOrThrow(await run(f, ({ customers }) => customers.get(ORG, c.customerno)))).toEqual(c);
        }),
        { numRuns: 30 },
      );
      await run(f, ({ customers }) => customers.put(ORG, customer("C9", "1")));
      await run(f, ({ customers }) => customers.put(ORG, { ...customer("C9", "-0.0001"), phoneno: "+1" }));
      expect(Option.getOrThrow(await run(f, ({ customers }) => customers.get(ORG, "C9")))).toEqual({ ...customer("C9", "-0.0001"), phoneno: "+1" });
      expect(Option.isNone(await run(f, ({ customers }) => customers.get(OTHER_ORG, "C9")))).toBe(true);
      expect(Option.isNone(await run(f, ({ customers }) => customers.get(ORG, "c9")))).toBe(true);
    });

    it("zeroes every balance of the organization, counting its customers, and no other", async () => {
      const f = await fresh();
      await run(f, ({ customers }) =>
        Effect.all([
          customers.put(ORG, customer("C1", "120.50")),
          customers.put(ORG, customer("C2", "0")),
          customers.put(ORG, customer("C3", "-3.333")),
          customers.put(OTHER_ORG, customer("C1", "7")),
        ]),
      );
      expect(await run(f, ({ customers }) => customers.zeroOutBalances(ORG, T1))).toBe(3);
      for (const no of ["C1", "C2", "C3"]) {
        const c = Option.getOrThrow(await run(f, ({ customers }) => customers.get(ORG, no)));
        expect(Decimal.isZero(c.balance)).toBe(true);
        expect(c.updatedAt).toBe(no === "C2" ? T0 : T1);
      }
      expect(Option.getOrThrow(await run(f, ({ customers }) => customers.get(OTHER_ORG, "C1"))).balance).toEqual(dec("7"));
      expect(await run(f, ({ customers }) => customers.zeroOutBalances("org-empty" as OrganizationId, T1))).toBe(0);
    });

    it("keeps documents exactly and replaces them by invoiceNumber + customerNumber", async () => {
      const f = await fresh();
      await fc.assert(
        fc.asyncProperty(receivableDocumentArb, async (d) => {
          await run(f, ({ receivableDocuments }) => receivableDocuments.put(ORG, d));
          expect(Option.getOrThrow(await run(f, ({ receivableDocuments }) => receivableDocuments.get(ORG, d)))).toEqual(d);
        }),
        { numRuns: 30 },
      );
      await run(f, ({ receivableDocuments }) => receivableDocuments.put(ORG, document("X-1")));
      await run(f, ({ receivableDocuments }) => receivableDocuments.put(ORG, document("X-1", { customerNumber: "C2", invoiceAmount: dec("5") })));
      await run(f, ({ receivableDocuments }) => receivableDocuments.put(ORG, document("X-1", { status: "Paid" })));
      const get = (customerNumber: string, orgId = ORG) =>
        run(f, ({ receivableDocuments }) => receivableDocuments.get(orgId, { customerNumber, invoiceNumber: "X-1" }));
      expect(Option.getOrThrow(await get("C1"))).toEqual(document("X-1", { status: "Paid" }));
      expect(Option.getOrThrow(await get("C2")).invoiceAmount).toEqual(dec("5"));
      expect(Option.isNone(await get("C1", OTHER_ORG))).toBe(true);
    });

    it("carries forward exactly the Open documents of the given types, counting each type", async () => {
      const f = await fresh();
      const docs = [
        document("I-1"),
        document("I-2"),
        document("I-3", { status: "Paid" }),
        document("CM-1", { documentType: "CreditMemo" }),
        document("DM-1", { documentType: "DebitMemo" }),
        document("DM-2", { documentType: "DebitMemo", status: "CarriedOver", updatedAt: T0 }),
      ];
      await run(f, ({ receivableDocuments }) =>
        Effect.all([...docs.map((d) => receivableDocuments.put(ORG, d)), receivableDocuments.put(OTHER_ORG, document("I-1"))]),
      );
      const counts = await run(f, ({ receivableDocuments }) => receivableDocuments.carryForward(ORG, ["Invoice", "DebitMemo"], T1));
      expect(counts).toEqual({ Invoice: 2, DebitMemo: 1 });
      const status = async (invoiceNumber: string, orgId = ORG) =>
        Option.getOrThrow(await run(f, ({ receivableDocuments }) => receivableDocuments.get(orgId, { customerNumber: "C1", invoiceNumber })));
      expect((await status("I-1")).status).toBe("CarriedOver");
      expect((await status("I-1")).updatedAt).toBe(T1);
      expect((await status("I-2")).status).toBe("CarriedOver");
      expect((await status("I-3")).status).toBe("Paid");
      expect((await status("CM-1")).status).toBe("Open");
      expect((await status("DM-1")).status).toBe("CarriedOver");
      expect(await status("DM-2")).toEqual(docs[5]);
      expect((await status("I-1", OTHER_ORG)).status).toBe("Open");
      expect(await run(f, ({ receivableDocuments }) => receivableDocuments.carryForward(ORG, ["CreditMemo", "Invoice"], T1))).toEqual({
        CreditMemo: 1,
        Invoice: 0,
      });
    });

    it("forgets what the organization's documents added to balances, counting the documents changed", async () => {
      const f = await fresh();
      await run(f, ({ receivableDocuments }) =>
        Effect.all([
          receivableDocuments.put(ORG, document("A")),
          receivableDocuments.put(ORG, document("B", { appliedToBalance: dec("-20") })),
          receivableDocuments.put(ORG, document("C", { appliedToBalance: Decimal.zero })),
          receivableDocuments.put(OTHER_ORG, document("A")),
        ]),
      );
      expect(await run(f, ({ receivableDocuments }) => receivableDocuments.forgetAppliedBalances(ORG, T1))).toBe(2);
      const applied = async (invoiceNumber: string, orgId = ORG) =>
        Option.getOrThrow(await run(f, ({ receivableDocuments }) => receivableDocuments.get(orgId, { customerNumber: "C1", invoiceNumber }))).appliedToBalance;
      expect(Decimal.isZero(await applied("A"))).toBe(true);
      expect(Decimal.isZero(await applied("B"))).toBe(true);
      expect(await applied("A", OTHER_ORG)).toEqual(dec("80.05"));
    });

    it("keeps line items exactly and lists a document's by lineNumber", async () => {
      const f = await fresh();
      await fc.assert(
        fc.asyncProperty(lineItemArb, async (item) => {
          await run(f, ({ lineItems }) => lineItems.put(OTHER_ORG, item));
          expect(Option.getOrThrow(await run(f, ({ lineItems }) => lineItems.get(OTHER_ORG, item)))).toEqual(item);
        }),
        { numRuns: 30 },
      );
      await run(f, ({ lineItems }) =>
        Effect.all([lineItems.put(ORG, lineItem("INV-1", 10)), lineItems.put(ORG, lineItem("INV-1", 2)), lineItems.put(ORG, lineItem("INV-2", 1))]),
      );
      await run(f, ({ lineItems }) => lineItems.put(ORG, { ...lineItem("INV-1", 2), description: "replaced" }));
      const listed = await run(f, ({ lineItems }) => lineItems.listByDocument(ORG, { customerNumber: "C1", invoiceNumber: "INV-1" }));
      expect(listed.map((l) => [l.lineNumber, l.description])).toEqual([
        [2, "replaced"],
        [10, "line 10"],
      ]);
      expect(await run(f, ({ lineItems }) => lineItems.listByDocument(ORG, { customerNumber: "C2", invoiceNumber: "INV-1" }))).toEqual([]);
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const f = await fresh();
      await run(f, ({ customers }) => customers.put(ORG, customer("C1", "10")));
      const exit = await Effect.runPromiseExit(
        f.uow.run(({ customers, receivableDocuments, lineItems }) =>
          Effect.gen(function* () {
            yield* customers.put(ORG, customer("C1", "999"));
            yield* receivableDocuments.put(ORG, document("GONE"));
            yield* lineItems.put(ORG, lineItem("GONE", 1));
            return yield* Effect.fail("abandoned" as const);
          }),
        ),
      );
      expect(Exit.isFailure(exit)).toBe(true);
      expect(Option.getOrThrow(await run(f, ({ customers }) => customers.get(ORG, "C1"))).balance).toEqual(dec("10"));
      expect(Option.isNone(await run(f, ({ receivableDocuments }) => receivableDocuments.get(ORG, { customerNumber: "C1", invoiceNumber: "GONE" })))).toBe(true);
      expect(await run(f, ({ lineItems }) => lineItems.listByDocument(ORG, { customerNumber: "C1", invoiceNumber: "GONE" }))).toEqual([]);
    });
  });
