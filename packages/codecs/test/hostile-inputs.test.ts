/**
 * Hostile payloads are refused quickly and in bounded memory. "Bounded" is shown by how much of
 * the payload the decoder pulls before refusing it: a decoder that buffered the payload would
 * pull all of it.
 */
import { Schema } from "effect";
import { describe, expect, it } from "vitest";
import { PayloadMalformed, type PayloadFormat } from "@batch/core";
import { makeRecordDecoder } from "../src/index";
import { collect, TextRecord } from "./payload-support";

const CHUNK = 64 * 1024;

/** A payload of `head`, then `fill` repeated to `totalBytes`, then `tail`; counts the bytes pulled. */
const meteredPayload = (head: string, fill: string, totalBytes: number, tail = "") => {
  const meter = { pulled: 0 };
  const block = new TextEncoder().encode(fill.repeat(Math.ceil(CHUNK / fill.length)).slice(0, CHUNK));
  async function* bytes(): AsyncGenerator<Uint8Array> {
    const first = new TextEncoder().encode(head);
    meter.pulled += first.length;
    yield first;
    for (let sent = first.length; sent < totalBytes; sent += block.length) {
      meter.pulled += block.length;
      yield block;
    }
    const last = new TextEncoder().encode(tail);
    meter.pulled += last.length;
    yield last;
  }
  return { bytes: bytes(), meter };
};

const refusal = async (format: PayloadFormat, bytes: AsyncIterable<Uint8Array>, isoMessage?: "pain.001") => {
  const started = performance.now();
  let error: unknown;
  try {
    await collect(makeRecordDecoder().decode({ format, schema: TextRecord, bytes, ...(isoMessage === undefined ? {} : { isoMessage }) }));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(PayloadMalformed);
  return { error: error as PayloadMalformed, millis: performance.now() - started };
};

const TEN_MB = 10 * 1024 * 1024;

describe("hostile inputs", () => {
  it("refuses billion laughs before parsing it", async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join("\n");
    const payload = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<lolz><r><a>&lol9;</a></r></lolz>`;
    const { error, millis } = await refusal("XML", (async function* () { yield new TextEncoder().encode(payload); })());
    expect(error.message).toContain("DOCTYPE or ENTITY declaration");
    expect(millis).toBeLessThan(1000);
  });

  it("refuses external entities (XXE), in ISO payloads too", async () => {
    const payload = `<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>&xxe;</CstmrCdtTrfInitn></Document>`;
    const { error } = await refusal("ISO", (async function* () { yield new TextEncoder().encode(payload); })(), "pain.001");
    expect(error.message).toContain("DOCTYPE or ENTITY declaration");
  });

  it("refuses a DOCTYPE split across chunks", async () => {
    const payload = new TextEncoder().encode(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><r><c><x>&a;</x></c></r>`);
    const { error } = await refusal("XML", (async function* () { for (const b of payload) yield Uint8Array.of(b); })());
    expect(error.message).toContain("DOCTYPE or ENTITY declaration");
  });

  it("refuses a 10 MB CSV field after reading little more than the record limit", async () => {
    const { bytes, meter } = meteredPayload('referenceId,name\nR1,"', "x", TEN_MB, '"\n');
    const { error, millis } = await refusal("CSV", bytes);
    expect(error.message).toBe("a CSV record is larger than the limit of 1 MiB");
    expect(meter.pulled).toBeLessThan(2 * 1024 * 1024);
    expect(millis).toBeLessThan(3000);
  });

  it("refuses deeply nested JSON at the depth limit, after the first chunk", async () => {
    const { bytes, meter } = meteredPayload("[", "[", TEN_MB, "");
    const { error } = await refusal("JSON", bytes);
    expect(error.message).toBe("the JSON payload nests deeper than 32 levels");
    expect(meter.pulled).toBeLessThanOrEqual(CHUNK + 1);
  });

  it("refuses a 10 MB JSON string and a 10 MB NDJSON line without reading them whole", async () => {
    const array = meteredPayload('[{"name":"', "y", TEN_MB, '"}]');
    expect((await refusal("JSON", array.bytes)).error.message).toBe("a JSON value is larger than the limit of 1 MiB");
    expect(array.meter.pulled).toBeLessThan(2 * 1024 * 1024);
    const ndjson = meteredPayload('{"name":"', "y", TEN_MB, '"}\n');
    expect((await refusal("JSON", ndjson.bytes)).error.message).toBe("an NDJSON line is longer than the limit of 1 MiB");
    expect(ndjson.meter.pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it("refuses deeply nested XML, a 10 MB text node and a 10 MB record without reading them whole", async () => {
    const nested = meteredPayload("<r>", "<a>", TEN_MB);
    expect((await refusal("XML", nested.bytes)).error.message).toBe("the XML payload nests deeper than 32 elements");
    expect(nested.meter.pulled).toBeLessThanOrEqual(CHUNK + 3);

    const text = meteredPayload("<r><c><name>", "z", TEN_MB, "</name></c></r>");
    expect((await refusal("XML", text.bytes)).error.message).toBe("the XML payload has more than 1 MiB without an element or text (a huge text, comment or tag)");
    expect(text.meter.pulled).toBeLessThan(2 * 1024 * 1024);

    // 16 characters, so the repeated blocks of 64 KiB stay well-formed.
    const fields = meteredPayload("<r><c>", "<f>012345678</f>", TEN_MB, "</c></r>");
    expect((await refusal("XML", fields.bytes)).error.message).toBe("the element /r/c[1] is larger than the limit of 1 MiB");
    expect(fields.meter.pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it("refuses binary garbage in every format with one clear error", async () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    for (const format of ["JSON", "CSV", "XML"] as const) {
      const { error } = await refusal(format, (async function* () { yield garbage; })());
      expect(error.message).toMatch(/^the payload is (binary|not UTF-8)/);
    }
  });

  it("stops reading the payload when the consumer stops early", async () => {
    const { bytes, meter } = meteredPayload("referenceId\n", "R\n", TEN_MB);
    for await (const item of makeRecordDecoder().decode({ format: "CSV", schema: Schema.Struct({ referenceId: Schema.String }), bytes })) {
      expect(item._tag).toBe("Valid");
      break;
    }
    expect(meter.pulled).toBeLessThanOrEqual(2 * CHUNK);
  });
});
