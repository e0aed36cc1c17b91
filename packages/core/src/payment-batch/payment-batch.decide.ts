/**
 * PaymentBatch `decide`: total, never throws. Refusals are checked in a fixed order (does the
 * batch exist, does its status allow the command, are the values valid), so the same command on
 * the same state always gets the same answer. A setter that would change nothing is accepted with
 * no events, so repeating a request is harmless.
 */
import { Either, Schema } from "effect";
import { isValidBic, BIC_RULE, normalizeBic } from "../banking/bic";
import { ibanProblem, ibanProblemMessage, normalizeIban, SEPA_COUNTRIES, SEPA_COUNTRIES_OUTSIDE_EEA } from "../banking/iban";
import type { FieldError } from "../kernel";
import * as Decimal from "../money/decimal";
import { isCurrencyCode, fractionDigitsOf } from "../money/currency";
import { fitsCurrency } from "../money/money";
import {
  checkCustomAttributeValue,
  unknownAttributeMessage,
  validateCustomAttributes,
  type CustomAttributeDefinition,
  type CustomAttributeTarget,
  type CustomAttributeValues,
} from "../records/custom-attribute";
import { DateValue } from "../records/fields";
import type {
  AddLine,
  CreatePaymentBatch,
  ExportPaymentBatch,
  NewPaymentBatchLine,
  PaymentBatchCommand,
  SetLineBankDetail,
  SetLineStatus,
  SetLineStatuses,
  LineStatusUpdate,
} from "./payment-batch.commands";
import {
  PaymentBatchAlreadyExists,
  PaymentBatchAmountInvalid,
  PaymentBatchCurrencyMismatch,
  PaymentBatchCustomAttributeInvalid,
  PaymentBatchExportIdsInvalid,
  PaymentBatchExportNotAllowed,
  PaymentBatchFieldInvalid,
  PaymentBatchFinancialAccountMissing,
  PaymentBatchInvalidBic,
  PaymentBatchInvalidIban,
  PaymentBatchIsDiscarded,
  PaymentBatchLineAlreadyExists,
  PaymentBatchLineNotCorrectable,
  PaymentBatchLineNotExported,
  PaymentBatchLineNotFound,
  PaymentBatchNotDeletable,
  PaymentBatchNotDiscardable,
  PaymentBatchNotDraft,
  PaymentBatchNotExportable,
  PaymentBatchNotFound,
  PaymentBatchNothingToExport,
  PaymentBatchNotSepaValid,
  PaymentBatchNotSubmitted,
  type PaymentBatchError,
} from "./payment-batch.errors";
import type { PaymentBatchEvent } from "./payment-batch.events";
import { paymentBatchLinesToExport, paymentBatchStatusFromLines } from "./payment-batch.invariants";
import type { PaymentBatch, PaymentBatchLine, PaymentBatchState } from "./payment-batch.state";

type Decision = Either.Either<ReadonlyArray<PaymentBatchEvent>, PaymentBatchError>;

/** SEPA identifiers (MsgId, PmtInfId, EndToEndId) are Max35Text. */
const MAX_ID = 35;
/** SEPA creditor name (Nm) and unstructured remittance (Ustrd) limits. */
const MAX_NAME = 70;
const MAX_REMITTANCE = 140;
/** The largest instructed amount of a SEPA credit transfer. */
const MAX_SEPA_AMOUNT = Decimal.fromMinor(99_999_999_999n, 2);

/** Trimmed text, or undefined when absent or blank ("Empty is absent"). */
const textOf = (s: string | undefined): string | undefined => {
  const t = s?.trim();
  return t === undefined || t === "" ? undefined : t;
};

const requireText = (field: string, s: string): Either.Either<string, PaymentBatchFieldInvalid> => {
  const t = textOf(s);
  return t === undefined ? Either.left(new PaymentBatchFieldInvalid({ field, message: `${field} is required` })) : Either.right(t);
};

const isDate = (s: string): boolean => Either.isRight(Schema.decodeUnknownEither(DateValue)(s));

const checkIban = (field: string, value: string | undefined): Either.Either<string | undefined, PaymentBatchInvalidIban> => {
  const text = textOf(value);
  if (text === undefined) return Either.right(undefined);
  const iban = normalizeIban(text);
  const problem = ibanProblem(iban);
  return problem === undefined ? Either.right(iban) : Either.left(new PaymentBatchInvalidIban({ field, message: `${field}: ${ibanProblemMessage(problem)}` }));
};

const checkBic = (field: string, value: string | undefined): Either.Either<string | undefined, PaymentBatchInvalidBic> => {
  const text = textOf(value);
  if (text === undefined) return Either.right(undefined);
  const bic = normalizeBic(text);
  return isValidBic(bic) ? Either.right(bic) : Either.left(new PaymentBatchInvalidBic({ field, message: `${field}: ${BIC_RULE}` }));
};

const checkBankDetail = (field: SetLineBankDetail["field"], value: string | undefined) =>
  field === "iBAN" ? checkIban(field, value) : field === "swift" ? checkBic(field, value) : Either.right(textOf(value));

const checkAmount = (field: string, amount: Decimal.Decimal, currency: string): Either.Either<Decimal.Decimal, PaymentBatchAmountInvalid> => {
  if (Decimal.isNegative(amount)) return Either.left(new PaymentBatchAmountInvalid({ field, message: `${field} must not be negative` }));
  if (!fitsCurrency(amount, currency)) {
    return Either.left(
      new PaymentBatchAmountInvalid({
        field,
        message: `${field} has more fraction digits than ${currency} allows (${fractionDigitsOf(currency) ?? 0})`,
      }),
    );
  }
  return Either.right(amount);
};

const checkCustomAttributes = (
  definitions: ReadonlyArray<CustomAttributeDefinition>,
  target: CustomAttributeTarget,
  values: Readonly<Record<string, unknown>>,
  fieldPrefix: string,
): Either.Either<CustomAttributeValues, PaymentBatchCustomAttributeInvalid> =>
  Either.mapLeft(
    validateCustomAttributes({ definitions, target, values, requireAll: true, fieldPrefix }),
    (errors) => new PaymentBatchCustomAttributeInvalid({ message: messageOf(errors), errors }),
  );

const messageOf = (errors: ReadonlyArray<FieldError>): string => errors.map((e) => `${e.field}: ${e.message}`).join("; ");

/** Validates a new line against the batch and builds it (normalised, `documentAmount` filled in). */
const buildLine = (
  currency: string,
  taken: (lineId: string) => boolean,
  line: NewPaymentBatchLine,
  definitions: ReadonlyArray<CustomAttributeDefinition>,
  prefix: string,
): Either.Either<PaymentBatchLine, PaymentBatchError> =>
  Either.gen(function* () {
    const id = yield* requireText(`${prefix}id`, line.id);
    if (taken(id)) return yield* Either.left(new PaymentBatchLineAlreadyExists({ lineId: id }));
    const party = yield* requireText(`${prefix}party`, line.party);
    if (line.currency !== currency) {
      return yield* Either.left(
        new PaymentBatchCurrencyMismatch({
          field: `${prefix}currency`,
          message: `${prefix}currency ${line.currency} must equal the batch currency ${currency}`,
        }),
      );
    }
    const discountAmount = yield* checkAmount(`${prefix}discountAmount`, line.discountAmount, currency);
    const withholdedAmount = yield* checkAmount(`${prefix}withholdedAmount`, line.withholdedAmount, currency);
    const transferAmount = yield* checkAmount(`${prefix}transferAmount`, line.transferAmount, currency);
    const computed = Decimal.add(Decimal.add(transferAmount, discountAmount), withholdedAmount);
    const documentAmount = line.documentAmount === undefined ? computed : yield* checkAmount(`${prefix}documentAmount`, line.documentAmount, currency);
    if (!Decimal.equals(documentAmount, computed)) {
      return yield* Either.left(
        new PaymentBatchAmountInvalid({
          field: `${prefix}transferAmount`,
          message: `${prefix}transferAmount must equal documentAmount - discountAmount - withholdedAmount (${Decimal.format(
            Decimal.subtract(Decimal.subtract(documentAmount, discountAmount), withholdedAmount),
          )})`,
        }),
      );
    }
    const iBAN = yield* checkIban(`${prefix}iBAN`, line.iBAN);
    const swift = yield* checkBic(`${prefix}swift`, line.swift);
    const dueDate = textOf(line.dueDate);
    if (dueDate !== undefined && !isDate(dueDate)) {
      return yield* Either.left(
        new PaymentBatchFieldInvalid({ field: `${prefix}dueDate`, message: `${prefix}dueDate must be a date (YYYY-MM-DD) or an ISO 8601 date-time` }),
      );
    }
    const customAttributes = yield* checkCustomAttributes(definitions, "PaymentBatchLine", line.customAttributes, prefix);
    return {
      id,
      party,
      sourceDoc: textOf(line.sourceDoc),
      documentAmount,
      discountAmount,
      withholdedAmount,
      transferAmount,
      currency,
      accountPosting: textOf(line.accountPosting),
      status: "Open",
      iBAN,
      swift,
      paymentInstruction: textOf(line.paymentInstruction),
      dueDate,
      note: textOf(line.note),
      paymentRequestReferenceId: textOf(line.paymentRequestReferenceId),
      customAttributes,
    } satisfies PaymentBatchLine;
  });

const decideCreate = (state: PaymentBatchState, c: CreatePaymentBatch): Decision =>
  Either.gen(function* () {
    if (state._tag !== "Absent") return yield* Either.left(new PaymentBatchAlreadyExists({ id: state.id }));
    const id = yield* requireText("id", c.id);
    const company = yield* requireText("company", c.company);
    if (!Number.isSafeInteger(c.paymentBatchKey) || c.paymentBatchKey < 1) {
      return yield* Either.left(new PaymentBatchFieldInvalid({ field: "paymentBatchKey", message: "paymentBatchKey must be a positive integer" }));
    }
    const documentDate = yield* requireText("documentDate", c.documentDate);
    if (!isDate(documentDate)) {
      return yield* Either.left(
        new PaymentBatchFieldInvalid({ field: "documentDate", message: "documentDate must be a date (YYYY-MM-DD) or an ISO 8601 date-time" }),
      );
    }
    if (!isCurrencyCode(c.currency)) {
      return yield* Either.left(new PaymentBatchFieldInvalid({ field: "currency", message: `currency must be an ISO 4217 code, got "${c.currency}"` }));
    }
    if (!Decimal.isPositive(c.exchangeRate)) {
      return yield* Either.left(new PaymentBatchFieldInvalid({ field: "exchangeRate", message: "exchangeRate must be greater than 0" }));
    }
    const paymentMethod = yield* requireText("paymentMethod", c.paymentMethod);
    const bankAccountType = yield* requireText("bankAccountType", c.bankAccountType);
    const customAttributes = yield* checkCustomAttributes(c.definitions, "PaymentBatch", c.customAttributes, "");
    const lines: Array<PaymentBatchLine> = [];
    // A set of the ids so far: looking each one up in the lines would be quadratic in a large batch.
    const ids = new Set<string>();
    for (const [i, line] of c.lines.entries()) {
      const built = yield* buildLine(c.currency, (lineId) => ids.has(lineId), line, c.definitions, `paymentBatchLines.${i}.`);
      ids.add(built.id);
      lines.push(built);
    }
    return [
      {
        _tag: "PaymentBatchCreated",
        at: c.at,
        actor: c.actor,
        id,
        company,
        paymentBatchKey: c.paymentBatchKey,
        documentDate,
        currency: c.currency,
        exchangeRate: c.exchangeRate,
        paymentMethod,
        bankAccountType,
        financialAccount: textOf(c.financialAccount),
        note: textOf(c.note),
        remarks: textOf(c.remarks),
        allowExport: c.allowExport,
        customAttributes,
        lines,
      },
    ] satisfies ReadonlyArray<PaymentBatchEvent>;
  });

const existing = (state: PaymentBatchState): Either.Either<PaymentBatch, PaymentBatchNotFound> =>
  state._tag === "Absent" ? Either.left(new PaymentBatchNotFound({ reference: "" })) : Either.right(state);

const draft = (state: PaymentBatchState, operation: string): Either.Either<PaymentBatch, PaymentBatchError> =>
  Either.flatMap(existing(state), (b) => (b._tag === "Draft" ? Either.right(b) : Either.left(new PaymentBatchNotDraft({ status: b._tag, operation }))));

const notDiscarded = (state: PaymentBatchState, operation: string): Either.Either<PaymentBatch, PaymentBatchError> =>
  Either.flatMap(existing(state), (b) => (b._tag === "Discarded" ? Either.left(new PaymentBatchIsDiscarded({ operation })) : Either.right(b)));

const lineOf = (b: PaymentBatch, lineId: string): Either.Either<PaymentBatchLine, PaymentBatchLineNotFound> => {
  const line = b.lines.find((l) => l.id === lineId);
  return line === undefined ? Either.left(new PaymentBatchLineNotFound({ lineId })) : Either.right(line);
};

const decideAddLine = (state: PaymentBatchState, c: AddLine): Decision =>
  Either.gen(function* () {
    const b = yield* draft(state, "adding a line");
    const line = yield* buildLine(b.currency, (lineId) => b.lines.some((l) => l.id === lineId), c.line, c.definitions, "");
    return [{ _tag: "LineAdded", at: c.at, actor: c.actor, line }] satisfies ReadonlyArray<PaymentBatchEvent>;
  });

const decideBankDetail = (state: PaymentBatchState, c: SetLineBankDetail): Decision =>
  Either.gen(function* () {
    const b = yield* notDiscarded(state, `setting ${c.field}`);
    const line = yield* lineOf(b, c.lineId);
    const value = yield* checkBankDetail(c.field, c.value);
    const base = { at: c.at, actor: c.actor, lineId: line.id, field: c.field, value };
    // A Draft line, or a line reopened by an earlier correction and waiting for the next file.
    if (b._tag === "Draft" || (line.status === "Open" && line.exportTransactionId === undefined)) {
      return line[c.field] === value ? [] : ([{ _tag: "LineBankDetailSet", ...base }] satisfies ReadonlyArray<PaymentBatchEvent>);
    }
    if (line.status !== "Error") {
      return yield* Either.left(new PaymentBatchLineNotCorrectable({ status: b._tag, lineId: line.id, field: c.field }));
    }
    const events: Array<PaymentBatchEvent> = [{ _tag: "LineCorrected", ...base }];
    if (b._tag === "FinishedWithErrors") {
      events.push({ _tag: "PaymentBatchStatusChanged", at: c.at, actor: c.actor, status: "PartiallyCompleted" });
    }
    return events;
  });

/** Why a line cannot go into a SEPA credit transfer, one message per field. */
const sepaProblems = (position: number, line: PaymentBatchLine): ReadonlyArray<FieldError> => {
  const prefix = `paymentBatchLines.${position}.`;
  const problems: Array<FieldError> = [];
  const add = (field: string, message: string) => problems.push({ field: `${prefix}${field}`, message });
  if (line.currency !== "EUR") add("currency", `a SEPA credit transfer is in EUR, the line is in ${line.currency}`);
  if (line.iBAN === undefined) add("iBAN", "iBAN is required for a SEPA credit transfer");
  else {
    const problem = ibanProblem(line.iBAN);
    if (problem !== undefined) add("iBAN", ibanProblemMessage(problem));
    else if (!SEPA_COUNTRIES.has(line.iBAN.slice(0, 2))) add("iBAN", `IBAN country ${line.iBAN.slice(0, 2)} is not in the SEPA scheme`);
    else if (line.swift === undefined && SEPA_COUNTRIES_OUTSIDE_EEA.has(line.iBAN.slice(0, 2))) {
      add("swift", `a BIC is required for an IBAN of ${line.iBAN.slice(0, 2)}, a SEPA country outside the EEA (EPC SCT rulebook)`);
    }
  }
  if (line.swift !== undefined && !isValidBic(line.swift)) add("swift", BIC_RULE);
  if (!Decimal.isPositive(line.transferAmount)) add("transferAmount", "a SEPA credit transfer amount must be at least 0.01");
  else if (Decimal.compare(line.transferAmount, MAX_SEPA_AMOUNT) > 0) add("transferAmount", "a SEPA credit transfer amount must be at most 999999999.99");
  if (line.party.length > MAX_NAME) add("party", `the creditor name must be at most ${MAX_NAME} characters for SEPA`);
  const remittance = remittanceOf(line);
  if (remittance !== undefined && remittance.length > MAX_REMITTANCE) {
    add(line.paymentInstruction !== undefined ? "paymentInstruction" : "sourceDoc", `the remittance information must be at most ${MAX_REMITTANCE} characters for SEPA`);
  }
  return problems;
};

/** The unstructured remittance information of a line's transfer: its payment instruction, else its source document. */
export const remittanceOf = (line: PaymentBatchLine): string | undefined => line.paymentInstruction ?? line.sourceDoc;

const checkExportIds = (b: PaymentBatch, c: ExportPaymentBatch, count: number): Either.Either<ReadonlyArray<string>, PaymentBatchExportIdsInvalid> => {
  const fail = (message: string) => Either.left(new PaymentBatchExportIdsInvalid({ message }));
  const valid = (id: string) => id.trim() !== "" && id.length <= MAX_ID;
  if (!valid(c.messageId)) return fail(`messageId must be 1 to ${MAX_ID} characters`);
  if (!valid(c.exportTransactionGroupId)) return fail(`exportTransactionGroupId must be 1 to ${MAX_ID} characters`);
  const ids = c.exportTransactionIds.slice(0, count);
  if (ids.length < count) return fail(`${count} exportTransactionIds are needed, ${c.exportTransactionIds.length} were given`);
  if (!ids.every(valid)) return fail(`every exportTransactionId must be 1 to ${MAX_ID} characters`);
  const taken = new Set(b.lines.flatMap((l) => (l.exportTransactionId === undefined ? [] : [l.exportTransactionId])));
  if (new Set(ids).size !== ids.length || ids.some((id) => taken.has(id))) return fail("exportTransactionIds must be new and distinct");
  return Either.right(ids);
};

const decideExport = (state: PaymentBatchState, c: ExportPaymentBatch): Decision =>
  Either.gen(function* () {
    const b = yield* existing(state);
    if (b._tag !== "Draft" && b._tag !== "PartiallyCompleted") {
      return yield* Either.left(
        new PaymentBatchNotExportable({
          message: `the payment batch is ${b._tag}: a payment file is generated from a Draft batch, or from a PartiallyCompleted batch with corrected lines`,
        }),
      );
    }
    if (!b.allowExport) return yield* Either.left(new PaymentBatchExportNotAllowed());
    if (b.financialAccount === undefined) return yield* Either.left(new PaymentBatchFinancialAccountMissing());
    const lines = paymentBatchLinesToExport(b);
    if (lines.length === 0) return yield* Either.left(new PaymentBatchNothingToExport());
    // Positions computed once: indexOf per line would pass over a 100,000-line batch 100,000 times.
    const positions = new Map(b.lines.map((l, i) => [l.id, i]));
    const problems = lines
      .map((l) => ({ line: l, position: positions.get(l.id) ?? 0, problems: sepaProblems(positions.get(l.id) ?? 0, l) }))
      .filter((p) => p.problems.length > 0);
    if (problems.length > 0) {
      // Each breach names the line as the clerk sees it (its number and party) and the rule.
      const message = problems
        .map((p) => `line ${p.position + 1} (${p.line.party}): ${p.problems.map((e) => `${e.field.slice(e.field.lastIndexOf(".") + 1)}: ${e.message}`).join("; ")}`)
        .join("; ");
      return yield* Either.left(new PaymentBatchNotSepaValid({ message: `lines not valid for SEPA: ${message}`, errors: problems.flatMap((p) => p.problems) }));
    }
    const ids = yield* checkExportIds(b, c, lines.length);
    return [
      {
        _tag: "PaymentBatchExported",
        at: c.at,
        actor: c.actor,
        export: {
          messageId: c.messageId,
          exportTransactionGroupId: c.exportTransactionGroupId,
          version: c.version,
          at: c.at,
          transactionCount: lines.length,
        },
        lines: lines.map((l, i) => ({ lineId: l.id, exportTransactionId: ids[i] ?? "" })),
      },
    ] satisfies ReadonlyArray<PaymentBatchEvent>;
  });

const decideLineStatus = (state: PaymentBatchState, c: SetLineStatus): Decision =>
  Either.gen(function* () {
    const b = yield* existing(state);
    if (b._tag !== "Submitted" && b._tag !== "PartiallyCompleted") return yield* Either.left(new PaymentBatchNotSubmitted({ status: b._tag }));
    const line = yield* lineOf(b, c.lineId);
    if (line.exportTransactionId === undefined) return yield* Either.left(new PaymentBatchLineNotExported({ lineId: line.id }));
    const details = {
      externalStatusCode: textOf(c.externalStatusCode),
      reason: textOf(c.reason),
      externalStatusReportId: textOf(c.externalStatusReportId),
    };
    const unchanged =
      line.status === c.status &&
      line.externalStatusCode === details.externalStatusCode &&
      line.reason === details.reason &&
      line.externalStatusReportId === details.externalStatusReportId;
    if (unchanged) return [];
    const events: Array<PaymentBatchEvent> = [{ _tag: "LineStatusSet", at: c.at, actor: c.actor, lineId: line.id, status: c.status, ...details }];
    const next = paymentBatchStatusFromLines(b.lines.map((l) => (l.id === line.id ? { ...l, status: c.status } : l)));
    if (next !== b._tag) events.push({ _tag: "PaymentBatchStatusChanged", at: c.at, actor: c.actor, status: next });
    return events;
  });

/**
 * Why `change` cannot be applied to batch `b`, or "unchanged" when the line already has it (a
 * bank answer read again), or undefined when it applies. Shared by SetLineStatuses and by the
 * use cases that report on each line of a bank answer.
 */
export const lineStatusChangeOutcome = (
  b: PaymentBatch,
  line: PaymentBatchLine | undefined,
  change: LineStatusUpdate,
): PaymentBatchError | "unchanged" | undefined => {
  if (line === undefined) return new PaymentBatchLineNotFound({ lineId: change.lineId });
  if (line.exportTransactionId === undefined) return new PaymentBatchLineNotExported({ lineId: line.id });
  if (
    line.status === change.status &&
    line.externalStatusCode === textOf(change.externalStatusCode) &&
    line.reason === textOf(change.reason) &&
    line.externalStatusReportId === textOf(change.externalStatusReportId)
  ) {
    return "unchanged";
  }
  if (b._tag !== "Submitted" && b._tag !== "PartiallyCompleted") return new PaymentBatchNotSubmitted({ status: b._tag });
  return undefined;
};

const decideLineStatuses = (state: PaymentBatchState, c: SetLineStatuses): Decision =>
  Either.gen(function* () {
    const b = yield* existing(state);
    if (b._tag !== "Submitted" && b._tag !== "PartiallyCompleted") return yield* Either.left(new PaymentBatchNotSubmitted({ status: b._tag }));
    const byId = new Map(b.lines.map((l) => [l.id, l]));
    const latest = new Map<string, LineStatusUpdate>();
    for (const change of c.changes) latest.set(change.lineId, change);
    const changes: Array<LineStatusUpdate> = [];
    for (const change of latest.values()) {
      const outcome = lineStatusChangeOutcome(b, byId.get(change.lineId), change);
      if (outcome === "unchanged") continue;
      if (outcome !== undefined) return yield* Either.left(outcome);
      changes.push({
        lineId: change.lineId,
        status: change.status,
        externalStatusCode: textOf(change.externalStatusCode),
        reason: textOf(change.reason),
        externalStatusReportId: textOf(change.externalStatusReportId),
      });
    }
    if (changes.length === 0) return [];
    const changed = new Map(changes.map((ch) => [ch.lineId, ch.status]));
    const events: Array<PaymentBatchEvent> = [{ _tag: "LineStatusesSet", at: c.at, actor: c.actor, changes }];
    const next = paymentBatchStatusFromLines(b.lines.map((l) => ({ ...l, status: changed.get(l.id) ?? l.status })));
    if (next !== b._tag) events.push({ _tag: "PaymentBatchStatusChanged", at: c.at, actor: c.actor, status: next });
    return events;
  });

const decideCustomAttribute = (
  target: CustomAttributeTarget,
  name: string,
  value: unknown,
  definitions: ReadonlyArray<CustomAttributeDefinition>,
  current: CustomAttributeValues,
) =>
  Either.gen(function* () {
    const definition = definitions.find((d) => d.name === name && d.appliesTo === target);
    const fail = (message: string) =>
      Either.left(new PaymentBatchCustomAttributeInvalid({ message: `${name}: ${message}`, errors: [{ field: name, message }] }));
    if (definition === undefined) return yield* fail(unknownAttributeMessage(name, target));
    const checked = yield* Either.match(checkCustomAttributeValue(definition, value), { onLeft: fail, onRight: Either.right });
    return { unchanged: current[name] === checked, value: checked };
  });

const textSetter = (state: PaymentBatchState, field: "note" | "remarks", value: string | undefined) =>
  Either.map(notDiscarded(state, `setting ${field}`), (b) => ({ value: textOf(value), unchanged: b[field] === textOf(value) }));

export const decide = (state: PaymentBatchState, command: PaymentBatchCommand): Decision => {
  const base = { at: command.at, actor: command.actor };
  switch (command._tag) {
    case "CreatePaymentBatch":
      return decideCreate(state, command);
    case "AddLine":
      return decideAddLine(state, command);
    case "DeleteLine":
      return Either.gen(function* () {
        const b = yield* draft(state, "deleting a line");
        const line = yield* lineOf(b, command.lineId);
        return [{ _tag: "LineDeleted", ...base, lineId: line.id }] satisfies ReadonlyArray<PaymentBatchEvent>;
      });
    case "SetFinancialAccount":
      return Either.map(draft(state, "setting financialAccount"), (b) => {
        const financialAccount = textOf(command.financialAccount);
        return b.financialAccount === financialAccount ? [] : [{ _tag: "FinancialAccountSet", ...base, financialAccount }];
      });
    case "SetAllowExport":
      return Either.map(draft(state, "setting allowExport"), (b) =>
        b.allowExport === command.allowExport ? [] : [{ _tag: "AllowExportSet", ...base, allowExport: command.allowExport }],
      );
    case "ChangeCompany":
      return Either.gen(function* () {
        const b = yield* draft(state, "setting company");
        const company = yield* requireText("company", command.company);
        if (company === b.company) return [];
        if (!Number.isSafeInteger(command.paymentBatchKey) || command.paymentBatchKey < 1) {
          return yield* Either.left(new PaymentBatchFieldInvalid({ field: "paymentBatchKey", message: "paymentBatchKey must be a positive integer" }));
        }
        return [{ _tag: "CompanyChanged", ...base, company, paymentBatchKey: command.paymentBatchKey }] satisfies ReadonlyArray<PaymentBatchEvent>;
      });
    case "SetNote":
      return Either.map(textSetter(state, "note", command.note), ({ value, unchanged }) =>
        unchanged ? [] : [{ _tag: "NoteSet", ...base, note: value }],
      );
    case "SetRemarks":
      return Either.map(textSetter(state, "remarks", command.remarks), ({ value, unchanged }) =>
        unchanged ? [] : [{ _tag: "RemarksSet", ...base, remarks: value }],
      );
    case "SetIsActive":
      return Either.map(notDiscarded(state, "setting isActive"), (b) =>
        b.isActive === command.isActive ? [] : [{ _tag: "IsActiveSet", ...base, isActive: command.isActive }],
      );
    case "SetCustomAttribute":
      return Either.gen(function* () {
        const b = yield* notDiscarded(state, `setting ${command.name}`);
        const r = yield* decideCustomAttribute("PaymentBatch", command.name, command.value, command.definitions, b.customAttributes);
        return r.unchanged ? [] : ([{ _tag: "CustomAttributeSet", ...base, name: command.name, value: r.value }] satisfies ReadonlyArray<PaymentBatchEvent>);
      });
    case "SetLineCustomAttribute":
      return Either.gen(function* () {
        const b = yield* notDiscarded(state, `setting ${command.name}`);
        const line = yield* lineOf(b, command.lineId);
        const r = yield* decideCustomAttribute("PaymentBatchLine", command.name, command.value, command.definitions, line.customAttributes);
        return r.unchanged
          ? []
          : ([{ _tag: "LineCustomAttributeSet", ...base, lineId: line.id, name: command.name, value: r.value }] satisfies ReadonlyArray<PaymentBatchEvent>);
      });
    case "SetLineBankDetail":
      return decideBankDetail(state, command);
    case "ExportPaymentBatch":
      return decideExport(state, command);
    case "SetLineStatus":
      return decideLineStatus(state, command);
    case "SetLineStatuses":
      return decideLineStatuses(state, command);
    case "DiscardPaymentBatch":
      return Either.flatMap(existing(state), (b) =>
        b._tag === "Draft" || b._tag === "Submitted"
          ? Either.right([{ _tag: "PaymentBatchDiscarded", ...base }])
          : Either.left(new PaymentBatchNotDiscardable({ status: b._tag })),
      );
    case "DeletePaymentBatch":
      return Either.flatMap(existing(state), (b) =>
        b._tag === "Draft" || b._tag === "Discarded"
          ? Either.right([{ _tag: "PaymentBatchDeleted", ...base }])
          : Either.left(new PaymentBatchNotDeletable({ status: b._tag })),
      );
  }
};
