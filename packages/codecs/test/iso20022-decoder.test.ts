import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Schema } from "effect";
import { describe, expect, it } from "vitest";
import {
  Amount,
  BankStatementEntryRecord,
  Decimal,
  PaymentRequestRecord,
  PaymentStatusRecord,
  PayloadMalformed,
  type IsoMessage,
} from "@batch/core";
import { makeRecordDecoder } from "../src/index";
import { collect, decodeAll, decodeFailure, TextRecord } from "./payload-support";

const SAMPLES = join(import.meta.dirname, "fixtures/iso20022/samples");

const decodeSample = (file: string, isoMessage: IsoMessage) =>
  collect(makeRecordDecoder().decode({ format: "ISO", isoMessage, schema: TextRecord, bytes: createReadStream(join(SAMPLES, file)) }));

const messageOf = (file: string): IsoMessage => file.slice(0, 8) as IsoMessage;

// Field names of DOMAIN.md's records, as the record schemas of @batch/core will read them.
const PaymentRequest = Schema.Struct({
  referenceId: Schema.String,
  companyKey: Schema.String,
  party: Schema.String,
  amount: Amount,
  currency: Schema.String,
  iban: Schema.String,
  swift: Schema.optional(Schema.String),
  dueDate: Schema.optional(Schema.String),
  paymentInstruction: Schema.optional(Schema.String),
  sourceDoc: Schema.optional(Schema.String),
});
const PaymentStatus = Schema.Struct({
  exportTransactionId: Schema.optional(Schema.String),
  sourceDoc: Schema.optional(Schema.String),
  status: Schema.Literal("Success", "Error"),
  externalStatusCode: Schema.optional(Schema.String),
  reason: Schema.optional(Schema.String),
  externalStatusReportId: Schema.optional(Schema.String),
});
const BankStatementEntry = Schema.Struct({
  statementId: Schema.String,
  accountIban: Schema.optional(Schema.String),
  bookingDate: Schema.String,
  amount: Amount,
  currency: Schema.String,
  creditDebit: Schema.Literal("CRDT", "DBIT"),
  endToEndId: Schema.optional(Schema.String),
  remittanceInfo: Schema.optional(Schema.String),
});
const schemaFor: Readonly<Record<IsoMessage, Schema.Schema.AnyNoContext>> = {
  "pain.001": PaymentRequest,
  "pain.002": PaymentStatus,
  "camt.053": BankStatementEntry,
};

describe("ISO 20022 decoder: the real samples", () => {
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith(".xml"));

  it.each(samples)("decodes %s into records its message's schema accepts", async (file) => {
    const message = messageOf(file);
    const items = await collect(
      makeRecordDecoder().decode({ format: "ISO", isoMessage: message, schema: schemaFor[message], bytes: createReadStream(join(SAMPLES, file)) }),
    );
    expect(items.length).toBeGreaterThan(0);
    // camt.053 entries of accounts identified otherwise than by IBAN still decode (accountIban optional here).
    // A Verification of Payee reply carries its result (RCVC, ...) as the status, which no payment status schema accepts.
    expect(items.filter((i) => i._tag === "Invalid" && !["RCVC", "RVMC", "RVNM", "RVNA"].includes(String(i.raw.status)))).toEqual([]);
  });

  it("feeds the record schemas of @batch/core: payment requests and statuses valid, statement entries failing only on the sample accounts", async () => {
    const coreSchemas: Readonly<Record<IsoMessage, Schema.Schema.AnyNoContext>> = {
      "pain.001": PaymentRequestRecord,
      "pain.002": PaymentStatusRecord,
      "camt.053": BankStatementEntryRecord,
    };
    const outcomes: string[] = [];
    for (const file of samples) {
      const message = messageOf(file);
      const bytes = createReadStream(join(SAMPLES, file));
      for await (const item of makeRecordDecoder().decode({ format: "ISO", isoMessage: message, schema: coreSchemas[message], bytes })) {
        if (item._tag === "Invalid") outcomes.push(`${file}: ${item.errors.map((e) => `${e.field}: ${e.message}`).join(", ")}`);
      }
    }
    // The camt_parser sample's IBAN has wrong check digits; the ISO example identifies its account without an IBAN.
    outcomes.sort();
    expect(outcomes).toEqual([
      "camt.053.001.02-camt_parser-1.xml: accountIban: IBAN check digits are wrong (ISO 13616 mod 97)",
      ...Array(3).fill("camt.053.001.02-dutch-sepa-iso20022-1.xml: accountIban: is required"),
      // genkgo's v08 statement identifies its account by Othr/Id.
      "camt.053.001.08-genkgo-camt-1.xml: accountIban: is required",
      "pain.002.001.10-hbci4java-1.xml: status: RCVC is a Verification of Payee result (the name matches the account), not a payment status: it changes no line",
    ]);
  });

  it("maps pain.001.001.03 (ABN AMRO) transactions to payment requests", async () => {
    const items = await decodeSample("pain.001.001.03-abnamro-1.xml", "pain.001");
    expect(items.map((i) => i.raw)).toEqual([
      {
        referenceId: "Onze referentie: 123456",
        companyKey: "Debiteur",
        party: "Crediteur",
        amount: "386.00",
        currency: "EUR",
        iban: "NL44RABO0123456789",
        swift: "RABONL2U",
        dueDate: "2013-04-19",
        paymentInstruction: "Ref. 2012.0386",
      },
    ]);
    expect(items[0]?.position).toBe("/Document/CstmrCdtTrfInitn[1]/PmtInf[1]/CdtTrfTxInf[1]");
  });

  it("maps pain.001.001.09 (BICFI, ReqdExctnDt/Dt, structured remittance)", async () => {
    const [item] = await decodeSample("pain.001.001.09-php-sepa-xml-1.xml", "pain.001");
    expect(item?.raw).toEqual({
      referenceId: "SomethingUnique",
      companyKey: "OurCorp",
      party: "John Doe",
      amount: "12.34",
      currency: "EUR",
      iban: "DE87200500001234567890",
      swift: "BANKDEFFXXX",
      dueDate: "2025-08-19",
      sourceDoc: "CdtrRefInf-Ref",
    });
  });

  it("maps pain.002 rejections with reason code, additional information and the report id", async () => {
    const items = await decodeSample("pain.002.001.03-batchport-1.xml", "pain.002");
    expect(items.map((i) => i.raw.exportTransactionId)).toEqual(["BP-E2E-A1", "BP-E2E-A3", "BP-E2E-B1", "BP-E2E-B2"]);
    expect(items[0]?.raw).toEqual({
      exportTransactionId: "BP-E2E-A1",
      exportTransactionGroupId: "BP-PMT-A",
      status: "Error",
      externalStatusCode: "AC01",
      reason: "IBAN CHECK DIGITS WRONG",
      externalStatusReportId: "STS-20260302-0042",
      originalMessageId: "BP-MSG-20260301-7",
    });
    expect(items[2]?.raw).toEqual({
      exportTransactionId: "BP-E2E-B1",
      exportTransactionGroupId: "BP-PMT-B",
      status: "Error",
      externalStatusCode: "MS03",
      externalStatusReportId: "STS-20260302-0042",
      originalMessageId: "BP-MSG-20260301-7",
    });
    expect(items[3]?.raw).toMatchObject({ externalStatusCode: "AM04", reason: "INSUFFICIENT FUNDS", exportTransactionGroupId: "BP-PMT-B" });
  });

  it("reads a pain.002 transaction without TxSts but with a reason code as rejected", async () => {
    const items = await decodeSample("pain.002.001.03-gemabit-php-sepa-xml-1.xml", "pain.002");
    expect(items[0]?.raw).toMatchObject({ status: "Error", externalStatusCode: "AC04", sourceDoc: "2011L0987" });
  });

  it("splits camt.053 entries: one record per entry, the entry amount for a single transaction", async () => {
    const items = await decodeSample("camt.053.001.02-dutch-sepa-iso20022-1.xml", "camt.053");
    expect(items.map((i) => [i.position, i.raw.amount, i.raw.creditDebit, i.raw.endToEndId])).toEqual([
      ["/Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[1]", "105678.50", "CRDT", "MUELL/FINP/RA12345"],
      ["/Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[2]", "200000", "DBIT", undefined],
      ["/Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[3]/NtryDtls[1]/TxDtls[1]", "30000", "CRDT", "AAAASS1085FINPSS"],
    ]);
    expect(items[1]?.raw).toMatchObject({ statementId: "AAAASESS-FP-STAT001", bookingDate: "2010-10-18", currency: "SEK" });
  });

  it("reads every statement of a multi-statement camt.053", async () => {
    const items = await decodeSample("camt.053.001.02-genkgo-camt-1.xml", "camt.053");
    expect(items.map((i) => i.raw)).toEqual([
      {
        statementId: "253EURNL26VAYB8060476890",
        accountIban: "NL26VAYB8060476890",
        bookingDate: "2014-12-31",
        amount: "8.85",
        currency: "EUR",
        creditDebit: "CRDT",
        endToEndId: "000000001",
        remittanceInfo: "Transaction Description 1",
      },
      {
        statementId: "254EURNL26VAYB8060476890",
        accountIban: "NL26VAYB8060476890",
        bookingDate: "2014-12-31",
        amount: "7.00",
        currency: "EUR",
        creditDebit: "DBIT",
        endToEndId: "000000002",
        remittanceInfo: "Transaction Description 2",
      },
    ]);
  });

  it("reads the bank-style camt.053 that strict XSD validation rejects (NtryRef after Amt)", async () => {
    const items = await decodeSample("invalid/camt.053.001.02-camt_parser-ntryref-order.xml", "camt.053");
    expect(items.length).toBeGreaterThan(0);
  });
});

const pain002 = (body: string) =>
  `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt><GrpHdr><MsgId>RPT-1</MsgId><CreDtTm>2025-01-01T00:00:00</CreDtTm></GrpHdr>${body}</CstmrPmtStsRpt></Document>`;

describe("ISO 20022 decoder: pain.002 status levels", () => {
  it("gives transactions without their own status the status of their block or group", async () => {
    const items = await decodeAll({
      format: "ISO",
      isoMessage: "pain.002",
      schema: TextRecord,
      payload: pain002(
        `<OrgnlGrpInfAndSts><OrgnlMsgId>MSG-1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>` +
          `<OrgnlPmtInfAndSts><OrgnlPmtInfId>PMT-1</OrgnlPmtInfId><PmtInfSts>ACSC</PmtInfSts>` +
          `<TxInfAndSts><OrgnlEndToEndId>E1</OrgnlEndToEndId></TxInfAndSts>` +
          `<TxInfAndSts><OrgnlEndToEndId>E2</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Account</AddtlInf><AddtlInf>closed</AddtlInf></StsRsnInf></TxInfAndSts>` +
          `<TxInfAndSts><OrgnlEndToEndId>E3</OrgnlEndToEndId><TxSts>PDNG</TxSts></TxInfAndSts>` +
          `<TxInfAndSts><OrgnlEndToEndId>E4</OrgnlEndToEndId><TxSts>ACSP</TxSts></TxInfAndSts>` +
          `</OrgnlPmtInfAndSts>`,
      ),
    });
    expect(items.map((i) => i.raw)).toEqual([
      { exportTransactionId: "E1", exportTransactionGroupId: "PMT-1", status: "Success", externalStatusCode: "ACSC", externalStatusReportId: "RPT-1", originalMessageId: "MSG-1" },
      { exportTransactionId: "E2", exportTransactionGroupId: "PMT-1", status: "Error", externalStatusCode: "AC04", reason: "Account closed", externalStatusReportId: "RPT-1", originalMessageId: "MSG-1" },
    ]);
  });

  it("turns a block status without transactions into one record for the block", async () => {
    const items = await decodeAll({
      format: "ISO",
      isoMessage: "pain.002",
      schema: TextRecord,
      payload: pain002(
        `<OrgnlGrpInfAndSts><OrgnlMsgId>MSG-1</OrgnlMsgId><OrgnlMsgNmId>pain.001</OrgnlMsgNmId></OrgnlGrpInfAndSts>` +
          `<OrgnlPmtInfAndSts><OrgnlPmtInfId>PMT-9</OrgnlPmtInfId><PmtInfSts>RJCT</PmtInfSts><StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf></OrgnlPmtInfAndSts>`,
      ),
    });
    expect(items.map((i) => [i.position, i.raw])).toEqual([
      [
        "/Document/CstmrPmtStsRpt[1]/OrgnlPmtInfAndSts[1]",
        { exportTransactionGroupId: "PMT-9", status: "Error", externalStatusCode: "AM04", externalStatusReportId: "RPT-1", originalMessageId: "MSG-1" },
      ],
    ]);
  });

  it("turns a group status without blocks into one record for the original message; a pending one into none", async () => {
    const group = (status: string) =>
      pain002(`<OrgnlGrpInfAndSts><OrgnlMsgId>MSG-7</OrgnlMsgId><OrgnlMsgNmId>pain.001</OrgnlMsgNmId><GrpSts>${status}</GrpSts></OrgnlGrpInfAndSts>`);
    const rejected = await decodeAll({ format: "ISO", isoMessage: "pain.002", schema: TextRecord, payload: group("RJCT") });
    expect(rejected.map((i) => [i.position, i.raw])).toEqual([
      ["/Document/CstmrPmtStsRpt[1]/OrgnlGrpInfAndSts[1]", { status: "Error", externalStatusCode: "RJCT", externalStatusReportId: "RPT-1", originalMessageId: "MSG-7" }],
    ]);
    expect(await decodeAll({ format: "ISO", isoMessage: "pain.002", schema: TextRecord, payload: group("ACTC") })).toEqual([]);
  });
});

const camt053 = (entries: string) =>
  `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2025-01-01T00:00:00</CreDtTm></GrpHdr>` +
  `<Stmt><Id>ST-1</Id><CreDtTm>2025-01-01T00:00:00</CreDtTm><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>${entries}</Stmt></BkToCstmrStmt></Document>`;

describe("ISO 20022 decoder: camt.053 batch entries", () => {
  it("splits an entry with several transactions into one record each, with their own amounts and references", async () => {
    const tx = (e2e: string, amount: string) =>
      `<TxDtls><Refs><EndToEndId>${e2e}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">${amount}</Amt></TxAmt></AmtDtls><RmtInf><Ustrd>Pay</Ustrd><Ustrd>${e2e}</Ustrd></RmtInf></TxDtls>`;
    const items = await decodeAll({
      format: "ISO",
      isoMessage: "camt.053",
      schema: TextRecord,
      payload: camt053(
        `<Ntry><NtryRef>N-1</NtryRef><Amt Ccy="EUR">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2025-01-02</Dt></BookgDt><ValDt><Dt>2025-01-02</Dt></ValDt>` +
          `<BkTxCd/><NtryDtls><Btch><NbOfTxs>3</NbOfTxs></Btch>${tx("E1", "10.00")}${tx("NOTPROVIDED", "15.00")}${tx("E3", "5.00")}</NtryDtls></Ntry>`,
      ),
      chunkSize: 13,
    });
    expect(items.map((i) => i.raw)).toEqual(
      [
        ["E1", "10.00", 1],
        [undefined, "15.00", 2],
        ["E3", "5.00", 3],
      ].map(([e2e, amount, n]) => ({
        statementId: "ST-1",
        accountIban: "DE89370400440532013000",
        bookingDate: "2025-01-02",
        amount,
        currency: "EUR",
        creditDebit: "DBIT",
        ...(e2e === undefined ? {} : { endToEndId: e2e }),
        remittanceInfo: `Pay ${e2e ?? "NOTPROVIDED"}`,
        entryReference: `N-1#${n}`,
      })),
    );
    expect(items.map((i) => i.position)).toEqual([1, 2, 3].map((n) => `/Document/BkToCstmrStmt[1]/Stmt[1]/Ntry[1]/NtryDtls[1]/TxDtls[${n}]`));
  });
});

describe("ISO 20022 decoder: the wrong document", () => {
  it("refuses a document of another message or without the ISO namespace", async () => {
    const wrongMessage = (await decodeFailure({
      format: "ISO",
      isoMessage: "pain.001",
      schema: TextRecord,
      payload: pain002(""),
    })) as PayloadMalformed;
    expect(wrongMessage).toBeInstanceOf(PayloadMalformed);
    expect(wrongMessage.message).toContain("expected an ISO 20022 pain.001 document");
    const plain = (await decodeFailure({ format: "ISO", isoMessage: "camt.053", schema: TextRecord, payload: "<Document><BkToCstmrStmt/></Document>" })) as PayloadMalformed;
    expect(plain.message).toContain("namespace (none)");
  });

  it("refuses an ISO payload without its message type", async () => {
    const error = (await decodeFailure({ format: "ISO", schema: TextRecord, payload: pain002("") })) as PayloadMalformed;
    expect(error.message).toBe("an ISO payload needs its message type: pain.001, pain.002 or camt.053");
  });

  it("decodes amounts exactly: the transactions of a sample add up to its control sum", async () => {
    const file = join(SAMPLES, "pain.001.001.03-ing-1.xml");
    const items = await collect(makeRecordDecoder().decode({ format: "ISO", isoMessage: "pain.001", schema: PaymentRequest, bytes: createReadStream(file) }));
    const amounts = items.flatMap((i) => (i._tag === "Valid" ? [i.record.amount] : []));
    const controlSum = /<CtrlSum>([^<]+)<\/CtrlSum>/.exec(readFileSync(file, "utf8"))?.[1] ?? "";
    expect(amounts).toHaveLength(items.length);
    expect(Decimal.format(Decimal.sum(amounts), 2)).toBe(controlSum);
  });
});
