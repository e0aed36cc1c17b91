import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FastCheck as fc } from "effect";
import { apInvoiceIdOf, type OrganizationId } from "../src";
import { sha1, uuidV5 } from "../src/ap-batch/uuid-v5";

const DNS_NAMESPACE = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe("SHA-1 written for the pure core", () => {
  it("gives the FIPS 180-4 digests of the standard messages", () => {
    expect(hex(sha1(new Uint8Array()))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(hex(sha1(Buffer.from("abc")))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(hex(sha1(Buffer.from("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  });

  it("agrees with node:crypto on any bytes, across block boundaries", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(hex(sha1(bytes))).toBe(createHash("sha1").update(bytes).digest("hex"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("uuidV5", () => {
  it("gives RFC 9562's example: www.example.com in the DNS namespace", () => {
    expect(uuidV5(DNS_NAMESPACE, "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("hashes the UTF-8 bytes of any name, as node:crypto does", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (name) => {
        const digest = createHash("sha1")
          .update(Buffer.concat([Buffer.from(DNS_NAMESPACE.replace(/-/g, ""), "hex"), Buffer.from(name, "utf8")]))
          .digest();
        digest[6] = (digest[6]! & 0x0f) | 0x50;
        digest[8] = (digest[8]! & 0x3f) | 0x80;
        const h = digest.subarray(0, 16).toString("hex");
        expect(uuidV5(DNS_NAMESPACE, name)).toBe(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe("apInvoiceIdOf", () => {
  const org = "org-1" as OrganizationId;

  it("is a version 5 GUID fixed by organization, vendor and invoice number", () => {
    const id = apInvoiceIdOf(org, "V100", "INV-1");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(apInvoiceIdOf(org, "V100", "INV-1")).toBe(id);
    expect(apInvoiceIdOf("org-2" as OrganizationId, "V100", "INV-1")).not.toBe(id);
    expect(apInvoiceIdOf(org, "V10", "0INV-1")).not.toBe(id);
    expect(apInvoiceIdOf(org, "V100", "inv-1")).not.toBe(id);
  });
});
