/**
 * The SEPA files the service exports, over random batches (amounts, Latin names with accents and
 * symbols, names with letters of other scripts, creditors in and outside the EEA with and without
 * a BIC), on both backends: each file is valid against its XSD (xmllint-wasm, libxml2 compiled to
 * WebAssembly, an implementation independent of ours) and keeps every EPC rule the issue lists;
 * each batch that breaks a rule is refused with 400 naming the line and the rule, and stays Draft.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FastCheck as fc } from "effect";
import { validateXML } from "xmllint-wasm";
import { ibanWithCheckDigits } from "@batch/core";
import { BACKENDS, type Backend } from "./support/backends";
import { ACCOUNT, batchBody, makePaymentsClient, tagText, type Json, type PaymentsClient } from "./support/payments-client";
import { accessToken, startTestService, type TestService } from "./support/service";

const XSD_DIR = path.join(import.meta.dirname, "../../../packages/codecs/test/fixtures/iso20022/xsd");

const xsdErrorsOf = async (documents: ReadonlyArray<string>, version: string): Promise<ReadonlyArray<string>> => {
  if (documents.length === 0) return [];
  const result = await validateXML({
    xml: documents.map((contents, i) => ({ fileName: `export-${i}.xml`, contents })),
    schema: [{ fileName: `${version}.xsd`, contents: readFileSync(path.join(XSD_DIR, `${version}.xsd`), "utf8") }],
  });
  return result.errors.map((e) => e.rawMessage);
};

const EEA_BBAN = { DE: "370400440532013000", FR: "20041010050500013M02606", NL: "ABNA0417164300", AT: "1904300234573201" } as const;
const OUTSIDE_EEA_BBAN = { CH: "00762011623852957", GB: "NWBK60161331926819", MC: "11222000010123456789030", SM: "U0322509800000000270100" } as const;

const latinLetter = fc.constantFrom(..."abcxyzABCXYZéÉèüÜöÖäßÆæØøÅåŁłñÑçÇšŠžŽőŐ");
const symbol = fc.constantFrom("&", "<", '"', "@", "%", "€", "#", "!", "_", "–", "/", "-", "?", ":", "(", ")", ".", ",", "'", "+", " ");
const latinText = (max: number) => fc.stringOf(fc.oneof({ weight: 4, arbitrary: latinLetter }, { weight: 1, arbitrary: symbol }), { minLength: 1, maxLength: max }).map((s) => `P${s}`.slice(0, max));
const foreignLetter = fc.constantFrom(..."αΩжЖ東京한글אب");

interface LineSpec {
  readonly party: string;
  readonly cents: bigint;
  readonly country: string;
  readonly outsideEea: boolean;
  readonly bic: boolean;
  readonly instruction: string | undefined;
  readonly foreign: boolean;
}

const lineArb: fc.Arbitrary<LineSpec> = fc
  .record({
    party: latinText(70),
    cents: fc.oneof(fc.bigInt({ min: 1n, max: 100_000n }), fc.bigInt({ min: 1n, max: 99_999_999_999n })),
    eea: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...Object.keys(EEA_BBAN)) }, { weight: 1, arbitrary: fc.constant(undefined) }),
    outside: fc.constantFrom(...Object.keys(OUTSIDE_EEA_BBAN)),
    bic: fc.boolean(),
    instruction: fc.option(latinText(140), { nil: undefined }),
    foreign: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: foreignLetter }),
  })
  .map(({ party, cents, eea, outside, bic, instruction, foreign }) => ({
    party: foreign === undefined ? party : `${party.slice(0, 69)}${foreign}`,
    cents,
    country: eea ?? outside,
    outsideEea: eea === undefined,
    bic,
    instruction,
    foreign: foreign !== undefined,
  }));

const ibanOf = (country: string) => ibanWithCheckDigits(country, { ...EEA_BBAN, ...OUTSIDE_EEA_BBAN }[country as keyof typeof EEA_BBAN] ?? "");
const amountText = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

describe.each(BACKENDS)("exported SEPA files over random batches on $name", (factory) => {
  let backend: Backend;
  let svc: TestService;
  let pay: PaymentsClient;

  beforeAll(async () => {
    backend = await factory.create();
    svc = await startTestService(backend);
    pay = makePaymentsClient(svc.baseUrl, await accessToken(svc));
    expect((await pay.call("POST", "financialAccounts", { json: ACCOUNT })).status).toBe(201);
  });
  afterAll(async () => {
    await svc?.stop();
    await backend?.dispose();
  });

  it.each(["pain.001.001.09", "pain.001.001.03"])("%s: valid files keep the EPC rules; breaches are 400 naming the line and the rule", { timeout: 300_000 }, async (version) => {
    const documents: Array<string> = [];
    const messageIds = new Set<string>();
    let refused = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 8 }), async (specs) => {
        run += 1;
        const lines = specs.map((s) => ({
          party: s.party,
          transferAmount: { amount: Number(amountText(s.cents)) },
          currency: "EUR",
          iBAN: ibanOf(s.country),
          ...(s.bic ? { swift: "COBADEFFXXX" } : {}),
          ...(s.instruction === undefined ? {} : { paymentInstruction: s.instruction }),
        }));
        const created = await pay.call<Json & { companyKey: string; paymentBatchKey: number }>("POST", "paymentBatches", { json: batchBody(`PROP${version.slice(-2)}x${run}`, lines) });
        expect(created.status, created.text).toBe(201);
        const where = `paymentBatches/${created.body.companyKey}/${created.body.paymentBatchKey}`;
        const answer = await pay.call("POST", `${where}/export?version=${version}`);

        const missingBic = specs.findIndex((s) => s.outsideEea && !s.bic);
        const foreign = specs.findIndex((s) => s.foreign);
        if (missingBic >= 0 || foreign >= 0) {
          refused += 1;
          expect(answer.status, answer.text).toBe(400);
          const detail = String(answer.body.detail);
          if (missingBic >= 0) {
            // The decider's check comes first and names the line by its number and party.
            expect(detail).toContain(`line ${missingBic + 1} (${specs[missingBic]?.party.trim()}): swift: a BIC is required for an IBAN of ${specs[missingBic]?.country}, a SEPA country outside the EEA`);
          } else {
            expect(detail).toContain(`transaction ${foreign + 1} (${specs[foreign]?.party.trim()}`);
            expect(detail).toContain("has letters with no form in the SEPA character set");
          }
          expect((await pay.call<Json>("GET", where)).body.status).toBe(1);
          return;
        }
        expect(answer.status, answer.text).toBe(200);
        const xml = answer.text;
        documents.push(xml);
        const total = specs.reduce((sum, s) => sum + s.cents, 0n);
        expect(tagText(xml, "NbOfTxs")).toEqual([String(specs.length), String(specs.length)]);
        expect(tagText(xml, "CtrlSum")).toEqual([amountText(total), amountText(total)]);
        expect(tagText(xml, "InstdAmt")).toEqual(specs.map((s) => amountText(s.cents)));
        expect([...xml.matchAll(/<InstdAmt Ccy="([A-Z]+)">/g)].map((m) => m[1])).toEqual(specs.map(() => "EUR"));
        expect(tagText(xml, "PmtMtd")).toEqual(["TRF"]);
        expect(xml).toMatch(/<SvcLvl>\s*<Cd>SEPA<\/Cd>\s*<\/SvcLvl>/);
        // ChrgBr SLEV once, at payment information level, never in a transaction.
        expect(tagText(xml, "ChrgBr")).toEqual(["SLEV"]);
        for (const tx of xml.split("<CdtTrfTxInf>").slice(1)) expect(tx).not.toContain("<ChrgBr>");
        const names = tagText(xml, "Nm");
        for (const name of names) {
          expect(name).toMatch(SEPA_TEXT);
          expect(name.length).toBeGreaterThan(0);
          expect(name.length).toBeLessThanOrEqual(70);
        }
        for (const remittance of tagText(xml, "Ustrd")) {
          expect(remittance).toMatch(SEPA_TEXT);
          expect(remittance.length).toBeLessThanOrEqual(140);
        }
        for (const id of [...tagText(xml, "MsgId"), ...tagText(xml, "PmtInfId"), ...tagText(xml, "EndToEndId")]) {
          expect(id).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]{1,35}$/);
          expect(id.startsWith("/") || id.endsWith("/") || id.includes("//")).toBe(false);
        }
        const endToEndIds = tagText(xml, "EndToEndId");
        expect(new Set(endToEndIds).size).toBe(endToEndIds.length);
        const [messageId] = tagText(xml, "MsgId");
        expect(messageIds.has(messageId ?? "")).toBe(false);
        messageIds.add(messageId ?? "");
        // Creditor agents: present exactly for the lines given a BIC (every line outside the EEA has one here).
        const transactions = xml.split("<CdtTrfTxInf>").slice(1);
        expect(transactions.map((tx) => tx.includes("<CdtrAgt>"))).toEqual(specs.map((s) => s.bic));
      }),
      { numRuns: 25 },
    );
    const errors = await xsdErrorsOf(documents, version);
    expect(errors, errors.length === 0 ? "" : documents[Number(/export-(\d+)/.exec(errors[0] ?? "")?.[1])] ?? "").toEqual([]);
    // The generator reaches both outcomes.
    expect(documents.length).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
