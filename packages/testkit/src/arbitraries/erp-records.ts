/** Arbitraries for the master-data records of inbound ERP batches (COMPANY, COMPANY_CODE, PURCHASE_ORDER), as decoded. */
import { FastCheck as fc } from "effect";
import { currencyCodes, Decimal, fractionDigitsOf, PurchaseOrderTypes, type Company, type CompanyCode, type PurchaseOrder } from "@batch/core";

/** Text as a decoded field holds it: trimmed, never empty. */
export const erpTextArb: fc.Arbitrary<string> = fc
  .string({ minLength: 1, maxLength: 24 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

/** Natural keys from a small pool, so upserts meet the same records again. */
export const erpKeyArb = (pool = 8): fc.Arbitrary<string> => fc.integer({ min: 1, max: pool }).map((n) => `K-${n}`);

const optional = <A>(arb: fc.Arbitrary<A>) => fc.option(arb, { nil: undefined });
const defined = <R extends Record<string, unknown>>(record: R) =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as { [K in keyof R]: Exclude<R[K], undefined> };

export const erpCurrencyArb: fc.Arbitrary<string> = fc.constantFrom(...currencyCodes);

export const erpDateArb: fc.Arbitrary<string> = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** An exact amount with at most `digits` fraction digits. */
export const erpAmountArb = (digits = 2): fc.Arbitrary<Decimal.Decimal> =>
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((minor) => Decimal.fromMinor(minor, digits));

export const companyArb = (keys = erpKeyArb()): fc.Arbitrary<Company> =>
  fc
    .record({ referenceId: keys, name: optional(erpTextArb), registeredCountry: optional(fc.constantFrom("DE", "FR", "US", "JP")), registeredRegion: optional(erpTextArb) })
    .map((r) => defined(r) as Company);

export const companyCodeArb = (keys = erpKeyArb()): fc.Arbitrary<CompanyCode> =>
  fc
    .record({
      referenceId: keys,
      code: erpTextArb,
      name: optional(erpTextArb),
      companyReferenceId: optional(erpKeyArb()),
      currency: optional(erpCurrencyArb),
      country: optional(fc.constantFrom("DE", "FR", "US", "JP")),
    })
    .map((r) => defined(r) as CompanyCode);

export const purchaseOrderArb = (keys = erpKeyArb()): fc.Arbitrary<PurchaseOrder> =>
  fc
    .tuple(keys, erpTextArb, optional(fc.constantFrom(...PurchaseOrderTypes)), optional(erpDateArb), optional(erpCurrencyArb), fc.boolean())
    .chain(([purchaseOrderNo, vendorNo, poType, orderDate, currency, withAmount]) =>
      (withAmount ? erpAmountArb(currency === undefined ? 2 : (fractionDigitsOf(currency) ?? 2)).map((a): Decimal.Decimal | undefined => a) : fc.constant(undefined)).map(
        (totalAmount) => defined({ purchaseOrderNo, vendorNo, poType, orderDate, currency, totalAmount }) as PurchaseOrder,
      ),
    );
