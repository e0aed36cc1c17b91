/**
 * pain.002 (payment status report) as PAYMENT_STATUS records. A status may be given per
 * transaction (TxInfAndSts/TxSts), per payment information block (OrgnlPmtInfAndSts/PmtInfSts)
 * or for the whole original message (OrgnlGrpInfAndSts/GrpSts); a transaction without its own
 * status takes the nearest one above it, with that level's reason.
 *
 * | field | from |
 * |---|---|
 * | exportTransactionId | OrgnlEndToEndId (our pain.001's EndToEndId) |
 * | sourceDoc | OrgnlTxRef/RmtInf/Strd/RfrdDocInf/Nb, else .../CdtrRefInf/Ref |
 * | status | Success for ACSC and ACCC (settlement completed); Error for RJCT and CANC |
 * | externalStatusCode | StsRsnInf/Rsn/Cd (or Prtry) of the level the status comes from, else the status code |
 * | reason | StsRsnInf/AddtlInf, joined by a space |
 * | externalStatusReportId | GrpHdr/MsgId (this report) |
 * | exportTransactionGroupId | OrgnlPmtInfId (our pain.001's PmtInfId) |
 * | originalMessageId | OrgnlGrpInfAndSts/OrgnlMsgId |
 *
 * Verification of Payee results (RCVC, RVMC, RVNM, RVNA: pain.002.001.10 replies of German banks)
 * produce a record whose status is that code, which PaymentStatusRecord refuses with a message
 * saying it changes no line, so the sender sees them answered. Other statuses that are not
 * final (RCVD, ACTC, ACCP, ACSP, ACWC, ACWP, PDNG, and PART, which only says the transactions
 * carry their own) change nothing and produce no record; this follows
 * PaymentStatusRecord in @batch/core, which counts only settlement as success. A transaction with no status at any
 * level but a reason code is a rejection (banks list rejected transactions that way). A block
 * with a status and no transactions becomes one record for the block (exportTransactionGroupId
 * set, no exportTransactionId); a report with a group status and no blocks becomes one record
 * for the original message (originalMessageId only).
 */
import type { RawRecord } from "../raw-record";
import { elementAt, textAt, textsAt, type XmlElement } from "../xml/xml-element";
import type { XmlRecordReader } from "../xml/xml-stream";
import { checkDocumentLevel, givenReference, isoRecord } from "./iso-document";

const SUCCESS = new Set(["ACSC", "ACCC"]);
const ERROR = new Set(["RJCT", "CANC"]);
/** Verification of Payee results (pain.002.001.10): kept as the status so the reader of the record learns of them. */
const VERIFICATION_OF_PAYEE = new Set(["RCVC", "RVMC", "RVNM", "RVNA"]);

interface Level {
  readonly element: XmlElement | undefined;
  readonly statusElement: string;
}

/** The status and its reason from the first level, innermost first, that gives a status or a reason. */
const statusOf = (levels: ReadonlyArray<Level>) => {
  for (const { element, statusElement } of levels) {
    const code = textAt(element, statusElement);
    const reason = elementAt(element, "StsRsnInf");
    const reasonCode = textAt(reason, "Rsn", "Cd") ?? textAt(reason, "Rsn", "Prtry");
    if (code === undefined && reasonCode === undefined) continue;
    const effective = code ?? "RJCT";
    const status = SUCCESS.has(effective)
      ? "Success"
      : ERROR.has(effective)
        ? "Error"
        : code === undefined
          ? undefined
          : VERIFICATION_OF_PAYEE.has(code)
            ? code
            : "Pending";
    const additional = textsAt(reason, "AddtlInf");
    return {
      status,
      externalStatusCode: reasonCode ?? code,
      reason: additional.length === 0 ? undefined : additional.join(" "),
    };
  }
  return undefined;
};

export const pain002Reader = (): XmlRecordReader => {
  let records: RawRecord[] = [];
  let grpHdr: XmlElement | undefined;
  let grpInf: XmlElement | undefined;
  let grpInfLocation: string | undefined;
  let pmtInf: XmlElement | undefined;
  let blocks = 0;
  let transactions = 0;

  const push = (location: string, levels: ReadonlyArray<Level>, transaction: Record<string, string | undefined>): void => {
    const status = statusOf(levels);
    if (status?.status === "Pending") return;
    records.push(
      isoRecord(location, {
        ...transaction,
        status: status?.status,
        externalStatusCode: status?.externalStatusCode,
        reason: status?.reason,
        externalStatusReportId: textAt(grpHdr, "MsgId"),
        originalMessageId: textAt(grpInf, "OrgnlMsgId"),
      }),
    );
  };
  const groupLevel = (): Level => ({ element: grpInf, statusElement: "GrpSts" });
  const blockLevel = (): Level => ({ element: pmtInf, statusElement: "PmtInfSts" });

  return {
    select: (path, namespace) => {
      checkDocumentLevel("pain.002", path, namespace);
      if (path.length === 2) return "context"; // CstmrPmtStsRpt: its end is where a group-only status is read
      if (path.length === 3) {
        return path[2] === "GrpHdr" || path[2] === "OrgnlGrpInfAndSts" || path[2] === "OrgnlPmtInfAndSts" ? "context" : undefined;
      }
      return path.length === 4 && path[2] === "OrgnlPmtInfAndSts" && path[3] === "TxInfAndSts" ? "record" : undefined;
    },
    opened: (element) => {
      if (element.name === "GrpHdr") grpHdr = element;
      else if (element.name === "OrgnlGrpInfAndSts") grpInf = element;
      else if (element.name === "OrgnlPmtInfAndSts") {
        pmtInf = element;
        blocks += 1;
        transactions = 0;
      }
    },
    closed: (element, capture, location) => {
      if (capture === "record") {
        transactions += 1;
        const originalReference = elementAt(element, "OrgnlTxRef", "RmtInf", "Strd");
        push(location, [{ element, statusElement: "TxSts" }, blockLevel(), groupLevel()], {
          exportTransactionId: givenReference(textAt(element, "OrgnlEndToEndId")),
          sourceDoc: textAt(originalReference, "RfrdDocInf", "Nb") ?? textAt(originalReference, "CdtrRefInf", "Ref"),
          exportTransactionGroupId: textAt(pmtInf, "OrgnlPmtInfId"),
        });
      } else if (element.name === "OrgnlGrpInfAndSts") {
        grpInfLocation = location;
      } else if (element.name === "OrgnlPmtInfAndSts" && transactions === 0) {
        push(location, [blockLevel(), groupLevel()], { exportTransactionGroupId: textAt(element, "OrgnlPmtInfId") });
      } else if (element.name === "CstmrPmtStsRpt" && blocks === 0 && grpInf !== undefined) {
        push(grpInfLocation ?? location, [groupLevel()], {});
      }
    },
    take: () => {
      const taken = records;
      records = [];
      return taken;
    },
  };
};
