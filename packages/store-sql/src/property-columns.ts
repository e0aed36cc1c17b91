/**
 * Entities that clients query keep each catalogue property in a column of its own (snake_case
 * of the property name), so OData filters and orders become indexed SQL. These map an entity's
 * properties to and from such a row, through the converters of columns.ts.
 */
import type { Decimal, PropertyCatalogue, PropertyType } from "@batch/core";
import { booleanFromColumn, booleanToColumn, decimalFromColumn, decimalToColumn, instantToColumn } from "./columns";

export interface PropertyColumn {
  readonly property: string;
  readonly column: string;
  readonly type: PropertyType;
}

/** `apMatchedInvoiceId` → `ap_matched_invoice_id`, `creditCardIDId` → `credit_card_id_id`, `taxExpenseGLCode` → `tax_expense_gl_code`. */
export const columnNameOf = (property: string): string =>
  property
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();

export type PropertyColumns = Readonly<Record<string, PropertyColumn>>;

export const propertyColumnsOf = (catalogue: PropertyCatalogue): PropertyColumns =>
  Object.fromEntries(
    Object.entries(catalogue.properties).map(([property, type]) => [property, { property, column: columnNameOf(property), type }]),
  );

/** A property's value as its column holds it; absent is NULL. */
export const toColumnValue = (type: PropertyType, value: unknown): unknown => {
  if (value === undefined || value === null) return null;
  switch (type) {
    case "decimal":
      return decimalToColumn(value as Decimal.Decimal);
    case "boolean":
      return booleanToColumn(value as boolean);
    case "date-time":
      return instantToColumn(value as string);
    default:
      return value;
  }
};

const fromColumnValue = (type: PropertyType, value: unknown): unknown => {
  switch (type) {
    case "decimal":
      return decimalFromColumn(value as string);
    case "boolean":
      return booleanFromColumn(value);
    case "integer":
      return Number(value);
    default:
      return value;
  }
};

/** The entity's properties as column values. */
export const rowOf = (columns: PropertyColumns, entity: object): Record<string, unknown> => {
  const values = entity as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  // Once per applied record, for every column: a plain loop over a list computed once.
  for (const c of listOf(columns)) row[c.column] = toColumnValue(c.type, values[c.property]);
  return row;
};

const lists = new WeakMap<PropertyColumns, ReadonlyArray<PropertyColumn>>();
const listOf = (columns: PropertyColumns): ReadonlyArray<PropertyColumn> => {
  let list = lists.get(columns);
  if (list === undefined) {
    list = Object.values(columns);
    lists.set(columns, list);
  }
  return list;
};

/** The properties a row holds; NULL columns are left out (absent). */
export const propertiesOf = (columns: PropertyColumns, row: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const c of listOf(columns)) {
    const value = row[c.column];
    if (value !== null && value !== undefined) out[c.property] = fromColumnValue(c.type, value);
  }
  return out;
};
