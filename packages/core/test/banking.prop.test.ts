import { describe, expect, it } from "vitest";
import { Either, FastCheck as fc, Schema } from "effect";
import { Bic, Iban, ibanCountries, ibanLengthOf, ibanProblem, ibanWithCheckDigits, isValidBic, isValidIban } from "../src";

describe("IBAN (ISO 13616)", () => {
  it("accepts real IBANs in electronic and paper format", () => {
    for (const iban of ["DE89370400440532013000", "GB29 NWBK 6016 1331 9268 19", "NL91ABNA0417164300", "fr1420041010050500013m02606", "BE68539007547034"]) {
      expect(isValidIban(iban), iban).toBe(true);
    }
  });

  it("names what is wrong", () => {
    expect(ibanProblem("DE89370400440532013001")).toBe("checksum");
    expect(ibanProblem("DE8937040044053201300")).toBe("length");
    expect(ibanProblem("ZZ89370400440532013000")).toBe("country");
    expect(ibanProblem("not an iban")).toBe("format");
  });

  it("every generated IBAN validates, and changing one digit breaks it", () => {
    const country = fc.constantFrom(...ibanCountries);
    fc.assert(
      fc.property(country, fc.nat(), fc.nat({ max: 9 }), (c, seed, digit) => {
        const length = ibanLengthOf(c)! - 4;
        const bban = String(seed).padStart(length, "7").slice(0, length);
        const iban = ibanWithCheckDigits(c, bban);
        expect(isValidIban(iban)).toBe(true);
        const position = 4 + (seed % length);
        const original = Number(iban[position]);
        const changed = `${iban.slice(0, position)}${(original + 1 + (digit % 9)) % 10}${iban.slice(position + 1)}`;
        expect(isValidIban(changed)).toBe(false);
      }),
    );
  });

  it("the Iban schema normalises to the electronic format and names the rule", () => {
    expect(Schema.decodeUnknownSync(Iban)("gb29 nwbk 6016 1331 9268 19")).toBe("GB29NWBK60161331926819");
    const bad = Schema.decodeUnknownEither(Iban)("DE89370400440532013001");
    expect(Either.isLeft(bad) && bad.left.message).toContain("mod 97");
  });
});

describe("BIC (ISO 9362)", () => {
  it("accepts 8 and 11 character BICs", () => {
    for (const bic of ["DEUTDEFF", "DEUTDEFF500", "NWBKGB2L", "abnanl2a"]) expect(isValidBic(bic), bic).toBe(true);
  });
  it("refuses bad lengths, unknown countries and symbols", () => {
    for (const bic of ["DEUTDEF", "DEUTDEFF50", "DEUTZZFF", "DEU!DEFF", ""]) expect(isValidBic(bic), bic).toBe(false);
    expect(Either.isLeft(Schema.decodeUnknownEither(Bic)("DEUTZZFF"))).toBe(true);
  });
});
