/** A small client of the seed 003 surface for the tests: real HTTP over real sockets. */
import { ibanWithCheckDigits } from "@batch/core";

export interface PaymentsReply<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly text: string;
  readonly bytes: Uint8Array;
  readonly headers: Headers;
}

export type Json = Record<string, unknown> & { readonly [key: string]: unknown };

export interface PaymentsClient {
  readonly base: string;
  readonly call: <T = Json>(method: string, path: string, init?: { json?: unknown; body?: string; headers?: Record<string, string> }) => Promise<PaymentsReply<T>>;
}

export const makePaymentsClient = (baseUrl: string, token: string, tenantKey = "demo", orgKey = "main"): PaymentsClient => {
  const base = `/api/${tenantKey}/${orgKey}/bankAccounting`;
  return {
    base,
    call: async <T>(method: string, path: string, init: { json?: unknown; body?: string; headers?: Record<string, string> } = {}) => {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(init.headers ?? {}) };
      let body: string | undefined = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers["content-type"] ??= "application/json";
      }
      const response = await fetch(`${baseUrl}${path.startsWith("/") ? path : `${base}/${path}`}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = new TextDecoder().decode(bytes);
      let parsed: unknown = {};
      if (text !== "" && (response.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
      return { status: response.status, body: parsed as T, text, bytes, headers: response.headers };
    },
  };
};

export const IBAN = {
  DE: ibanWithCheckDigits("DE", "370400440532013000"),
  NL: ibanWithCheckDigits("NL", "ABNA0417164300"),
  FR: ibanWithCheckDigits("FR", "20041010050500013M02606"),
  PT: ibanWithCheckDigits("PT", "000201231234567890154"),
  CH: ibanWithCheckDigits("CH", "00762011623852957"),
  GB: ibanWithCheckDigits("GB", "NWBK60161331926819"),
  ACCOUNT: ibanWithCheckDigits("DE", "500105175407324931"),
};

/** The organization's account that pays: structured address as SEPA files need it. */
export const ACCOUNT = {
  key: "BANK1",
  iban: IBAN.ACCOUNT,
  bic: "INGDDEFFXXX",
  holderName: "Müller & Söhne GmbH",
  country: "DE",
  townName: "Köln",
  streetName: "Domstraße",
  buildingNumber: "1a",
  postCode: "50667",
};

export const line = (party: string, amount: number, iBAN: string, extra: Record<string, unknown> = {}) => ({
  party,
  transferAmount: { amount },
  discountAmount: { amount: 0 },
  withholdedAmount: { amount: 0 },
  currency: "EUR",
  accountPosting: "2211",
  status: 1,
  iBAN,
  ...extra,
});

export const batchBody = (company: string, lines: ReadonlyArray<unknown>, extra: Record<string, unknown> = {}) => ({
  documentDate: "2026-12-01T00:00:00",
  currency: "EUR",
  company,
  exchangeRate: 1,
  paymentMethod: "TRA",
  bankAccountType: "01",
  financialAccount: "BANK1",
  allowExport: true,
  paymentBatchLines: lines,
  ...extra,
});

/** The EndToEndIds of a pain.001 document, in order. */
export const endToEndIdsOf = (xml: string): ReadonlyArray<string> => [...xml.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((m) => m[1] ?? "");
export const tagText = (xml: string, tag: string): ReadonlyArray<string> => [...xml.matchAll(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`, "g"))].map((m) => m[1] ?? "");

/** A pain.002.001.10 answer (the version German banks send) with transaction statuses. */
export const pain002v10 = (
  originalMessageId: string,
  paymentInformationId: string,
  transactions: ReadonlyArray<{ readonly endToEndId: string; readonly status: string; readonly reason?: string; readonly info?: string }>,
  groupStatus?: { readonly status: string; readonly reason?: string },
) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>STS-${paymentInformationId.slice(0, 20)}</MsgId><CreDtTm>2026-12-02T09:00:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>${originalMessageId}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
      ${groupStatus === undefined ? "" : `<GrpSts>${groupStatus.status}</GrpSts>${groupStatus.reason === undefined ? "" : `<StsRsnInf><Rsn><Cd>${groupStatus.reason}</Cd></Rsn></StsRsnInf>`}`}
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>${paymentInformationId}</OrgnlPmtInfId>
      ${transactions
        .map(
          (t) => `<TxInfAndSts>
        <OrgnlEndToEndId>${t.endToEndId}</OrgnlEndToEndId><TxSts>${t.status}</TxSts>
        ${t.reason === undefined ? "" : `<StsRsnInf><Rsn><Cd>${t.reason}</Cd></Rsn>${t.info === undefined ? "" : `<AddtlInf>${t.info}</AddtlInf>`}</StsRsnInf>`}
      </TxInfAndSts>`,
        )
        .join("\n      ")}
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>`;

/** A camt.053.001.08 statement of the paying account with one debit entry per transaction. */
export const camt053v08 = (statementId: string, entries: ReadonlyArray<{ readonly endToEndId: string; readonly amount: string; readonly reference: string }>) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${statementId}-MSG</MsgId><CreDtTm>2026-12-03T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${statementId}</Id><CreDtTm>2026-12-03T06:00:00</CreDtTm>
      <Acct><Id><IBAN>${IBAN.ACCOUNT}</IBAN></Id></Acct>
      ${entries
        .map(
          (e) => `<Ntry>
        <NtryRef>${e.reference}</NtryRef><Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-12-03</Dt></BookgDt><ValDt><Dt>2026-12-03</Dt></ValDt><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>${e.endToEndId}</EndToEndId></Refs><Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls></NtryDtls>
      </Ntry>`,
        )
        .join("\n      ")}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
