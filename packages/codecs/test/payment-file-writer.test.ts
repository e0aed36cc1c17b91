import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Either, FastCheck as fc } from "effect";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import {
  Decimal,
  ibanWithCheckDigits,
  PaymentFileInvalid,
  PaymentFileVersions,
  type CreditTransferInitiation,
  type PaymentFileVersion,
} from "@batch/core";
import { makePaymentFileWriter, toSepaText } from "../src/index";
import { runEither } from "./payload-support";

const XSD_DIR = join(import.meta.dirname, "fixtures/iso20022/xsd");
const xsd = Object.fromEntries(PaymentFileVersions.map((v) => [v, readFileSync(join(XSD_DIR, `${v}.xsd`), "utf8")]));

/** Validates documents against the version's XSD in one xmllint run; returns libxml2's messages (none when all are valid). */
const xsdErrorsOf = async (documents: ReadonlyArray<string>, version: PaymentFileVersion): Promise<ReadonlyArray<string>> => {
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: `payment-${i}.xml`, contents })),
    schema: [{ fileName: `${version}.xsd`, contents: xsd[version] ?? "" }],
  });
  return result.errors.map((e) => e.rawMessage);
};
const xsdErrors = (xml: string, version: PaymentFileVersion) => xsdErrorsOf([xml], version);

const writer = makePaymentFileWriter();
const write = async (file: CreditTransferInitiation, version: PaymentFileVersion) => runEither(writer.write(file, version));
const written = async (file: CreditTransferInitiation, version: PaymentFileVersion): Promise<string> => {
  const result = await write(file, version);
  if (Either.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};
const amount = (text: string): Decimal.Decimal => {
  const parsed = Decimal.parse(text);
  if (parsed._tag === "None") throw new Error(`not a decimal: ${text}`);
  return parsed.value;
};

const example: CreditTransferInitiation = {
  messageId: "ACME-PB-7-1",
  createdAt: "2025-03-01T10:00:00.000Z",
  initiatingPartyName: "Müller & Söhne GmbH",
  paymentInformationId: "ACME-PB-7",
  requestedExecutionDate: "2025-03-03",
  debtor: {
    name: "Müller & Söhne GmbH",
    iban: "DE89 3704 0044 0532 0130 00",
    bic: "COBADEFFXXX",
    address: { country: "DE", townName: "Köln", streetName: "Domstraße", buildingNumber: "1a", postCode: "50667" },
  },
  transactions: [
    { endToEndId: "PB7-L1", amount: amount("0.1"), currency: "EUR", creditorName: "Łukasz Żółć", creditorIban: "NL91ABNA0417164300", creditorBic: "ABNANL2A", remittanceInformation: "Invoice <1> & 2 – €" },
    { endToEndId: "PB7-L2", amount: amount("0.2"), currency: "EUR", creditorName: "Jane Doe", creditorIban: "FR1420041010050500013M02606" },
  ],
};

describe("SEPA payment file writer", () => {
  it.each(PaymentFileVersions)("%s: the example is valid against the XSD, with exact counts and control sums", async (version) => {
    const xml = await written(example, version);
    expect(await xsdErrors(xml, version)).toEqual([]);
    expect(xml.match(/<NbOfTxs>2<\/NbOfTxs>/g)).toHaveLength(2);
    expect(xml.match(/<CtrlSum>0.30<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml).toContain(`xmlns="urn:iso:std:iso:20022:tech:xsd:${version}"`);
    expect(xml).toContain("<Nm>Muller + Sohne GmbH</Nm>");
    expect(xml).toContain("<Nm>Lukasz Zolc</Nm>");
    expect(xml).toContain("<Ustrd>Invoice 1 + 2 -</Ustrd>");
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.10</InstdAmt>');
    expect(xml).toContain("<IBAN>DE89370400440532013000</IBAN>");
  });

  it("writes the structured address in pain.001.001.09 and address lines in pain.001.001.03", async () => {
    expect(await written(example, "pain.001.001.09")).toContain(
      "<PstlAdr>\n          <StrtNm>Domstrasse</StrtNm>\n          <BldgNb>1a</BldgNb>\n          <PstCd>50667</PstCd>\n          <TwnNm>Koln</TwnNm>\n          <Ctry>DE</Ctry>",
    );
    const v03 = await written(example, "pain.001.001.03");
    expect(v03).toContain("<AdrLine>Domstrasse 1a</AdrLine>");
    expect(v03).toContain("<AdrLine>50667 Koln</AdrLine>");
    expect(v03).toContain("<ReqdExctnDt>2025-03-03</ReqdExctnDt>");
  });

  it.each(PaymentFileVersions)("%s: a debtor without BIC and a minimal address is still valid (NOTPROVIDED agent)", async (version) => {
    const file: CreditTransferInitiation = { ...example, debtor: { name: "Acme", iban: "DE89370400440532013000", address: { country: "DE", townName: "Berlin" } } };
    const xml = await written(file, version);
    expect(xml).toContain("<Id>NOTPROVIDED</Id>");
    expect(await xsdErrors(xml, version)).toEqual([]);
  });

  it("refuses what a bank would reject, naming every problem", async () => {
    const bad: CreditTransferInitiation = {
      ...example,
      messageId: "/bad//id/",
      requestedExecutionDate: "2025-02-30",
      transactions: [
        { endToEndId: "L1", amount: amount("10.005"), currency: "EUR", creditorName: "A", creditorIban: "DE00370400440532013000" },
        { endToEndId: "L1", amount: amount("5"), currency: "USD", creditorName: "東京", creditorIban: "US12345678901234567890" },
        { endToEndId: "L3", amount: Decimal.zero, currency: "EUR", creditorName: "C", creditorIban: "NL91ABNA0417164300", creditorBic: "ABNA NL 10" },
      ],
    };
    const result = await write(bad, "pain.001.001.03");
    expect(Either.isLeft(result)).toBe(true);
    const error = Either.isLeft(result) ? result.left : undefined;
    expect(error).toBeInstanceOf(PaymentFileInvalid);
    const message = error?.message ?? "";
    for (const expected of [
      'messageId "/bad//id/" must not start or end with / nor contain //',
      'requestedExecutionDate "2025-02-30" must be a date (YYYY-MM-DD)',
      "transaction 1 (A, L1): the amount 10.005 has more than 2 decimals",
      "transaction 1 (A, L1): creditorIban \"DE00370400440532013000\": IBAN check digits are wrong (ISO 13616 mod 97)",
      "transaction 2 (東京, L1): endToEndId is used by another transaction of the file",
      "transaction 2 (東京, L1): SEPA credit transfers are in EUR, not USD",
      'transaction 2 (東京, L1): creditorName "東京" has letters with no form in the SEPA character set (東 京): write it in Latin letters',
      "transaction 3 (C, L3): the amount 0 must be between 0.01 and 999999999.99",
      'transaction 3 (C, L3): creditorBic "ABNA NL 10" is not a BIC that pain.001.001.03 accepts (ISO 9362)',
    ]) {
      expect(message).toContain(expected);
    }
    expect(Either.isLeft(await write({ ...example, transactions: [] }, "pain.001.001.09"))).toBe(true);
  });

  it("accepts a BIC whose location code ends in O in pain.001.001.09 only (found by the property test)", async () => {
    const file: CreditTransferInitiation = { ...example, transactions: [{ ...example.transactions[1]!, creditorBic: "AAAADEAO" }] };
    const v09 = await written(file, "pain.001.001.09");
    expect(await xsdErrors(v09, "pain.001.001.09")).toEqual([]);
    const v03 = await write(file, "pain.001.001.03");
    expect(Either.isLeft(v03) && v03.left.message).toContain('creditorBic "AAAADEAO" is not a BIC that pain.001.001.03 accepts');
  });

  it("reduces free text to the SEPA character set", () => {
    expect(toSepaText("Ærøskøbing Straße 5 – «Büro» @ 50%", 70)).toBe("AEroskobing Strasse 5 - Buro 50");
    expect(toSepaText("a".repeat(80), 70)).toHaveLength(70);
    expect(toSepaText("東京", 70)).toBe("");
  });
});

// Valid IBANs of SEPA countries whose BBAN may be all digits.
const IBAN_SHAPES = [["DE", 18], ["AT", 16], ["BE", 12], ["ES", 20], ["FI", 14]] as const;
const ibanArb = fc
  .tuple(fc.constantFrom(...IBAN_SHAPES), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 20, maxLength: 20 }))
  .map(([[country, length], digits]) => ibanWithCheckDigits(country, digits.slice(0, length).join("")));
const upper = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");
// The second location character is never O: pain.001.001.03's BIC pattern refuses it (see the example test).
const locationArb = fc.tuple(upper, fc.constantFrom(..."ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789")).map(([a, b]) => `${a}${b}`);
const bicArb = fc
  .tuple(fc.stringOf(upper, { minLength: 4, maxLength: 4 }), fc.constantFrom("DE", "FR", "NL", "AT"), locationArb, fc.boolean())
  .map(([bank, country, location, branch]) => `${bank}${country}${location}${branch ? "XXX" : ""}`);
// Names: any symbol (replaced), Latin letters with or without accents (transliterated); letters
// of other scripts are refused rather than dropped (see the property below).
const latinLetter = fc.constantFrom(..."aAzZéÉèüÜöÖäßẞÆæØøÅåŁłñÑçÇšŠžŽőŐțȚ");
const symbol = fc.fullUnicode().filter((c) => !/[\p{L}\p{N}]/u.test(c));
const nameArb = fc.stringOf(fc.oneof(latinLetter, symbol, fc.constantFrom("&", "<", '"', " ", "1")), { minLength: 0, maxLength: 90 }).map((s) => `N${s}`);
const foreignLetter = fc.constantFrom(..."αΩжЖ東京한글אب");
const amountArb = fc.bigInt({ min: 1n, max: 99999999999n }).map((minor) => Decimal.fromMinor(minor, 2));

const fileArb: fc.Arbitrary<CreditTransferInitiation> = fc
  .record({
    transactions: fc.uniqueArray(
      fc.record({
        endToEndId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9.:-]{0,33}$/),
        amount: amountArb,
        creditorName: nameArb,
        creditorIban: ibanArb,
        creditorBic: fc.option(bicArb, { nil: undefined }),
        remittanceInformation: fc.option(nameArb, { nil: undefined }),
      }),
      { minLength: 1, maxLength: 25, selector: (t) => t.endToEndId },
    ),
    debtorName: nameArb,
    debtorIban: ibanArb,
    debtorBic: fc.option(bicArb, { nil: undefined }),
  })
  .map(({ transactions, debtorName, debtorIban, debtorBic }) => ({
    messageId: "MSG-1",
    createdAt: "2025-03-01T10:00:00Z",
    initiatingPartyName: debtorName,
    paymentInformationId: "PMT-1",
    requestedExecutionDate: "2025-03-03",
    debtor: { name: debtorName, iban: debtorIban, ...(debtorBic === undefined ? {} : { bic: debtorBic }), address: { country: "DE", townName: "Berlin" } },
    transactions: transactions.map((t) => ({ ...t, currency: "EUR" })),
  }));

describe("SEPA payment file writer, property", () => {
  it.each(PaymentFileVersions)("%s: every generated file validates against the XSD, with exact control sums and counts", { timeout: 60_000 }, async (version) => {
    // xmllint-wasm costs about half a second per run, so the generated files are checked by the
    // property first and validated together afterwards; a failure names the file in its message.
    const documents: string[] = [];
    await fc.assert(
      fc.asyncProperty(fileArb, async (file) => {
        const xml = await written(file, version);
        const sum = Decimal.format(Decimal.sum(file.transactions.map((t) => t.amount)), 2);
        expect(xml.match(/<CtrlSum>([^<]*)<\/CtrlSum>/g)).toEqual([`<CtrlSum>${sum}</CtrlSum>`, `<CtrlSum>${sum}</CtrlSum>`]);
        expect(xml.match(/<NbOfTxs>([^<]*)<\/NbOfTxs>/g)).toEqual(Array(2).fill(`<NbOfTxs>${file.transactions.length}</NbOfTxs>`));
        expect(xml.match(/<CdtTrfTxInf>/g)).toHaveLength(file.transactions.length);
        expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Document/);
        // Every free-text node is in the SEPA character set.
        for (const [, value] of xml.matchAll(/<(?:Nm|Ustrd|TwnNm)>([^<]*)</g)) expect(value).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]+$/);
        documents.push(xml);
      }),
      { numRuns: 60 },
    );
    const errors = await xsdErrorsOf(documents, version);
    expect(errors, errors.length === 0 ? "" : documents[Number(/payment-(\d+)/.exec(errors[0] ?? "")?.[1])] ?? "").toEqual([]);
    expect(documents.length).toBeGreaterThanOrEqual(60);
  });
});

describe("SEPA payment file writer, letters outside the SEPA character set", () => {
  it("refuses a name or remittance with a letter it cannot transliterate, naming the transaction and the letter", async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.nat(), nameArb, foreignLetter, fc.boolean(), async (file, which, name, letter, inRemittance) => {
        const index = which % file.transactions.length;
        const withForeign = `${name}${letter}`;
        const transactions = file.transactions.map((t, i) =>
          i !== index ? t : inRemittance ? { ...t, remittanceInformation: withForeign } : { ...t, creditorName: withForeign },
        );
        const result = await write({ ...file, transactions }, "pain.001.001.09");
        expect(Either.isLeft(result)).toBe(true);
        const message = Either.isLeft(result) ? result.left.message : "";
        expect(message).toContain(`transaction ${index + 1} (`);
        expect(message).toContain(`${inRemittance ? "remittanceInformation" : "creditorName"} "${withForeign}" has letters with no form in the SEPA character set (`);
        expect(message).toContain(letter);
      }),
      { numRuns: 60 },
    );
  });
});
