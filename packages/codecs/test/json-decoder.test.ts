import { Schema } from "effect";
import { describe, expect, it } from "vitest";
import { Amount, Decimal, PayloadMalformed } from "@batch/core";
import { decodeAll, decodeFailure, valid } from "./payload-support";

const Company = Schema.Struct({ referenceId: Schema.String, name: Schema.optional(Schema.String), credit: Schema.optional(Amount) });

describe("JSON decoder", () => {
  it("streams a top-level array element by element, numbering items", async () => {
    const payload = JSON.stringify([
      { referenceId: "C1", name: "Ünïcødé & <Co>", credit: 0.3 },
      { referenceId: "C2", extra: { nested: [1, 2] } },
    ]);
    const items = await decodeAll({ format: "JSON", schema: Company, payload, chunkSize: 5 });
    expect(valid(items)).toEqual([
      { referenceId: "C1", name: "Ünïcødé & <Co>", credit: Decimal.fromMinor(3n, 1) },
      { referenceId: "C2" },
    ]);
    expect(items.map((i) => [i.itemNumber, i.position])).toEqual([
      [1, "item 1"],
      [2, "item 2"],
    ]);
    expect(items[1]?.raw).toEqual({ referenceId: "C2", extra: { nested: [1, 2] } });
  });

  it("fails an element that is not an object, or does not fit the schema, alone", async () => {
    const items = await decodeAll({ format: "JSON", schema: Company, payload: '[{"referenceId":"C1"}, 42, {"name":"x"}, {"referenceId":"C4"}]' });
    expect(items.map((i) => i._tag)).toEqual(["Valid", "Invalid", "Invalid", "Valid"]);
    expect(items[1]).toMatchObject({ position: "item 2", errors: [{ field: "", message: "must be a JSON object, got a number" }] });
    expect(items[2]).toMatchObject({ position: "item 3", errors: [{ field: "referenceId", message: "is required" }] });
  });

  it("reads an empty array as no records", async () => {
    expect(await decodeAll({ format: "JSON", schema: Company, payload: " [ ] \n" })).toEqual([]);
  });

  it("reads NDJSON, failing a line that is not JSON alone", async () => {
    const payload = '{"referenceId":"C1"}\r\n{"referenceId":\n\n{"referenceId":"C3"}';
    const items = await decodeAll({ format: "JSON", schema: Company, payload, chunkSize: 3 });
    expect(items.map((i) => [i._tag, i.position])).toEqual([
      ["Valid", "line 1"],
      ["Invalid", "line 2"],
      ["Valid", "line 4"],
    ]);
    expect(items[1]?._tag === "Invalid" && items[1].errors[0]?.message).toMatch(/^the line is not valid JSON/);
  });

  it("refuses truncated JSON with one clear error", async () => {
    const error = (await decodeFailure({ format: "JSON", schema: Company, payload: '[{"referenceId":"C1"},{"referenceId":"C' })) as PayloadMalformed;
    expect(error).toBeInstanceOf(PayloadMalformed);
    expect(error.message).toMatch(/JSON/);
    const unclosed = (await decodeFailure({ format: "JSON", schema: Company, payload: '[{"referenceId":"C1"}' })) as PayloadMalformed;
    expect(unclosed.message).toBe("the JSON payload ends before its top-level array is closed (truncated?)");
  });

  it("refuses a syntax error, content after the array, and a payload that is neither array nor NDJSON", async () => {
    const syntax = (await decodeFailure({ format: "JSON", schema: Company, payload: '[{"referenceId" "C1"}]' })) as PayloadMalformed;
    expect(syntax.message).toMatch(/^the payload is not valid JSON: /);
    const trailing = (await decodeFailure({ format: "JSON", schema: Company, payload: '[{"referenceId":"C1"}] [1]' })) as PayloadMalformed;
    expect(trailing.message).toBe("unexpected content after the top-level JSON array");
    const scalar = (await decodeFailure({ format: "JSON", schema: Company, payload: '"just a string"' })) as PayloadMalformed;
    expect(scalar.message).toBe("a JSON payload must be an array of objects or NDJSON (one object per line)");
  });

  it("refuses nesting deeper than the limit", async () => {
    const deep = `[${"[".repeat(40)}${"]".repeat(40)}]`;
    const error = (await decodeFailure({ format: "JSON", schema: Company, payload: deep })) as PayloadMalformed;
    expect(error.message).toBe("the JSON payload nests deeper than 32 levels");
  });
});
