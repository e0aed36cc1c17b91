import { Schema } from "effect";
import { describe, expect, it } from "vitest";
import { PayloadMalformed } from "@batch/core";
import { decodeAll, decodeFailure, TextRecord, valid } from "./payload-support";

const Company = Schema.Struct({ referenceId: Schema.String, name: Schema.optional(Schema.String) });

describe("XML decoder", () => {
  it("reads each child of any root as a record and its children as fields, with XPath-like positions", async () => {
    const payload = `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by the ERP -->
<Companies xmlns="urn:example">
  <Company><referenceId>C1</referenceId><name>Fish &amp; Chips &lt;Ltd&gt; — Å</name></Company>
  <Company>
    <referenceId><![CDATA[C<2>]]></referenceId>
    <name/>
  </Company>
  <Other><referenceId>C3</referenceId></Other>
</Companies>`;
    const items = await decodeAll({ format: "XML", schema: Company, payload, chunkSize: 11 });
    expect(valid(items)).toEqual([{ referenceId: "C1", name: "Fish & Chips <Ltd> — Å" }, { referenceId: "C<2>" }, { referenceId: "C3" }]);
    expect(items.map((i) => i.position)).toEqual(["/Companies/Company[1]", "/Companies/Company[2]", "/Companies/Other[1]"]);
  });

  it("treats an empty element as absent, builds nested objects and lists, and takes record attributes as fields", async () => {
    const payload = `<r><rec id="7" kind=""><a>1</a><b></b><c><d>x</d><e/></c><a>2</a><f><g/></f></rec></r>`;
    const items = await decodeAll({ format: "XML", schema: TextRecord, payload });
    expect(items[0]?.raw).toEqual({ a: ["1", "2"], c: { d: "x" }, id: "7" });
  });

  it("fails records alone on schema errors", async () => {
    const items = await decodeAll({ format: "XML", schema: Company, payload: "<r><c><name>x</name></c><c><referenceId>C2</referenceId></c></r>" });
    expect(items.map((i) => i._tag)).toEqual(["Invalid", "Valid"]);
    expect(items[0]).toMatchObject({ position: "/r/c[1]", errors: [{ field: "referenceId", message: "is required" }] });
  });

  it("refuses unclosed XML with one clear error", async () => {
    const error = (await decodeFailure({ format: "XML", schema: Company, payload: "<r><c><referenceId>C1</referenceId></c><c>" })) as PayloadMalformed;
    expect(error).toBeInstanceOf(PayloadMalformed);
    expect(error.message).toMatch(/^the payload is not well-formed XML: unclosed tag/);
  });

  it("refuses mismatched tags and text outside the root", async () => {
    const mismatched = (await decodeFailure({ format: "XML", schema: Company, payload: "<r><c></d></r>" })) as PayloadMalformed;
    expect(mismatched.message).toMatch(/^the payload is not well-formed XML/);
    expect(mismatched.position).toMatch(/^line 1, column \d+$/);
    const outside = (await decodeFailure({ format: "XML", schema: Company, payload: "<r/>trailing" })) as PayloadMalformed;
    expect(outside.message).toMatch(/^the payload is not well-formed XML/);
  });

  it("reads a record containing the text <!DOCTYPE in CDATA: only the prolog is guarded", async () => {
    const items = await decodeAll({ format: "XML", schema: Company, payload: "<r><c><referenceId><![CDATA[<!DOCTYPE x>]]></referenceId></c></r>" });
    expect(valid(items)).toEqual([{ referenceId: "<!DOCTYPE x>" }]);
  });

  it("keeps carriage returns written as character references", async () => {
    const items = await decodeAll({ format: "XML", schema: Company, payload: "<r><c><referenceId>a&#13;\nb</referenceId></c></r>" });
    expect(valid(items)).toEqual([{ referenceId: "a\r\nb" }]);
  });
});
