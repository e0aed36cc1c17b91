/**
 * How the rows of each eBill-Import sub-operation reach the receivable books. Shared by the JSON
 * upload (seed 002) and the CSV worker (seed 004). Applying is idempotent: a row applied again
 * leaves the same records and balances (see records/receivable-document.ts), so a worker that
 * crashed may run a file again.
 */
import { Effect, Either, Option, type Schema } from "effect";
import type { ImportSubOperation } from "../../batch-process/batch-process.state";
import type { FieldError, Instant, OrganizationId } from "../../kernel";
import * as Decimal from "../../money/decimal";
import type { StoreUnavailable } from "../../ports/errors";
import type { ReceivableStores } from "../../ports/receivable-stores";
import { CustomerRecord, importCustomer } from "../../records/customer";
import type { ItemOutcome } from "../../records/item-applier";
import { LineItemRecord, importLineItem, lineItemKeyText } from "../../records/line-item";
import { ReceivableDocumentRecord, documentKeyText, importDocument } from "../../records/receivable-document";

export interface ReceivableRowContext {
  readonly orgId: OrganizationId;
  readonly at: Instant;
}

export interface ReceivableRow<A> {
  readonly itemNumber: number;
  readonly record: A;
}

export interface ReceivableRowApplier<A> {
  readonly schema: Schema.Schema<A, unknown>;
  /** Applies valid rows in order inside the caller's unit of work: one outcome per row. */
  readonly apply: (stores: ReceivableStores, context: ReceivableRowContext, rows: ReadonlyArray<ReceivableRow<A>>) => Effect.Effect<ReadonlyArray<ItemOutcome>, StoreUnavailable>;
}

const applied = (itemNumber: number, key: string): ItemOutcome => ({ _tag: "Applied", itemNumber, key });
const rejected = (itemNumber: number, key: string, errors: ReadonlyArray<FieldError>): ItemOutcome => ({ _tag: "Rejected", itemNumber, key, errors });

const eachRow = <A>(rows: ReadonlyArray<ReceivableRow<A>>, apply: (row: ReceivableRow<A>) => Effect.Effect<ItemOutcome, StoreUnavailable>) =>
  Effect.forEach(rows, apply);

export const customerRows: ReceivableRowApplier<CustomerRecord> = {
  schema: CustomerRecord as Schema.Schema<CustomerRecord, unknown>,
  apply: ({ customers }, { orgId, at }, rows) =>
    eachRow(rows, ({ itemNumber, record }) =>
      Effect.gen(function* () {
        const existing = yield* customers.get(orgId, record.customerno);
        yield* customers.put(orgId, importCustomer(Option.getOrUndefined(existing), record, at));
        return applied(itemNumber, record.customerno);
      }),
    ),
};

export const invoiceRows: ReceivableRowApplier<ReceivableDocumentRecord> = {
  schema: ReceivableDocumentRecord as Schema.Schema<ReceivableDocumentRecord, unknown>,
  apply: ({ customers, receivableDocuments }, { orgId, at }, rows) =>
    eachRow(rows, ({ itemNumber, record }) =>
      Effect.gen(function* () {
        const key = documentKeyText(record);
        const customer = yield* customers.get(orgId, record.customerNumber);
        if (Option.isNone(customer)) {
          return rejected(itemNumber, key, [{ field: "customerNumber", message: `no customer ${record.customerNumber}: import the customer first` }]);
        }
        const existing = yield* receivableDocuments.get(orgId, record);
        const imported = importDocument(Option.getOrUndefined(existing), record, at);
        if (Either.isLeft(imported)) return rejected(itemNumber, key, imported.left);
        const { document, balanceDelta } = imported.right;
        yield* receivableDocuments.put(orgId, document);
        if (!Decimal.isZero(balanceDelta)) {
          yield* customers.put(orgId, { ...customer.value, balance: Decimal.add(customer.value.balance, balanceDelta), updatedAt: at });
        }
        return applied(itemNumber, key);
      }),
    ),
};

export const lineItemRows: ReceivableRowApplier<LineItemRecord> = {
  schema: LineItemRecord as Schema.Schema<LineItemRecord, unknown>,
  apply: ({ receivableDocuments, lineItems }, { orgId, at }, rows) =>
    eachRow(rows, ({ itemNumber, record }) =>
      Effect.gen(function* () {
        const key = lineItemKeyText(record);
        const document = yield* receivableDocuments.get(orgId, record);
        const existing = yield* lineItems.get(orgId, record);
        const imported = importLineItem(Option.getOrUndefined(existing), record, Option.getOrUndefined(document), at);
        if (Either.isLeft(imported)) return rejected(itemNumber, key, imported.left);
        yield* lineItems.put(orgId, imported.right);
        return applied(itemNumber, key);
      }),
    ),
};

/** Runs `use` with the applier of a sub-operation, keeping its record type. */
export const withRowApplier = <R>(subOperation: ImportSubOperation, use: <A>(applier: ReceivableRowApplier<A>) => R): R => {
  switch (subOperation) {
    case "Customer":
      return use(customerRows);
    case "Invoice":
      return use(invoiceRows);
    case "Invoice Line Item":
      return use(lineItemRows);
  }
};

/** A row's errors as one cell of the output CSV. */
export const rowErrorText = (errors: ReadonlyArray<FieldError>): string =>
  errors.map((e) => (e.field === "" ? e.message : `${e.field}: ${e.message}`)).join("; ");
