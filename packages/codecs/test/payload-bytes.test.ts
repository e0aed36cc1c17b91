import { describe, expect, it } from "vitest";
import { PayloadMalformed } from "@batch/core";
import { makeRecordDecoder } from "../src/index";
import { collect, decodeAll, decodeFailure, TextRecord, valid } from "./payload-support";

describe("payload text", () => {
  it("reads multi-byte characters split across chunks of one byte", async () => {
    const items = await decodeAll({ format: "CSV", schema: TextRecord, payload: "\uFEFFname\n€ 😀 東京 ß\n", chunkSize: 1 });
    expect(valid(items)).toEqual([{ name: "€ 😀 東京 ß" }]);
  });

  it("refuses UTF-16, invalid UTF-8, NUL bytes and an empty payload with clear messages", async () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, 0x6e, 0x00, 0x0a, 0x00]);
    expect(((await decodeFailure({ format: "CSV", schema: TextRecord, payload: utf16 })) as PayloadMalformed).message).toBe(
      "the payload is UTF-16 or UTF-32 text (byte order mark); send it as UTF-8",
    );
    const latin1 = Uint8Array.from([0x6e, 0x0a, 0xe9, 0x0a]);
    const notUtf8 = (await decodeFailure({ format: "CSV", schema: TextRecord, payload: latin1 })) as PayloadMalformed;
    expect(notUtf8.message).toBe("the payload is not UTF-8 text: it contains a byte sequence that is not valid UTF-8");
    const truncated = Uint8Array.from([0x6e, 0x0a, 0xe2, 0x82]);
    expect(await decodeFailure({ format: "CSV", schema: TextRecord, payload: truncated })).toBeInstanceOf(PayloadMalformed);
    const nul = (await decodeFailure({ format: "JSON", schema: TextRecord, payload: '[{"a":"\u0000"}]' })) as PayloadMalformed;
    expect(nul).toMatchObject({ message: "the payload is binary, not text: it contains a NUL byte", position: "byte 7" });
    for (const format of ["JSON", "CSV", "XML"] as const) {
      const empty = (await decodeFailure({ format, schema: TextRecord, payload: " \r\n " })) as PayloadMalformed;
      expect(empty.message).toBe("the payload is empty");
    }
  });

  it("passes a failure of the byte source on unchanged: it is not the payload's fault", async () => {
    for (const [format, head] of [["CSV", "referenceId\nR1\n"], ["JSON", '[{"referenceId":"R1"},'], ["XML", "<r><c><a>1</a></c>"]] as const) {
      const source = async function* (): AsyncGenerator<Uint8Array> {
        yield new TextEncoder().encode(head);
        throw new Error("connection reset by the blob store");
      };
      const error = await collect(makeRecordDecoder().decode({ format, schema: TextRecord, bytes: source() })).catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(PayloadMalformed);
      expect((error as Error).message).toBe("connection reset by the blob store");
    }
  });
});
