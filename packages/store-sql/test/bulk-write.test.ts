import { describe, expect, it } from "vitest";
import { Effect } from "effect";
import { apInvoiceIdOf, type ApInvoiceData, type OrganizationId } from "@batch/core";
import { makeSqlStores, makeSqlUnitOfWork } from "../src";
import { MAX_ROWS_PER_STATEMENT, rowsPerStatement } from "../src/bulk-write";
import { postgresDialect } from "../src/dialects/postgres";
import { sqliteDialect } from "../src/dialects/sqlite";
import { testDatabases } from "./sql-harness";

const session = (dialect: typeof sqliteDialect) => ({ db: undefined as never, dialect, inTransaction: false });

describe("bulk writes", () => {
  it("size statements by the dialect's bind parameter limit and a row cap", () => {
    expect(rowsPerStatement(session(sqliteDialect), 10)).toBe(MAX_ROWS_PER_STATEMENT);
    // An AP invoice row has 59 columns: 555 rows use 32,745 of SQLite's 32,766 parameters.
    expect(rowsPerStatement(session(sqliteDialect), 59)).toBe(555);
    expect(rowsPerStatement(session(postgresDialect), 59)).toBe(MAX_ROWS_PER_STATEMENT);
    expect(rowsPerStatement(session(postgresDialect), 100)).toBe(655);
    expect(rowsPerStatement(session(sqliteDialect), 40_000)).toBe(1);
  });

  const ORG = "org-bulk" as OrganizationId;
  const stamp = { at: "2026-05-01T08:00:00.000Z", actor: { id: "00000000-0000-4000-8000-000000000001", name: "Loader" } };
  const data = (i: number, notes: string): ApInvoiceData => ({
    vendorNo: `V${i % 7}`,
    invoiceNo: `INV-${i}`,
    matchedInvoiceStatusId: 3,
    matchedInvoiceStatus: "Vouchered",
    notes,
  });

  describe.each(testDatabases)("on %s", (_name, open) => {
    it("write more rows than one statement can carry, applying two records for one key in order", async () => {
      const database = await open();
      try {
        const uow = makeSqlUnitOfWork(database, makeSqlStores);
        const requests = Array.from({ length: 2500 }, (_, i) => ({ apMatchedInvoiceId: apInvoiceIdOf(ORG, `V${i % 7}`, `INV-${i}`), data: data(i, "first") }));
        // The same 100 invoices again at the end: they fall in another chunk than their first record.
        const repeated = requests.slice(0, 100).map((r) => ({ ...r, data: { ...r.data, notes: "second" } }));
        const outcomes = await Effect.runPromise(uow.run(({ apInvoices }) => apInvoices.upsertFromRecords(ORG, [...requests, ...repeated], stamp)));
        expect(outcomes.filter((o) => o._tag === "Inserted")).toHaveLength(2500);
        expect(outcomes.filter((o) => o._tag === "Updated")).toHaveLength(100);
        const page = await Effect.runPromise(uow.run(({ apInvoices }) => apInvoices.query(ORG, { count: true, top: 0 })));
        expect(page.count).toBe(2500);
        const first = await Effect.runPromise(uow.run(({ apInvoices }) => apInvoices.findByKey(ORG, { vendorNo: "V0", invoiceNo: "INV-0" })));
        expect(first._tag === "Some" && first.value.notes).toBe("second");
      } finally {
        await database.close();
      }
    });
  });
});
