import { describe, expect, it } from "vitest";
import { Effect } from "effect";
import type { EbillStores, ErpBatchStores, ErpRecordStores, InvoiceApplierStores, OrganizationId, PaymentStores, UnitOfWork } from "@batch/core";
import { makeSqlStores, makeSqlUnitOfWork, openDatabase, type SqlStores } from "../src";

/** Every bag a use case or applier asks for is a part of the full bag (checked by the compiler). */
type Bags = ErpBatchStores & ErpRecordStores & EbillStores & PaymentStores & InvoiceApplierStores;
const asEveryBag = (uow: UnitOfWork<SqlStores>): UnitOfWork<Bags> => uow;

describe("makeSqlStores", () => {
  it("serves every use case's bag from one unit of work over one transaction", async () => {
    const database = await openDatabase("sqlite::memory:");
    try {
      const uow = asEveryBag(makeSqlUnitOfWork(database, makeSqlStores));
      const org = "org-bag" as OrganizationId;
      const counts = await Effect.runPromise(
        uow.run((stores) =>
          Effect.gen(function* () {
            yield* stores.companies.upsertMany(org, [{ referenceId: "C1", name: "Acme" }]);
            yield* stores.jobs.enqueue({ orgId: org, kind: "erp-batch", subjectId: "b1", at: "2026-01-01T00:00:00.000Z" });
            return [yield* stores.companies.count(org), yield* stores.purchaseOrders.count(org)];
          }),
        ),
      );
      expect(counts).toEqual([1, 0]);
    } finally {
      await database.close();
    }
  });
});
