/**
 * The contract of the ERP master-data stores (companies, company codes, purchase orders): upsert
 * by natural key (the later record wins, also within one call), records kept exactly (absent
 * optional fields stay absent, amounts stay exact decimals), counts per organization,
 * organizations isolated, nothing kept from a failed unit of work.
 */
import { describe, expect, it } from "vitest";
import { Effect, FastCheck as fc, Option } from "effect";
import {
  Decimal,
  type Company,
  type CompanyCode,
  type ErpRecordStore,
  type ErpRecordStores,
  type OrganizationId,
  type PurchaseOrder,
} from "@batch/core";
import { companyArb, companyCodeArb, erpKeyArb, purchaseOrderArb } from "../arbitraries/erp-records";
import { failureOf, freshFixtures, portRunner, type StoreFixture } from "./store-fixture";

export type ErpRecordStoresFixture = StoreFixture<ErpRecordStores>;

export type ErpRecordStoresHarness = () => Promise<ErpRecordStoresFixture>;

const ORG = "org-erp-records-1" as OrganizationId;
const OTHER_ORG = "org-erp-records-2" as OrganizationId;
const dec = (text: string) => Option.getOrThrow(Decimal.parse(text));

interface Kind<A> {
  readonly name: string;
  readonly store: (stores: ErpRecordStores) => ErpRecordStore<A>;
  readonly keyOf: (record: A) => string;
  readonly arb: (keys: fc.Arbitrary<string>) => fc.Arbitrary<A>;
  /** A record with few fields and the same record with more. */
  readonly sparse: (key: string) => A;
  readonly full: (key: string) => A;
}

const companies: Kind<Company> = {
    name: "companies",
    store: (s) => s.companies,
    keyOf: (c) => c.referenceId,
    arb: companyArb,
    sparse: (referenceId) => ({ referenceId }),
    full: (referenceId) => ({ referenceId, name: "ACME GmbH", registeredCountry: "DE", registeredRegion: "Bavaria" }),
};

const companyCodes: Kind<CompanyCode> = {
    name: "company codes",
    store: (s) => s.companyCodes,
    keyOf: (c) => c.referenceId,
    arb: companyCodeArb,
    sparse: (referenceId) => ({ referenceId, code: "1000" }),
    full: (referenceId) => ({ referenceId, code: "1000", name: "ACME DE", companyReferenceId: "C-1", currency: "EUR", country: "DE" }),
};

const purchaseOrders: Kind<PurchaseOrder> = {
    name: "purchase orders",
    store: (s) => s.purchaseOrders,
    keyOf: (po) => po.purchaseOrderNo,
    arb: purchaseOrderArb,
    sparse: (purchaseOrderNo) => ({ purchaseOrderNo, vendorNo: "V-1" }),
    full: (purchaseOrderNo) => ({ purchaseOrderNo, vendorNo: "V-1", poType: "Return", orderDate: "2026-02-28", currency: "BHD", totalAmount: dec("-1234567890.125") }),
};

export const erpRecordStoresContract = (name: string, harness: ErpRecordStoresHarness): void => {
  describe(`ERP record stores contract: ${name}`, () => {
    const setUp = freshFixtures(harness);

    let propertyRun = 0;
    const describeKind = <R>(kind: Kind<R>) =>
      describe(kind.name, () => {
        const { run, runExit } = portRunner(kind.store);

        it("inserts, replaces by natural key, and keeps records exactly", async () => {
          const f = await setUp();
          await run(f, (s) => s.upsertMany(ORG, [kind.full("A"), kind.sparse("B")]));
          expect(Option.getOrThrow(await run(f, (s) => s.get(ORG, "A")))).toEqual(kind.full("A"));
          await run(f, (s) => s.upsertMany(ORG, [kind.sparse("A")]));
          // Replaced whole: fields the new record lacks are gone.
          expect(Option.getOrThrow(await run(f, (s) => s.get(ORG, "A")))).toEqual(kind.sparse("A"));
          expect(await run(f, (s) => s.count(ORG))).toBe(2);
          expect(Option.isNone(await run(f, (s) => s.get(ORG, "C")))).toBe(true);
        });

        it("lets the later record win when one call repeats a key", async () => {
          const f = await setUp();
          await run(f, (s) => s.upsertMany(ORG, [kind.sparse("A"), kind.full("A")]));
          expect(Option.getOrThrow(await run(f, (s) => s.get(ORG, "A")))).toEqual(kind.full("A"));
          expect(await run(f, (s) => s.count(ORG))).toBe(1);
        });

        it("keeps organizations apart", async () => {
          const f = await setUp();
          await run(f, (s) => s.upsertMany(ORG, [kind.full("A")]));
          await run(f, (s) => s.upsertMany(OTHER_ORG, [kind.sparse("A"), kind.sparse("B")]));
          expect(Option.getOrThrow(await run(f, (s) => s.get(ORG, "A")))).toEqual(kind.full("A"));
          expect(await run(f, (s) => s.count(ORG))).toBe(1);
          expect(await run(f, (s) => s.count(OTHER_ORG))).toBe(2);
        });

        it("holds, after any sequence of upserts, the last record written for each key", async () => {
          const f = await setUp();
          await fc.assert(
            fc.asyncProperty(fc.array(fc.array(kind.arb(erpKeyArb(5)), { maxLength: 6 }), { maxLength: 5 }), async (calls) => {
              propertyRun += 1;
              const org = `org-erp-records-prop-${propertyRun}` as OrganizationId;
              const expected = new Map<string, unknown>();
              for (const records of calls) {
                await run(f, (s) => s.upsertMany(org, records));
                for (const r of records) expected.set(kind.keyOf(r), r);
              }
              expect(await run(f, (s) => s.count(org))).toBe(expected.size);
              for (const [key, record] of expected) expect(Option.getOrThrow(await run(f, (s) => s.get(org, key)))).toEqual(record);
            }),
            { numRuns: 30 },
          );
        });

        it("keeps nothing from a unit of work that fails", async () => {
          const f = await setUp();
          const exit = await runExit(f, (s) => Effect.zipRight(s.upsertMany(ORG, [kind.full("A")]), Effect.fail("rolled back" as const)));
          expect(failureOf(exit)).toBe("rolled back");
          expect(await run(f, (s) => s.count(ORG))).toBe(0);
        });
      });

    describeKind(companies);
    describeKind(companyCodes);
    describeKind(purchaseOrders);
  });
};
