/**
 * Arbitraries for AP invoices: the data an INVOICE record carries, the loose input it arrives as
 * (JSON values or CSV/XML text), and the pieces both are made of.
 */
import { FastCheck as fc } from "effect";
import {
  ApInvoiceData,
  apInvoiceCatalogue,
  ApInvoicePoTypes,
  apInvoiceStatusIdOf,
  Decimal,
  RecordedApInvoiceStatuses,
  type Actor,
  type PropertyType,
  type RecordedApInvoiceStatus,
} from "@batch/core";

/** Exact decimals of up to 14 integer and 4 fraction digits: a JSON number carries them exactly. */
export const apDecimalArb: fc.Arbitrary<Decimal.Decimal> = fc
  .tuple(fc.bigInt({ min: -(10n ** 14n) + 1n, max: 10n ** 14n - 1n }), fc.integer({ min: 0, max: 4 }))
  .map(([minor, scale]) => Decimal.fromMinor(minor, scale));

/** Canonical UTC instants (what stores keep and commands carry). */
export const apInstantArb: fc.Arbitrary<string> = fc
  .integer({ min: Date.parse("2000-01-01T00:00:00.000Z"), max: Date.parse("2099-12-31T23:59:59.999Z") })
  .map((ms) => new Date(ms).toISOString());

/** Trimmed, non-empty text, sometimes beyond ASCII. */
export const apTextArb: fc.Arbitrary<string> = fc
  .oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }))
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

export const apActorArb: fc.Arbitrary<Actor> = fc.record({ id: fc.uuid(), name: apTextArb });

const byType: Record<PropertyType, fc.Arbitrary<unknown>> = {
  string: apTextArb,
  guid: fc.uuid(),
  integer: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  decimal: apDecimalArb,
  boolean: fc.boolean(),
  "date-time": apInstantArb,
};

const dataProperties = Object.keys(ApInvoiceData.fields).filter(
  (name) => name !== "vendorNo" && name !== "invoiceNo" && name !== "matchedInvoiceStatusId" && name !== "matchedInvoiceStatus",
);

const optionalData = fc.record(
  Object.fromEntries(
    dataProperties.map((name) => [
      name,
      name === "poType" ? fc.constantFrom(...ApInvoicePoTypes) : byType[apInvoiceCatalogue.properties[name] ?? "string"],
    ]),
  ),
  { requiredKeys: [] },
);

export interface ApInvoiceKey {
  readonly vendorNo: string;
  readonly invoiceNo: string;
}

/** Natural keys from a small pool, so that sequences hit the same invoice again. */
export const apInvoiceKeyArb = (pool = 4): fc.Arbitrary<ApInvoiceKey> =>
  fc.record({ vendorNo: fc.integer({ min: 1, max: 2 }).map((n) => `V${n}`), invoiceNo: fc.integer({ min: 1, max: pool }).map((n) => `INV-${n}`) });

export const apRecordedStatusArb: fc.Arbitrary<RecordedApInvoiceStatus> = fc.constantFrom(...RecordedApInvoiceStatuses);

/** The data of an AP invoice, every optional property present or not. */
export const apInvoiceDataArb = (options: { readonly key?: fc.Arbitrary<ApInvoiceKey>; readonly status?: fc.Arbitrary<RecordedApInvoiceStatus> } = {}): fc.Arbitrary<ApInvoiceData> =>
  fc
    .tuple(options.key ?? fc.record({ vendorNo: apTextArb, invoiceNo: apTextArb }), options.status ?? apRecordedStatusArb, optionalData)
    .map(
      ([key, status, rest]) =>
        ({
          ...rest,
          ...key,
          matchedInvoiceStatusId: apInvoiceStatusIdOf(status),
          matchedInvoiceStatus: status,
        }) as ApInvoiceData,
    );

const shuffleCase = (text: string) =>
  fc.constantFrom(text, text.toLowerCase(), text.toUpperCase());

/**
 * `data` as an INVOICE record arrives: JSON values (numbers for amounts) or text cells (CSV, XML),
 * keys padded with spaces, the status by name in any case, by number, or left out when Vouchered,
 * blank cells for absent properties, and columns the record does not read.
 */
export const looseInvoiceRecordArb = (data: ApInvoiceData): fc.Arbitrary<Readonly<Record<string, unknown>>> =>
  fc
    .record({
      asText: fc.boolean(),
      pad: fc.constantFrom("", " ", "  "),
      statusForm: fc.constantFrom("name", "id", "idField", "both", "omit"),
      statusName: shuffleCase(data.matchedInvoiceStatus),
      blanks: fc.shuffledSubarray(dataProperties.filter((name) => !(name in data))).map((names) => names.slice(0, 5)),
      extra: fc.record({ apBatchId: fc.uuid(), createdBy: fc.uuid(), unknownColumn: apTextArb }, { requiredKeys: [] }),
      blank: fc.constantFrom("", "   ", null),
    })
    .map(({ asText, pad, statusForm, statusName, blanks, extra, blank }) => {
      const { matchedInvoiceStatusId: id, matchedInvoiceStatus: _name, ...rest } = data;
      const record: Record<string, unknown> = { ...extra };
      for (const [name, value] of Object.entries(rest)) {
        const isDecimal = typeof value === "object" && value !== null;
        record[name] =
          typeof value === "string"
            ? `${pad}${value}${pad}`
            : isDecimal
              ? asText ? Decimal.format(value as Decimal.Decimal) : Decimal.toNumber(value as Decimal.Decimal)
              : asText ? String(value) : value;
      }
      for (const name of blanks) record[name] = asText && blank === null ? "" : blank;
      const idValue = asText ? String(id) : id;
      if (statusForm === "name" || statusForm === "both" || (statusForm === "omit" && data.matchedInvoiceStatus !== "Vouchered")) {
        record["matchedInvoiceStatus"] = statusName;
      }
      if (statusForm === "id") record["matchedInvoiceStatus"] = idValue;
      if (statusForm === "idField" || statusForm === "both") record["matchedInvoiceStatusId"] = idValue;
      return record;
    });
