/**
 * The PaymentFileWriter port: a SEPA credit transfer initiation, ISO 20022 pain.001.001.09 (the
 * current EPC version, structured postal address) or pain.001.001.03 (for banks still on it,
 * where the EPC guidelines give the address as country plus two address lines). One payment
 * information block holds every transaction; NbOfTxs and CtrlSum are written in the group header
 * and in the block, computed with exact decimals.
 *
 * Everything a bank would reject is checked first and reported together: references outside the
 * SEPA character set, invalid IBANs or IBANs outside SEPA, BICs the version's pattern refuses,
 * amounts that are not positive EUR amounts with at most two decimals, duplicate end-to-end ids.
 * Free text is reduced to the SEPA character set (see sepa-text.ts).
 */
import { Effect, Option } from "effect";
import {
  Decimal,
  ibanProblem,
  ibanProblemMessage,
  isValidBic,
  normalizeBic,
  normalizeIban,
  PaymentFileInvalid,
  SEPA_COUNTRIES,
  SEPA_COUNTRIES_OUTSIDE_EEA,
  type CreditTransferInitiation,
  type PaymentFileVersion,
  type PaymentFileWriter,
  type PostalAddress,
} from "@batch/core";
import { escapeXml } from "../xml/xml-text";
import { sepaReferenceProblem, toSepaText, untransliterableLetters } from "./sepa-text";

interface XmlNode {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly children?: ReadonlyArray<XmlNode | undefined>;
}

const leaf = (name: string, text: string, attributes?: Readonly<Record<string, string>>): XmlNode =>
  attributes === undefined ? { name, text } : { name, text, attributes };
const node = (name: string, ...children: ReadonlyArray<XmlNode | undefined>): XmlNode => ({ name, children });
const optionalLeaf = (name: string, text: string | undefined): XmlNode | undefined =>
  text === undefined || text === "" ? undefined : leaf(name, text);

const serialize = (n: XmlNode, indent: string): string => {
  const attributes = Object.entries(n.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join("");
  if (n.children === undefined) return `${indent}<${n.name}${attributes}>${escapeXml(n.text ?? "")}</${n.name}>\n`;
  const inner = n.children.flatMap((child) => (child === undefined ? [] : [serialize(child, `${indent}  `)])).join("");
  return `${indent}<${n.name}${attributes}>\n${inner}${indent}</${n.name}>\n`;
};

const NAMESPACE: Readonly<Record<PaymentFileVersion, string>> = {
  "pain.001.001.09": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09",
  "pain.001.001.03": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03",
};

// The XSD patterns: BICFIDec2014Identifier (.09) and BICIdentifier (.03, stricter on the location code).
const BIC_PATTERN: Readonly<Record<PaymentFileVersion, RegExp>> = {
  "pain.001.001.09": /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/,
  "pain.001.001.03": /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/,
};

const MAX_AMOUNT = Decimal.fromMinor(99999999999n, 2); // EPC: at most 999999999.99
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

const isCalendarDate = (text: string): boolean => {
  const m = DATE.exec(text);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** The file's content, checked and reduced to the SEPA character set. */
interface CheckedFile {
  readonly initiatingPartyName: string;
  readonly debtorName: string;
  readonly debtorIban: string;
  readonly debtorBic: string | undefined;
  readonly address: PostalAddress;
  readonly transactions: ReadonlyArray<{
    readonly endToEndId: string;
    readonly amount: string;
    readonly creditorName: string;
    readonly creditorIban: string;
    readonly creditorBic: string | undefined;
    readonly remittance: string;
  }>;
  readonly controlSum: string;
}

const check = (file: CreditTransferInitiation, version: PaymentFileVersion): { problems: string[]; checked: CheckedFile } => {
  const problems: string[] = [];
  const reference = (label: string, value: string): void => {
    const problem = sepaReferenceProblem(value);
    if (problem !== undefined) problems.push(`${label} "${value}" ${problem}`);
  };
  const text = (label: string, value: string, max: number): string => {
    const foreign = untransliterableLetters(value);
    if (foreign.length > 0) {
      problems.push(`${label} "${value}" has letters with no form in the SEPA character set (${foreign.slice(0, 5).join(" ")}): write it in Latin letters`);
    }
    const reduced = toSepaText(value, max);
    if (reduced === "") problems.push(`${label} has no characters of the SEPA character set`);
    return reduced;
  };
  const iban = (label: string, value: string): string => {
    const normalized = normalizeIban(value);
    const problem = ibanProblem(normalized);
    if (problem !== undefined) problems.push(`${label} "${value}": ${ibanProblemMessage(problem)}`);
    else if (!SEPA_COUNTRIES.has(normalized.slice(0, 2))) problems.push(`${label} "${value}" is not in a SEPA country`);
    return normalized;
  };
  const bic = (label: string, value: string | undefined): string | undefined => {
    if (value === undefined || value.trim() === "") return undefined;
    const normalized = normalizeBic(value);
    if (!isValidBic(normalized) || !BIC_PATTERN[version].test(normalized)) {
      problems.push(`${label} "${value}" is not a BIC that ${version} accepts (ISO 9362)`);
    }
    return normalized;
  };

  const requiredBicOutsideEea = (label: string, iban: string, bicValue: string | undefined): string | undefined => {
    const country = normalizeIban(iban).slice(0, 2);
    if (bicValue === undefined && SEPA_COUNTRIES_OUTSIDE_EEA.has(country)) {
      problems.push(`${label}: a BIC is required for an IBAN of ${country}, a SEPA country outside the EEA (EPC SCT rulebook)`);
    }
    return bicValue;
  };

  reference("messageId", file.messageId);
  reference("paymentInformationId", file.paymentInformationId);
  if (!DATE_TIME.test(file.createdAt)) problems.push(`createdAt "${file.createdAt}" must be an ISO 8601 date-time`);
  if (!isCalendarDate(file.requestedExecutionDate)) {
    problems.push(`requestedExecutionDate "${file.requestedExecutionDate}" must be a date (YYYY-MM-DD)`);
  }
  const { address } = file.debtor;
  if (!/^[A-Z]{2}$/.test(address.country)) problems.push(`debtor country "${address.country}" must be an ISO 3166 two-letter code`);
  const checkedAddress: PostalAddress = {
    country: address.country,
    townName: text("debtor townName", address.townName, 35),
    ...(address.streetName === undefined ? {} : { streetName: toSepaText(address.streetName, 70) }),
    ...(address.buildingNumber === undefined ? {} : { buildingNumber: toSepaText(address.buildingNumber, 16) }),
    ...(address.postCode === undefined ? {} : { postCode: toSepaText(address.postCode, 16) }),
  };
  if (file.transactions.length === 0) problems.push("a payment file needs at least one transaction");

  const seen = new Set<string>();
  const transactions = file.transactions.map((tx, index) => {
    const label = `transaction ${index + 1} (${tx.creditorName}, ${tx.endToEndId})`;
    reference(`${label}: endToEndId`, tx.endToEndId);
    if (seen.has(tx.endToEndId)) problems.push(`${label}: endToEndId is used by another transaction of the file`);
    seen.add(tx.endToEndId);
    if (tx.currency !== "EUR") problems.push(`${label}: SEPA credit transfers are in EUR, not ${tx.currency}`);
    if (!Decimal.isPositive(tx.amount) || Decimal.compare(tx.amount, MAX_AMOUNT) > 0) {
      problems.push(`${label}: the amount ${Decimal.format(tx.amount)} must be between 0.01 and 999999999.99`);
    }
    if (Option.isNone(Decimal.toMinor(tx.amount, 2))) {
      problems.push(`${label}: the amount ${Decimal.format(tx.amount)} has more than 2 decimals`);
    }
    return {
      endToEndId: tx.endToEndId,
      amount: Decimal.format(tx.amount, 2),
      creditorName: text(`${label}: creditorName`, tx.creditorName, 70),
      creditorIban: iban(`${label}: creditorIban`, tx.creditorIban),
      creditorBic: requiredBicOutsideEea(label, tx.creditorIban, bic(`${label}: creditorBic`, tx.creditorBic)),
      remittance: tx.remittanceInformation === undefined ? "" : text(`${label}: remittanceInformation`, tx.remittanceInformation, 140),
    };
  });

  return {
    problems,
    checked: {
      initiatingPartyName: text("initiatingPartyName", file.initiatingPartyName, 70),
      debtorName: text("debtor name", file.debtor.name, 70),
      debtorIban: iban("debtor iban", file.debtor.iban),
      debtorBic: bic("debtor bic", file.debtor.bic),
      address: checkedAddress,
      transactions,
      controlSum: Decimal.format(Decimal.sum(file.transactions.map((tx) => tx.amount)), 2),
    },
  };
};

const postalAddress = (address: PostalAddress, version: PaymentFileVersion): XmlNode => {
  if (version === "pain.001.001.09") {
    return node(
      "PstlAdr",
      optionalLeaf("StrtNm", address.streetName),
      optionalLeaf("BldgNb", address.buildingNumber),
      optionalLeaf("PstCd", address.postCode),
      leaf("TwnNm", address.townName),
      leaf("Ctry", address.country),
    );
  }
  const street = [address.streetName, address.buildingNumber].filter((p) => p !== undefined && p !== "").join(" ");
  const town = [address.postCode, address.townName].filter((p) => p !== undefined && p !== "").join(" ");
  return node("PstlAdr", leaf("Ctry", address.country), optionalLeaf("AdrLine", street.slice(0, 70)), optionalLeaf("AdrLine", town.slice(0, 70)));
};

const agent = (name: string, bic: string | undefined, version: PaymentFileVersion): XmlNode =>
  node(
    name,
    node(
      "FinInstnId",
      bic === undefined
        ? node("Othr", leaf("Id", "NOTPROVIDED"))
        : leaf(version === "pain.001.001.09" ? "BICFI" : "BIC", bic),
    ),
  );

const documentOf = (file: CreditTransferInitiation, checked: CheckedFile, version: PaymentFileVersion): XmlNode => {
  const count = String(checked.transactions.length);
  const executionDate =
    version === "pain.001.001.09"
      ? node("ReqdExctnDt", leaf("Dt", file.requestedExecutionDate))
      : leaf("ReqdExctnDt", file.requestedExecutionDate);
  return {
    name: "Document",
    attributes: { xmlns: NAMESPACE[version], "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" },
    children: [
      node(
        "CstmrCdtTrfInitn",
        node(
          "GrpHdr",
          leaf("MsgId", file.messageId),
          leaf("CreDtTm", file.createdAt),
          leaf("NbOfTxs", count),
          leaf("CtrlSum", checked.controlSum),
          node("InitgPty", leaf("Nm", checked.initiatingPartyName)),
        ),
        node(
          "PmtInf",
          leaf("PmtInfId", file.paymentInformationId),
          leaf("PmtMtd", "TRF"),
          leaf("NbOfTxs", count),
          leaf("CtrlSum", checked.controlSum),
          node("PmtTpInf", node("SvcLvl", leaf("Cd", "SEPA"))),
          executionDate,
          node("Dbtr", leaf("Nm", checked.debtorName), postalAddress(checked.address, version)),
          node("DbtrAcct", node("Id", leaf("IBAN", checked.debtorIban))),
          agent("DbtrAgt", checked.debtorBic, version),
          leaf("ChrgBr", "SLEV"),
          ...checked.transactions.map((tx) =>
            node(
              "CdtTrfTxInf",
              node("PmtId", leaf("EndToEndId", tx.endToEndId)),
              node("Amt", leaf("InstdAmt", tx.amount, { Ccy: "EUR" })),
              tx.creditorBic === undefined ? undefined : agent("CdtrAgt", tx.creditorBic, version),
              node("Cdtr", leaf("Nm", tx.creditorName)),
              node("CdtrAcct", node("Id", leaf("IBAN", tx.creditorIban))),
              tx.remittance === "" ? undefined : node("RmtInf", leaf("Ustrd", tx.remittance)),
            ),
          ),
        ),
      ),
    ],
  };
};

export const makePaymentFileWriter = (): PaymentFileWriter => ({
  write: (file, version) => {
    const { problems, checked } = check(file, version);
    if (problems.length > 0) {
      return Effect.fail(new PaymentFileInvalid({ message: `the payment file cannot be written: ${problems.join("; ")}` }));
    }
    return Effect.succeed(`<?xml version="1.0" encoding="UTF-8"?>\n${serialize(documentOf(file, checked, version), "")}`);
  },
});
