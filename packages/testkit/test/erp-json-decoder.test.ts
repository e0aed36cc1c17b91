import { describe, expect, it } from "vitest";
import { Company, PayloadMalformed, type DecodedItem } from "@batch/core";
import { makeErpJsonDecoder, makeErpJsonEncoder } from "../src";

const bytesOf = (text: string, chunk = 5): AsyncIterable<Uint8Array> => ({
  async *[Symbol.asyncIterator]() {
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.slice(i, i + chunk);
  },
});
const collect = async <A>(items: AsyncIterable<A>) => {
  const out: A[] = [];
  for await (const item of items) out.push(item);
  return out;
};
const decode = (text: string) => collect(makeErpJsonDecoder().decode({ format: "JSON", schema: Company, bytes: bytesOf(text) }));

describe("the JSON test decoder", () => {
  it("numbers every element and decodes it with the schema, valid or with field errors", async () => {
    const items: ReadonlyArray<DecodedItem<Company>> = await decode('[{"referenceId":"C-1","name":""}, {"name":"x"}, 7, []]');
    expect(items).toEqual([
      { _tag: "Valid", itemNumber: 1, position: "item 1", record: { referenceId: "C-1" }, raw: { referenceId: "C-1", name: "" } },
      { _tag: "Invalid", itemNumber: 2, position: "item 2", errors: [{ field: "referenceId", message: "is required" }], raw: { name: "x" } },
      { _tag: "Invalid", itemNumber: 3, position: "item 3", errors: [{ field: "", message: "must be an object" }], raw: {} },
      { _tag: "Invalid", itemNumber: 4, position: "item 4", errors: [{ field: "", message: "must be an object" }], raw: {} },
    ]);
  });

  it("rejects with PayloadMalformed what is not a JSON array of UTF-8 text", async () => {
    for (const text of ['[{"referenceId":"C-1"', '{"referenceId":"C-1"}', ""]) {
      await expect(decode(text)).rejects.toBeInstanceOf(PayloadMalformed);
    }
    const latin1 = makeErpJsonDecoder().decode({
      format: "JSON",
      schema: Company,
      bytes: (async function* () {
        yield Uint8Array.from([0x5b, 0xe9, 0x5d]);
      })(),
    });
    await expect(collect(latin1)).rejects.toMatchObject({ _tag: "Payload.Malformed", message: "the payload is not UTF-8 text" });
  });

  it("reads back what the JSON test encoder writes", async () => {
    const records: ReadonlyArray<Company> = [{ referenceId: "C-1", name: "ACME" }, { referenceId: "C-2" }];
    const written = makeErpJsonEncoder().encode({ format: "JSON", schema: Company, records });
    const items = await collect(makeErpJsonDecoder().decode({ format: "JSON", schema: Company, bytes: written }));
    expect(items.map((i) => (i._tag === "Valid" ? i.record : i.errors))).toEqual(records);
  });
});
