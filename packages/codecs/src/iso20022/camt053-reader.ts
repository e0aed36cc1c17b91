/**
 * camt.053 (bank-to-customer statement) as BANK_STATEMENT records. An entry (Ntry) is one record;
 * an entry that details several transactions (a batch booking, NtryDtls/TxDtls) is one record
 * per transaction, so each of them can be matched to the payment line it pays.
 *
 * | field | from |
 * |---|---|
 * | statementId | Stmt/Id |
 * | accountIban | Stmt/Acct/Id/IBAN |
 * | bookingDate | Ntry/BookgDt/Dt, or the date of Ntry/BookgDt/DtTm |
 * | amount, currency | Ntry/Amt and its Ccy; for one of several transactions its own amount: TxDtls/Amt (v04 and later), AmtDtls/TxAmt/Amt, else AmtDtls/InstdAmt/Amt |
 * | creditDebit | TxDtls/CdtDbtInd (v04 and later), else Ntry/CdtDbtInd |
 * | endToEndId | TxDtls/Refs/EndToEndId, unless NOTPROVIDED |
 * | remittanceInfo | RmtInf/Ustrd joined by a space, else RmtInf/Strd/CdtrRefInf/Ref; for an entry without details Ntry/AddtlNtryInf |
 * | entryReference | Ntry/NtryRef, else Ntry/AcctSvcrRef; for one of several transactions TxDtls/Refs/AcctSvcrRef, else the entry's reference and "#" and the transaction's number in the entry |
 *
 * Which amount a lone transaction carries is only known when its entry closes (a second
 * transaction may follow), so the first one waits for that; nothing else is held back.
 */
import type { RawRecord } from "../raw-record";
import { attributeAt, elementAt, textAt, textsAt, type XmlElement } from "../xml/xml-element";
import type { XmlRecordReader } from "../xml/xml-stream";
import { checkDocumentLevel, datePart, givenReference, isoRecord } from "./iso-document";

const remittanceOf = (element: XmlElement | undefined): string | undefined => {
  const lines = textsAt(element, "RmtInf", "Ustrd");
  return lines.length > 0 ? lines.join(" ") : textAt(element, "RmtInf", "Strd", "CdtrRefInf", "Ref");
};

/** A transaction's own amount element, when it has one. */
const transactionAmount = (tx: XmlElement): XmlElement | undefined =>
  elementAt(tx, "Amt") ?? elementAt(tx, "AmtDtls", "TxAmt", "Amt") ?? elementAt(tx, "AmtDtls", "InstdAmt", "Amt");

export const camt053Reader = (): XmlRecordReader => {
  let records: RawRecord[] = [];
  let statement: XmlElement | undefined;
  let entry: XmlElement | undefined;
  let transactions = 0;
  let first: { readonly element: XmlElement; readonly location: string } | undefined;

  const entryReference = (): string | undefined => textAt(entry, "NtryRef") ?? textAt(entry, "AcctSvcrRef");
  const entryFields = (amount: XmlElement | undefined) => ({
    statementId: textAt(statement, "Id"),
    accountIban: textAt(statement, "Acct", "Id", "IBAN"),
    bookingDate: textAt(entry, "BookgDt", "Dt") ?? datePart(textAt(entry, "BookgDt", "DtTm")),
    amount: textAt(amount),
    currency: attributeAt(amount, "Ccy"),
    creditDebit: textAt(entry, "CdtDbtInd"),
  });
  /** `number` is the transaction's place in a batch entry, undefined for the only one. */
  const transactionRecord = (tx: XmlElement, location: string, amount: XmlElement | undefined, number?: number): RawRecord => {
    const shared = entryReference();
    return isoRecord(location, {
      ...entryFields(amount),
      creditDebit: textAt(tx, "CdtDbtInd") ?? textAt(entry, "CdtDbtInd"),
      endToEndId: givenReference(textAt(tx, "Refs", "EndToEndId")),
      remittanceInfo: remittanceOf(tx),
      entryReference:
        number === undefined ? shared : (textAt(tx, "Refs", "AcctSvcrRef") ?? (shared === undefined ? undefined : `${shared}#${number}`)),
    });
  };

  return {
    select: (path, namespace) => {
      checkDocumentLevel("camt.053", path, namespace);
      if (path.length === 3) return path[2] === "Stmt" ? "context" : undefined;
      if (path.length === 4) return path[2] === "Stmt" && path[3] === "Ntry" ? "context" : undefined;
      return path.length === 6 && path[3] === "Ntry" && path[4] === "NtryDtls" && path[5] === "TxDtls" ? "record" : undefined;
    },
    opened: (element) => {
      if (element.name === "Stmt") statement = element;
      else if (element.name === "Ntry") {
        entry = element;
        transactions = 0;
        first = undefined;
      }
    },
    closed: (element, capture, location) => {
      if (capture === "record") {
        transactions += 1;
        if (transactions === 1) {
          first = { element, location };
          return;
        }
        if (transactions === 2 && first !== undefined) {
          records.push(transactionRecord(first.element, first.location, transactionAmount(first.element), 1));
        }
        records.push(transactionRecord(element, location, transactionAmount(element), transactions));
      } else if (element.name === "Ntry") {
        const amount = elementAt(element, "Amt");
        if (first !== undefined && transactions === 1) records.push(transactionRecord(first.element, first.location, amount));
        else if (transactions === 0) {
          records.push(
            isoRecord(location, { ...entryFields(amount), remittanceInfo: textAt(element, "AddtlNtryInf"), entryReference: entryReference() }),
          );
        }
        first = undefined;
      }
    },
    take: () => {
      const taken = records;
      records = [];
      return taken;
    },
  };
};
