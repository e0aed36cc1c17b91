/**
 * A small, real PaymentFileWriter for tests of @batch/core (which must not depend on
 * @batch/codecs): it writes a minimal, well-formed pain.001 credit transfer with one payment
 * information block, `NbOfTxs` and `CtrlSum` computed exactly from the transactions, in the
 * element order of both pain.001.001.09 and pain.001.001.03. It does not validate against the
 * XSDs; the codecs writer is the one that must.
 */
import { Effect } from "effect";
import { Decimal, fractionDigitsOf, PaymentFileInvalid, type CreditTransferInitiation, type PaymentFileVersion, type PaymentFileWriter } from "@batch/core";

const escapeXml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

const element = (name: string, content: string | undefined, attributes = ""): string =>
  content === undefined ? "" : `<${name}${attributes}>${content}</${name}>`;
const text = (name: string, value: string | undefined): string => element(name, value === undefined ? undefined : escapeXml(value));

export const makeTextPaymentFileWriter = (): PaymentFileWriter => ({
  write: (file: CreditTransferInitiation, version: PaymentFileVersion) =>
    Effect.suspend(() => {
      if (file.transactions.length === 0) return Effect.fail(new PaymentFileInvalid({ message: "a payment file needs at least one transaction" }));
      const currencies = new Set(file.transactions.map((t) => t.currency));
      const [currency] = currencies;
      if (currencies.size !== 1 || currency === undefined) {
        return Effect.fail(new PaymentFileInvalid({ message: "the transactions of one payment information block share one currency" }));
      }
      const digits = fractionDigitsOf(currency) ?? 2;
      const amount = (d: Decimal.Decimal) => Decimal.format(d, digits);
      const count = String(file.transactions.length);
      const controlSum = amount(Decimal.sum(file.transactions.map((t) => t.amount)));
      const bic = (value: string | undefined) => element("FinInstnId", text(version === "pain.001.001.09" ? "BICFI" : "BIC", value));
      const address = file.debtor.address;
      const transactions = file.transactions
        .map((t) =>
          element(
            "CdtTrfTxInf",
            element("PmtId", text("EndToEndId", t.endToEndId)) +
              element("Amt", element("InstdAmt", amount(t.amount), ` Ccy="${escapeXml(t.currency)}"`)) +
              (t.creditorBic === undefined ? "" : element("CdtrAgt", bic(t.creditorBic))) +
              element("Cdtr", text("Nm", t.creditorName)) +
              element("CdtrAcct", element("Id", text("IBAN", t.creditorIban))) +
              element("RmtInf", text("Ustrd", t.remittanceInformation)),
          ),
        )
        .join("");
      const executionDate =
        version === "pain.001.001.09" ? element("ReqdExctnDt", text("Dt", file.requestedExecutionDate)) : text("ReqdExctnDt", file.requestedExecutionDate);
      const xml =
        `<?xml version="1.0" encoding="UTF-8"?>` +
        `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${version}">` +
        element(
          "CstmrCdtTrfInitn",
          element(
            "GrpHdr",
            text("MsgId", file.messageId) + text("CreDtTm", file.createdAt) + text("NbOfTxs", count) + text("CtrlSum", controlSum) +
              element("InitgPty", text("Nm", file.initiatingPartyName)),
          ) +
            element(
              "PmtInf",
              text("PmtInfId", file.paymentInformationId) +
                text("PmtMtd", "TRF") +
                text("NbOfTxs", count) +
                text("CtrlSum", controlSum) +
                element("PmtTpInf", element("SvcLvl", text("Cd", "SEPA"))) +
                executionDate +
                element(
                  "Dbtr",
                  text("Nm", file.debtor.name) +
                    element(
                      "PstlAdr",
                      text("StrtNm", address.streetName) +
                        text("BldgNb", address.buildingNumber) +
                        text("PstCd", address.postCode) +
                        text("TwnNm", address.townName) +
                        text("Ctry", address.country),
                    ),
                ) +
                element("DbtrAcct", element("Id", text("IBAN", file.debtor.iban))) +
                element("DbtrAgt", bic(file.debtor.bic)) +
                text("ChrgBr", "SLEV") +
                transactions,
            ),
        ) +
        `</Document>`;
      return Effect.succeed(xml);
    }),
});
