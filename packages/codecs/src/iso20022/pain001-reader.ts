/**
 * pain.001 (customer credit transfer initiation) as PAYMENT_REQUEST records, one per
 * CdtTrfTxInf. The group header and the payment information block precede their transactions
 * (XSD sequence order), so each transaction is mapped as soon as it closes:
 *
 * | field | from |
 * |---|---|
 * | referenceId | PmtId/EndToEndId, or PmtId/InstrId when the end-to-end id is NOTPROVIDED |
 * | companyKey | the debtor's organisation id (Dbtr/Id/OrgId/Othr/Id), else the initiating party's, else Dbtr/Nm, else InitgPty/Nm |
 * | party | Cdtr/Nm |
 * | amount, currency | Amt/InstdAmt and its Ccy (Amt/EqvtAmt/Amt when the amount is given as an equivalent) |
 * | iban | CdtrAcct/Id/IBAN |
 * | swift | CdtrAgt/FinInstnId/BICFI (.09) or BIC (.03) |
 * | dueDate | PmtInf/ReqdExctnDt (.03), ReqdExctnDt/Dt or the date of ReqdExctnDt/DtTm (.09) |
 * | paymentInstruction | RmtInf/Ustrd, lines joined by a space |
 * | sourceDoc | RmtInf/Strd/RfrdDocInf/Nb, else RmtInf/Strd/CdtrRefInf/Ref |
 */
import type { RawRecord } from "../raw-record";
import { attributeAt, textAt, textsAt, type XmlElement } from "../xml/xml-element";
import type { XmlRecordReader } from "../xml/xml-stream";
import { checkDocumentLevel, datePart, givenReference, isoRecord } from "./iso-document";

const join = (texts: ReadonlyArray<string>): string | undefined => (texts.length === 0 ? undefined : texts.join(" "));

export const paymentRequestFields = (
  tx: XmlElement,
  pmtInf: XmlElement | undefined,
  grpHdr: XmlElement | undefined,
): Record<string, string | undefined> => {
  const instructed = textAt(tx, "Amt", "InstdAmt");
  return {
    referenceId: givenReference(textAt(tx, "PmtId", "EndToEndId")) ?? textAt(tx, "PmtId", "InstrId"),
    companyKey:
      textAt(pmtInf, "Dbtr", "Id", "OrgId", "Othr", "Id") ??
      textAt(grpHdr, "InitgPty", "Id", "OrgId", "Othr", "Id") ??
      textAt(pmtInf, "Dbtr", "Nm") ??
      textAt(grpHdr, "InitgPty", "Nm"),
    party: textAt(tx, "Cdtr", "Nm"),
    amount: instructed ?? textAt(tx, "Amt", "EqvtAmt", "Amt"),
    currency: instructed !== undefined ? attributeAt(tx, "Ccy", "Amt", "InstdAmt") : attributeAt(tx, "Ccy", "Amt", "EqvtAmt", "Amt"),
    iban: textAt(tx, "CdtrAcct", "Id", "IBAN"),
    swift: textAt(tx, "CdtrAgt", "FinInstnId", "BICFI") ?? textAt(tx, "CdtrAgt", "FinInstnId", "BIC"),
    dueDate:
      textAt(pmtInf, "ReqdExctnDt") ?? textAt(pmtInf, "ReqdExctnDt", "Dt") ?? datePart(textAt(pmtInf, "ReqdExctnDt", "DtTm")),
    paymentInstruction: join(textsAt(tx, "RmtInf", "Ustrd")),
    sourceDoc: textAt(tx, "RmtInf", "Strd", "RfrdDocInf", "Nb") ?? textAt(tx, "RmtInf", "Strd", "CdtrRefInf", "Ref"),
  };
};

export const pain001Reader = (): XmlRecordReader => {
  let records: RawRecord[] = [];
  let grpHdr: XmlElement | undefined;
  let pmtInf: XmlElement | undefined;
  return {
    select: (path, namespace) => {
      checkDocumentLevel("pain.001", path, namespace);
      if (path.length === 3) return path[2] === "GrpHdr" || path[2] === "PmtInf" ? "context" : undefined;
      return path.length === 4 && path[2] === "PmtInf" && path[3] === "CdtTrfTxInf" ? "record" : undefined;
    },
    opened: (element) => {
      if (element.name === "GrpHdr") grpHdr = element;
      else if (element.name === "PmtInf") pmtInf = element;
    },
    closed: (element, capture, location) => {
      if (capture === "record") records.push(isoRecord(location, paymentRequestFields(element, pmtInf, grpHdr)));
    },
    take: () => {
      const taken = records;
      records = [];
      return taken;
    },
  };
};
