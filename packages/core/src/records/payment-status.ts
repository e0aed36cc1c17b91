/**
 * PAYMENT_STATUS records (DOMAIN.md; ISO form pain.002): a bank's answer about one payment,
 * setting the status of the submitted payment-batch line it names, by `exportTransactionId`
 * (the file's EndToEndId) or by `sourceDoc`.
 *
 * `status` is `Success` or `Error` (any letter case, or the enumeration values 3 and 2). A
 * pain.002 transaction status is read too: `RJCT` is Error; `ACSC` and `ACCC` (settlement
 * completed) are Success; the intermediate statuses (`ACTC`, `ACCP`, `ACSP`, `ACWC`, `PDNG`)
 * say nothing final about the payment and fail the item with a message saying so.
 */
import { ParseResult, Schema } from "effect";
import { OptionalText, requiredField } from "./fields";

const ISO_STATUS: Readonly<Record<string, "Success" | "Error">> = { RJCT: "Error", ACSC: "Success", ACCC: "Success" };
const INTERMEDIATE = new Set(["ACTC", "ACCP", "ACSP", "ACWC", "PDNG", "RCVD", "PART"]);
/** The Verification of Payee results of pain.002.001.10 (EPC VOP scheme, German banks' replies). */
const VERIFICATION_OF_PAYEE: Readonly<Record<string, string>> = {
  RCVC: "the name matches the account",
  RVMC: "the name is a close match",
  RVNM: "the name does not match",
  RVNA: "the name could not be checked",
};

/** A final payment status: Success or Error. */
export const PaymentStatusValue = Schema.transformOrFail(Schema.Unknown, Schema.Literal("Success", "Error"), {
  strict: true,
  decode: (u, _, ast) => {
    const fail = (message: string) => ParseResult.fail(new ParseResult.Type(ast, u, message));
    if (u === 3 || u === "3") return ParseResult.succeed("Success" as const);
    if (u === 2 || u === "2") return ParseResult.succeed("Error" as const);
    if (typeof u !== "string") return fail("must be Success or Error");
    const text = u.trim();
    const named = text.toLowerCase() === "success" ? "Success" : text.toLowerCase() === "error" ? "Error" : ISO_STATUS[text.toUpperCase()];
    if (named !== undefined) return ParseResult.succeed(named);
    const verification = VERIFICATION_OF_PAYEE[text.toUpperCase()];
    if (verification !== undefined) {
      return fail(`${text.toUpperCase()} is a Verification of Payee result (${verification}), not a payment status: it changes no line`);
    }
    if (INTERMEDIATE.has(text.toUpperCase())) {
      return fail(`${text.toUpperCase()} is not a final status: only RJCT (Error), ACSC and ACCC (Success) change a line`);
    }
    return fail(`must be Success or Error, got "${text.slice(0, 40)}"`);
  },
  encode: ParseResult.succeed,
});

export const PaymentStatusRecord = Schema.Struct({
  exportTransactionId: OptionalText,
  sourceDoc: OptionalText,
  status: requiredField(PaymentStatusValue),
  externalStatusCode: OptionalText,
  reason: OptionalText,
  externalStatusReportId: OptionalText,
  /** A status for a whole payment information block (pain.002 OrgnlPmtInfId with PmtInfSts, no transaction statuses). */
  exportTransactionGroupId: OptionalText,
  /** A status for a whole file (pain.002 OrgnlMsgId with GrpSts only). */
  originalMessageId: OptionalText,
}).pipe(
  Schema.filter((r) =>
    r.exportTransactionId === undefined && r.sourceDoc === undefined && r.exportTransactionGroupId === undefined && r.originalMessageId === undefined
      ? { path: ["exportTransactionId"], message: "exportTransactionId or sourceDoc is required (or, for a whole block or file, exportTransactionGroupId or originalMessageId)" }
      : undefined,
  ),
);
export type PaymentStatusRecord = typeof PaymentStatusRecord.Type;

export const paymentStatusKeyOf = (r: PaymentStatusRecord): string => r.exportTransactionId ?? r.sourceDoc ?? "";

/** The line status change a record asks for. */
export const statusChangeOf = (r: PaymentStatusRecord) => ({
  status: r.status,
  externalStatusCode: r.externalStatusCode,
  reason: r.reason,
  externalStatusReportId: r.externalStatusReportId,
});
