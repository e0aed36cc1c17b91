/**
 * PaymentBatch `evolve`: applies one accepted fact. Totals are recomputed from the lines on
 * every line change; every event moves `lastUpdated` / `lastUpdatedBy`.
 */
import type { CustomAttributeValue, CustomAttributeValues } from "../records/custom-attribute";
import type { PaymentBatchEvent } from "./payment-batch.events";
import { paymentBatchTotalsOf } from "./payment-batch.invariants";
import type { ExportRecord, PaymentBatch, PaymentBatchFields, PaymentBatchLine, PaymentBatchState } from "./payment-batch.state";
import type { Instant } from "../kernel";

const withAttribute = (values: CustomAttributeValues, name: string, value: CustomAttributeValue | undefined): CustomAttributeValues => {
  const { [name]: _, ...rest } = values;
  return value === undefined ? rest : { ...rest, [name]: value };
};

/** What every status holds, without what only the current status holds. */
const fieldsOf = (b: PaymentBatch): PaymentBatchFields => {
  const { _tag: _t, lastExport: _l, finishedAt: _f, discardedAt: _d, ...fields } = b as PaymentBatch & {
    readonly lastExport?: ExportRecord;
    readonly finishedAt?: Instant;
    readonly discardedAt?: Instant;
  };
  return fields;
};

const withLines = <B extends PaymentBatch>(b: B, lines: ReadonlyArray<PaymentBatchLine>): B => ({ ...b, lines, ...paymentBatchTotalsOf(lines) });

const mapLine = <B extends PaymentBatch>(b: B, lineId: string, f: (line: PaymentBatchLine) => PaymentBatchLine): B =>
  withLines(
    b,
    b.lines.map((l) => (l.id === lineId ? f(l) : l)),
  );

/** The line back to Open and out of its file, its exported bank details kept from the first correction on. */
const reopen = (line: PaymentBatchLine): PaymentBatchLine => {
  const { exportTransactionGroupId: _g, exportTransactionId: _t, ...rest } = line;
  return {
    ...rest,
    status: "Open",
    original: line.original ?? { iBAN: line.iBAN, swift: line.swift, paymentInstruction: line.paymentInstruction },
  };
};

const apply = (b: PaymentBatch, event: PaymentBatchEvent): PaymentBatchState => {
  switch (event._tag) {
    case "PaymentBatchCreated":
      return b;
    case "LineAdded":
      return withLines(b, [...b.lines, event.line]);
    case "LineDeleted":
      return withLines(
        b,
        b.lines.filter((l) => l.id !== event.lineId),
      );
    case "FinancialAccountSet":
      return { ...b, financialAccount: event.financialAccount };
    case "AllowExportSet":
      return { ...b, allowExport: event.allowExport };
    case "CompanyChanged":
      return { ...b, company: event.company, paymentBatchKey: event.paymentBatchKey };
    case "NoteSet":
      return { ...b, note: event.note };
    case "RemarksSet":
      return { ...b, remarks: event.remarks };
    case "IsActiveSet":
      return { ...b, isActive: event.isActive };
    case "CustomAttributeSet":
      return { ...b, customAttributes: withAttribute(b.customAttributes, event.name, event.value) };
    case "LineCustomAttributeSet":
      return mapLine(b, event.lineId, (l) => ({ ...l, customAttributes: withAttribute(l.customAttributes, event.name, event.value) }));
    case "LineBankDetailSet":
      return mapLine(b, event.lineId, (l) => ({ ...l, [event.field]: event.value }));
    case "LineCorrected":
      return mapLine(b, event.lineId, (l) => ({ ...reopen(l), [event.field]: event.value }));
    case "PaymentBatchExported": {
      const ids = new Map(event.lines.map((l) => [l.lineId, l.exportTransactionId]));
      const lines = b.lines.map((l) => {
        const exportTransactionId = ids.get(l.id);
        return exportTransactionId === undefined
          ? l
          : { ...l, exportTransactionGroupId: event.export.exportTransactionGroupId, exportTransactionId };
      });
      return withLines({ ...fieldsOf(b), _tag: "Submitted", lastExport: event.export }, lines);
    }
    case "LineStatusSet":
      return mapLine(b, event.lineId, (l) => ({
        ...l,
        status: event.status,
        externalStatusCode: event.externalStatusCode,
        reason: event.reason,
        externalStatusReportId: event.externalStatusReportId,
      }));
    case "LineStatusesSet": {
      const changes = new Map(event.changes.map((c) => [c.lineId, c]));
      return withLines(
        b,
        b.lines.map((l) => {
          const c = changes.get(l.id);
          return c === undefined
            ? l
            : { ...l, status: c.status, externalStatusCode: c.externalStatusCode, reason: c.reason, externalStatusReportId: c.externalStatusReportId };
        }),
      );
    }
    case "PaymentBatchStatusChanged": {
      // Only a batch with a payment file changes status from its lines.
      if (b._tag === "Draft" || b._tag === "Discarded") return b;
      return event.status === "PartiallyCompleted"
        ? { ...fieldsOf(b), _tag: "PartiallyCompleted", lastExport: b.lastExport }
        : { ...fieldsOf(b), _tag: event.status, lastExport: b.lastExport, finishedAt: event.at };
    }
    case "PaymentBatchDiscarded":
      return { ...fieldsOf(b), _tag: "Discarded", discardedAt: event.at, ...("lastExport" in b ? { lastExport: b.lastExport } : {}) };
    case "PaymentBatchDeleted":
      return { _tag: "Absent" };
  }
};

export const evolve = (state: PaymentBatchState, event: PaymentBatchEvent): PaymentBatchState => {
  if (state._tag === "Absent") {
    if (event._tag !== "PaymentBatchCreated") return state;
    const { _tag: _, at, actor, lines, ...fields } = event;
    return {
      _tag: "Draft",
      ...fields,
      isActive: true,
      lines,
      ...paymentBatchTotalsOf(lines),
      createdAt: at,
      createdBy: actor,
      lastUpdated: at,
      lastUpdatedBy: actor,
    };
  }
  const next = apply(state, event);
  return next._tag === "Absent" ? next : { ...next, lastUpdated: event.at, lastUpdatedBy: event.actor };
};
