import { describe, expect, it } from "vitest";
import type { Schema } from "effect";
import { Decimal, CustomerRecord, LineItemRecord, type DecodedItem, type ResultRow } from "@batch/core";
import { makeCsvTestDecoder, makeCsvTestResultWriter, parseCsv } from "../src";

const bytesOf = (text: string): AsyncIterable<Uint8Array> => ({
  async *[Symbol.asyncIterator]() {
    const all = new TextEncoder().encode(text);
    // Split inside multi-byte characters and quoted fields on purpose.
    for (let i = 0; i < all.length; i += 7) yield all.slice(i, i + 7);
  },
});

const decodeAll = async <A, I>(schema: Schema.Schema<A, I>, text: string) => {
  const items: Array<DecodedItem<A>> = [];
  for await (const item of makeCsvTestDecoder().decode({ format: "CSV", schema, bytes: bytesOf(text) })) items.push(item);
  return items;
};

const readAll = async (bytes: AsyncIterable<Uint8Array>) => {
  const chunks: Array<Uint8Array> = [];
  for await (const chunk of bytes) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
};

describe("CSV test decoder", () => {
  it("maps header names case-insensitively, keeps extra columns in raw only, reads quotes, CRLF and a BOM", async () => {
    const csv =
      '\uFEFFCustomerNo,EmailAddress1,companyName,Note\r\n' +
      '231231201,john@example.com,"Payorcrm, ""LLC""",ignored\r\n' +
      '\r\n' +
      '231231202,ana@example.com,"Line one\nline two",\r\n';
    const items = await decodeAll(CustomerRecord, csv);
    expect(items.map((i) => [i._tag, i.itemNumber, i.position])).toEqual([
      ["Valid", 1, "line 2"],
      ["Valid", 2, "line 4"],
    ]);
    const [first, second] = items;
    expect(first?._tag === "Valid" && first.record).toEqual({ customerno: "231231201", emailaddress1: "john@example.com", companyname: 'Payorcrm, "LLC"' });
    expect(first?.raw).toEqual({ CustomerNo: "231231201", EmailAddress1: "john@example.com", companyName: 'Payorcrm, "LLC"', Note: "ignored" });
    expect(second?._tag === "Valid" && second.record.companyname).toBe("Line one\nline two");
  });

  it("fails a row alone with its field errors (empty is absent), and a row of the wrong width", async () => {
    const csv = "invoiceNumber,customerNumber,lineNumber,amount\nINV-1,C1,,abc\nINV-1,C1,2\nINV-1,C1,3,12.50\n";
    const items = await decodeAll(LineItemRecord, csv);
    expect(items[0]).toMatchObject({ _tag: "Invalid", itemNumber: 1 });
    expect(items[0]?._tag === "Invalid" && items[0].errors.map((e) => e.field).sort()).toEqual(["amount", "lineNumber"]);
    expect(items[1]?._tag === "Invalid" && items[1].errors[0]?.message).toBe("the row has 3 cells; the header has 4");
    expect(items[2]?._tag === "Valid" && Decimal.format(items[2].record.amount!, 2)).toBe("12.50");
  });

  it("rejects what is not CSV: an unclosed quote, text after a quote, bytes that are not UTF-8, another format", async () => {
    await expect(decodeAll(CustomerRecord, 'customerno\n"open')).rejects.toMatchObject({ _tag: "Payload.Malformed", position: "line 2" });
    await expect(decodeAll(CustomerRecord, 'customerno\n"a"b')).rejects.toMatchObject({ _tag: "Payload.Malformed" });
    const before: Array<number> = [];
    const reading = (async () => {
      for await (const item of makeCsvTestDecoder().decode({ format: "CSV", schema: CustomerRecord, bytes: bytesOf('customerno\nA\nB\n"C') })) before.push(item.itemNumber);
    })();
    await expect(reading).rejects.toMatchObject({ _tag: "Payload.Malformed", position: "line 4" });
    expect(before).toEqual([1, 2]);
    const latin1: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() { yield Uint8Array.from([0x61, 0x0a, 0xe9, 0x0a]); } };
    const iterate = async (format: "CSV" | "JSON", bytes: AsyncIterable<Uint8Array>) => {
      for await (const _ of makeCsvTestDecoder().decode({ format, schema: CustomerRecord, bytes })) void _;
    };
    await expect(iterate("CSV", latin1)).rejects.toMatchObject({ _tag: "Payload.Malformed" });
    await expect(iterate("JSON", bytesOf("[]"))).rejects.toMatchObject({ _tag: "Payload.Malformed" });
  });

  it("yields nothing for an empty file or a header alone", async () => {
    expect(await decodeAll(CustomerRecord, "")).toEqual([]);
    expect(await decodeAll(CustomerRecord, "customerno,emailaddress1\r\n")).toEqual([]);
    expect(parseCsv("a,b\n\n1,2")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 3, cells: ["1", "2"] },
    ]);
  });
});

describe("CSV test result writer", () => {
  it("writes every row with status and errorMessage, neutralising formulas while numbers stay numbers", async () => {
    const rows: ReadonlyArray<ResultRow> = [
      { raw: { a: "=HYPERLINK(1)", b: "-30", c: "-30.00" }, status: "Success", errorMessage: "" },
      { raw: { a: "+1 (555)", b: "@x", c: "\tTab" }, status: "Failed", errorMessage: 'invoiceAmount: is required; "quoted"' },
      { raw: { a: { city: "Springfield" }, b: 12.5, c: undefined }, status: "Success", errorMessage: "" },
    ];
    const text = await readAll(makeCsvTestResultWriter().write(["a", "b", "c"], rows));
    expect(text.split("\r\n")).toEqual([
      "a,b,c,status,errorMessage",
      "'=HYPERLINK(1),-30,-30.00,Success,",
      `'+1 (555),'@x,'\tTab,Failed,"invoiceAmount: is required; ""quoted"""`,
      '"{""city"":""Springfield""}",12.5,,Success,',
      "",
    ]);
    expect(parseCsv(text)[2]?.cells).toEqual(["'+1 (555)", "'@x", "'\tTab", "Failed", 'invoiceAmount: is required; "quoted"']);
  });
});
