import { Schema } from "effect";
import { describe, expect, it } from "vitest";
import { Amount, Decimal, PayloadMalformed } from "@batch/core";
import { decodeAll, decodeFailure, valid } from "./payload-support";

const Payment = Schema.Struct({
  referenceId: Schema.String,
  party: Schema.optional(Schema.String),
  amount: Amount,
});

describe("CSV decoder", () => {
  it("matches header names case-insensitively, ignores extra columns and keeps them in raw", async () => {
    const items = await decodeAll({
      format: "CSV",
      schema: Payment,
      payload: "REFERENCEID,Party,Amount,Comment\nR1,Acme,12.50,first\nR2,Beta,-3,second\n",
    });
    expect(valid(items)).toEqual([
      { referenceId: "R1", party: "Acme", amount: Decimal.fromMinor(1250n, 2) },
      { referenceId: "R2", party: "Beta", amount: Decimal.fromBigInt(-3n) },
    ]);
    expect(items[0]?.raw).toEqual({ REFERENCEID: "R1", Party: "Acme", Amount: "12.50", Comment: "first" });
    expect(items.map((i) => [i.itemNumber, i.position])).toEqual([
      [1, "line 2"],
      [2, "line 3"],
    ]);
  });

  it("reads UTF-8 with a byte order mark, CRLF line ends and non-ASCII text", async () => {
    const items = await decodeAll({ format: "CSV", schema: Payment, payload: "\uFEFFreferenceId,party,amount\r\nR1,Société Générale ÄÖÜ 東京,1\r\n" });
    expect(valid(items)).toEqual([{ referenceId: "R1", party: "Société Générale ÄÖÜ 東京", amount: Decimal.fromBigInt(1n) }]);
  });

  it("reads quoted fields holding separators, quotes and line breaks, and counts lines from where a row starts", async () => {
    const payload = 'referenceId,party,amount\nR1,"Smith, ""Jr""\nsecond line",1\nR2,Plain,2\n';
    const items = await decodeAll({ format: "CSV", schema: Payment, payload, chunkSize: 7 });
    expect(valid(items).map((r) => r.party)).toEqual(['Smith, "Jr"\nsecond line', "Plain"]);
    expect(items.map((i) => i.position)).toEqual(["line 2", "line 4"]);
  });

  it("treats an empty cell as an absent field: optional fields are left out, required ones fail", async () => {
    const items = await decodeAll({ format: "CSV", schema: Payment, payload: "referenceId,party,amount\nR1,,5\n,Acme,6\n" });
    expect(items[0]).toMatchObject({ _tag: "Valid", record: { referenceId: "R1", amount: Decimal.fromBigInt(5n) } });
    expect(items[0]?._tag === "Valid" && "party" in items[0].record).toBe(false);
    expect(items[1]).toMatchObject({ _tag: "Invalid", position: "line 3", errors: [{ field: "referenceId", message: "is required" }] });
  });

  it("fails a row of the wrong width alone and goes on", async () => {
    const items = await decodeAll({ format: "CSV", schema: Payment, payload: "referenceId,party,amount\nR1,A,1\nR2,B\nR3,C,3,extra\nR4,D,4\n" });
    expect(items.map((i) => i._tag)).toEqual(["Valid", "Invalid", "Invalid", "Valid"]);
    expect(items[1]).toMatchObject({ position: "line 3", errors: [{ field: "", message: "the row has 2 fields but the header has 3" }] });
    expect(items[2]).toMatchObject({ position: "line 4", errors: [{ message: "the row has 4 fields but the header has 3" }] });
  });

  it("reports field-level messages from the schema", async () => {
    const items = await decodeAll({ format: "CSV", schema: Payment, payload: "referenceId,amount\nR1,abc\n" });
    const item = items[0];
    expect(item?._tag).toBe("Invalid");
    const errors = item?._tag === "Invalid" ? item.errors : [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.field === "amount")).toBe(true);
    expect(errors.map((e) => e.message).join(" ")).toContain('"abc"');
  });

  it("skips empty lines and reads a last row without a line break", async () => {
    const items = await decodeAll({ format: "CSV", schema: Payment, payload: "referenceId,amount\n\nR1,1\n\nR2,2" });
    expect(valid(items).map((r) => r.referenceId)).toEqual(["R1", "R2"]);
    expect(items.map((i) => i.position)).toEqual(["line 3", "line 5"]);
  });

  it("reads a header-only file as no records", async () => {
    expect(await decodeAll({ format: "CSV", schema: Payment, payload: "referenceId,amount\n" })).toEqual([]);
  });

  it("refuses a header that names a column twice", async () => {
    const error = await decodeFailure({ format: "CSV", schema: Payment, payload: "referenceId,ReferenceID,amount\nR1,R1,1\n" });
    expect(error).toBeInstanceOf(PayloadMalformed);
    expect((error as PayloadMalformed).message).toContain('names column "ReferenceID" twice');
  });

  it("refuses broken quoting as a malformed payload naming the line", async () => {
    const error = (await decodeFailure({ format: "CSV", schema: Payment, payload: 'referenceId,amount\nR1,1\nR2,"2\n' })) as PayloadMalformed;
    expect(error).toBeInstanceOf(PayloadMalformed);
    expect(error.message).toMatch(/^the CSV payload cannot be read: Quote Not Closed/);
    expect(error.position).toMatch(/^line \d+$/);
  });

  it("keeps a header named __proto__ as an ordinary column", async () => {
    const items = await decodeAll({ format: "CSV", schema: Payment, payload: "referenceId,__proto__,amount\nR1,x,1\n" });
    expect(Object.getPrototypeOf(items[0]?.raw)).toBe(Object.prototype);
    expect(Object.hasOwn(items[0]?.raw ?? {}, "__proto__")).toBe(true);
  });
});
