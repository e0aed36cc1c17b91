/**
 * An outbound item's payload is handed to the ERP as written: its field order becomes the JSON
 * member order, the CSV column order and the XML element order of the payload the ERP downloads
 * (core `outboundRecordSchema` takes the fields in the order they first appear). Both databases
 * must give it back exactly as stored; PostgreSQL's `jsonb` would sort the keys (by length, then
 * bytes) and refuse a `\u0000` in a string, so the column is `json` there (migration 0008).
 */
import { afterEach, describe, expect, it } from "vitest";
import { Effect } from "effect";
import type { OrganizationId } from "@batch/core";
import { makeSqlStores, makeSqlUnitOfWork, type SqlDatabase } from "../src";
import { testDatabases } from "./sql-harness";

const ORG = "org-outbound-order" as OrganizationId;

describe.each(testDatabases)("outbound item payloads on %s", (_name, open) => {
  let database: SqlDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  const roundTrip = async (payloads: ReadonlyArray<Readonly<Record<string, unknown>>>) => {
    database = await open();
    const uow = makeSqlUnitOfWork(database, makeSqlStores);
    await Effect.runPromise(uow.run(({ erpBatchItems }) => erpBatchItems.putOutboundItems(ORG, "batch-1", payloads)));
    const items = await Effect.runPromise(uow.run(({ erpBatchItems }) => erpBatchItems.getOutboundItems(ORG, "batch-1")));
    return items.map((item) => item.payload);
  };

  it("come back with their fields in the order they were written, nested objects too", async () => {
    const written = [
      { zeta: 1, a: 2, mid: 3 },
      { vendorNo: "V-1", id: "7", amount: "12.50", lines: [{ sku: "X", qty: 2 }], address: { street: "Main", city: "Oslo", zip: "0150" } },
    ];
    const read = await roundTrip(written);
    expect(read.map((payload) => Object.keys(payload))).toEqual([
      ["zeta", "a", "mid"],
      ["vendorNo", "id", "amount", "lines", "address"],
    ]);
    // The whole text, so the order inside nested objects and arrays counts as well.
    expect(read.map((payload) => JSON.stringify(payload))).toEqual(written.map((payload) => JSON.stringify(payload)));
  });

  it("keep a U+0000 inside a string", async () => {
    const written = [{ note: "before\u0000after", a: 1 }];
    const read = await roundTrip(written);
    expect(JSON.stringify(read)).toBe(JSON.stringify(written));
  });
});
