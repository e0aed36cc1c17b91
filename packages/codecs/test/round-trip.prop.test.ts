/**
 * decode(encode(records)) returns the records, in every format, for text full of separators,
 * quotes, line breaks, XML special characters and non-ASCII, and for exact amounts, whatever the
 * chunking of the payload.
 */
import { FastCheck as fc, Schema } from "effect";
import { describe, expect, it } from "vitest";
import { Amount, Decimal } from "@batch/core";
import { makeRecordDecoder, makeRecordEncoder } from "../src/index";
import { bytesOf, collect, concatBytes, formats } from "./payload-support";

const Row = Schema.Struct({
  referenceId: Schema.String,
  name: Schema.optional(Schema.String),
  note: Schema.optional(Schema.String),
  amount: Amount,
});
type Row = typeof Row.Type;

// Characters that break naive writers, plus any Unicode scalar XML 1.0 can carry (NUL and the
// other C0 controls are not text; a payload holding them is refused as binary or cannot be XML).
const tricky = fc.constantFrom(",", ";", '"', "'", "\n", "\r", "\r\n", "\t", " ", "<", ">", "&", "]]>", "<!--", "=", "-", "@", "é", "ß", "東", "😀", "\u00a0", "\u2028");
const scalar = fc
  .fullUnicode()
  .filter((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code >= 0x20 && code !== 0xfffe && code !== 0xffff;
  });
const text = fc.stringOf(fc.oneof(tricky, scalar), { minLength: 1, maxLength: 24 });

// Amounts travel as JSON numbers: up to 15 significant digits survive a double exactly.
const amount = fc
  .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 3 }))
  .map(([coefficient, scale]) => Decimal.fromMinor(coefficient, scale));

const row: fc.Arbitrary<Row> = fc.record(
  { referenceId: text, name: text, note: text, amount },
  { requiredKeys: ["referenceId", "amount"] },
);

describe("round trip through encoder and decoder", () => {
  it.each(formats)("%s: decode(encode(records)) is the records", async (format) => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 12 }), fc.integer({ min: 1, max: 97 }), async (records, chunkSize) => {
        const payload = await concatBytes(makeRecordEncoder().encode({ format, schema: Row, records }));
        const items = await collect(makeRecordDecoder().decode({ format, schema: Row, bytes: bytesOf(payload, chunkSize) }));
        expect(items.map((i) => (i._tag === "Valid" ? i.record : i))).toEqual(records);
        expect(items.map((i) => i.itemNumber)).toEqual(records.map((_, n) => n + 1));
      }),
      { numRuns: 150 },
    );
  });

  it("XML: element names come from the request and a record element per record", async () => {
    const records: Row[] = [{ referenceId: "A&B", amount: Decimal.fromMinor(1050n, 2) }];
    const payload = new TextDecoder().decode(
      await concatBytes(makeRecordEncoder().encode({ format: "XML", schema: Row, records, xml: { root: "Payments", record: "Payment" } })),
    );
    expect(payload).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Payments>\n  <Payment>\n    <referenceId>A&amp;B</referenceId>\n    <amount>10.5</amount>\n  </Payment>\n</Payments>\n',
    );
  });

  it("CSV: the header row is the schema's field names, absent fields are empty cells", async () => {
    const records: Row[] = [{ referenceId: "R1", note: 'say "hi", ok', amount: Decimal.fromBigInt(-30n) }];
    const payload = new TextDecoder().decode(await concatBytes(makeRecordEncoder().encode({ format: "CSV", schema: Row, records })));
    expect(payload).toBe('referenceId,name,note,amount\nR1,,"say ""hi"", ok",-30\n');
  });

  it("JSON: an empty stream is an empty array, and records that the schema cannot encode fail with their number", async () => {
    expect(new TextDecoder().decode(await concatBytes(makeRecordEncoder().encode({ format: "JSON", schema: Row, records: [] })))).toBe("[]\n");
    const bad = [{ referenceId: "ok", amount: Decimal.zero }, { referenceId: 5, amount: Decimal.zero }] as unknown as Row[];
    await expect(concatBytes(makeRecordEncoder().encode({ format: "JSON", schema: Row, records: bad }))).rejects.toMatchObject({
      _tag: "Codec.RecordNotEncodable",
      itemNumber: 2,
    });
  });
});
