/**
 * The contracts of the payments area's record stores, one suite per port: financial accounts,
 * custom attribute definitions, payment requests, bank statement entries and payment files.
 * Each keeps values exactly (decimals included), isolates organizations and keeps nothing of a
 * failed unit of work.
 */
import { describe, expect, it } from "vitest";
import { Effect, FastCheck as fc, Option } from "effect";
import type {
  BankStatementEntryStore,
  CustomAttributeDefinitionStore,
  FinancialAccountStore,
  OrganizationId,
  PaymentFileStore,
  PaymentRequestStore,
} from "@batch/core";
import {
  bankStatementEntryArb,
  customAttributeDefinitionArb,
  financialAccountArb,
  paymentRequestArb,
  storedPaymentFileArb,
} from "../arbitraries/payment-records";
import { failureOf, freshFixtures, portRunner, type StoreFixture } from "./store-fixture";

const ORG = "org-rec-1" as OrganizationId;
const OTHER_ORG = "org-rec-2" as OrganizationId;

export type PaymentRecordStoreFixture<S> = StoreFixture<S>;

export type PaymentRecordStoreHarness<S> = () => Promise<PaymentRecordStoreFixture<S>>;

/** Opens a fresh fixture per test and runs units of work on it. */
const fixtures = <S>(harness: PaymentRecordStoreHarness<S>) => {
  const open = freshFixtures(harness);
  const { run, runExit } = portRunner((stores: S) => stores);
  return {
    fresh: async () => {
      const f = await open();
      return {
        run: <A, E>(work: (stores: S) => Effect.Effect<A, E>) => run(f, work),
        exit: <A, E>(work: (stores: S) => Effect.Effect<A, E>) => runExit(f, work),
      };
    },
  };
};

const sample = <A>(arb: fc.Arbitrary<A>, n: number, seed: number): ReadonlyArray<A> => fc.sample(arb, { numRuns: n, seed });

type AccountStores = { readonly financialAccounts: FinancialAccountStore };

export const financialAccountStoreContract = (name: string, harness: PaymentRecordStoreHarness<AccountStores>) =>
  describe(`FinancialAccountStore contract: ${name}`, () => {
    const { fresh } = fixtures(harness);

    it("inserts accounts, gets them exactly and lists them by key, per organization", async () => {
      const db = await fresh();
      const accounts = [...new Map(sample(financialAccountArb, 8, 11).map((a) => [a.key, a])).values()];
      for (const a of accounts) await db.run((s) => s.financialAccounts.insert(ORG, a));
      for (const a of accounts) expect(Option.getOrThrow(await db.run((s) => s.financialAccounts.get(ORG, a.key)))).toEqual(a);
      expect((await db.run((s) => s.financialAccounts.list(ORG))).map((a) => a.key)).toEqual(accounts.map((a) => a.key).sort());
      expect(await db.run((s) => s.financialAccounts.list(OTHER_ORG))).toEqual([]);
      expect(Option.isNone(await db.run((s) => s.financialAccounts.get(OTHER_ORG, accounts[0]?.key ?? "")))).toBe(true);
    });

    it("refuses a second account with the same key in the organization only", async () => {
      const db = await fresh();
      const [a] = sample(financialAccountArb, 1, 12);
      if (a === undefined) throw new Error("no sample");
      await db.run((s) => s.financialAccounts.insert(ORG, a));
      const again = await db.exit((s) => s.financialAccounts.insert(ORG, { ...a, holderName: "Someone Else" }));
      expect(failureOf(again)).toMatchObject({ _tag: "Store.UniqueConflict", constraint: "financial_accounts.key" });
      expect(Option.getOrThrow(await db.run((s) => s.financialAccounts.get(ORG, a.key))).holderName).toBe(a.holderName);
      await db.run((s) => s.financialAccounts.insert(OTHER_ORG, a));
      expect(Option.isSome(await db.run((s) => s.financialAccounts.get(OTHER_ORG, a.key)))).toBe(true);
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const db = await fresh();
      const [a] = sample(financialAccountArb, 1, 13);
      if (a === undefined) throw new Error("no sample");
      await db.exit((s) => Effect.zipRight(s.financialAccounts.insert(ORG, a), Effect.fail("boom")));
      expect(Option.isNone(await db.run((s) => s.financialAccounts.get(ORG, a.key)))).toBe(true);
    });
  });

type DefinitionStores = { readonly customAttributes: CustomAttributeDefinitionStore };

export const customAttributeDefinitionStoreContract = (name: string, harness: PaymentRecordStoreHarness<DefinitionStores>) =>
  describe(`CustomAttributeDefinitionStore contract: ${name}`, () => {
    const { fresh } = fixtures(harness);

    it("puts definitions, replaces one by name, lists them by name, per organization", async () => {
      const db = await fresh();
      const definitions = [...new Map(sample(customAttributeDefinitionArb, 8, 21).map((d) => [d.name, d])).values()];
      for (const d of definitions) await db.run((s) => s.customAttributes.put(ORG, d));
      const [first] = definitions;
      if (first === undefined) throw new Error("no sample");
      const replaced = { ...first, required: !first.required, type: first.type === "string" ? ("number" as const) : ("string" as const) };
      await db.run((s) => s.customAttributes.put(ORG, replaced));
      expect(Option.getOrThrow(await db.run((s) => s.customAttributes.get(ORG, first.name)))).toEqual(replaced);
      expect((await db.run((s) => s.customAttributes.list(ORG))).map((d) => d.name)).toEqual(definitions.map((d) => d.name).sort());
      expect(await db.run((s) => s.customAttributes.list(OTHER_ORG))).toEqual([]);
      expect(Option.isNone(await db.run((s) => s.customAttributes.get(OTHER_ORG, first.name)))).toBe(true);
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const db = await fresh();
      const [d] = sample(customAttributeDefinitionArb, 1, 22);
      if (d === undefined) throw new Error("no sample");
      await db.exit((s) => Effect.zipRight(s.customAttributes.put(ORG, d), Effect.fail("boom")));
      expect(await db.run((s) => s.customAttributes.list(ORG))).toEqual([]);
    });
  });

type RequestStores = { readonly paymentRequests: PaymentRequestStore };

export const paymentRequestStoreContract = (name: string, harness: PaymentRecordStoreHarness<RequestStores>) =>
  describe(`PaymentRequestStore contract: ${name}`, () => {
    const { fresh } = fixtures(harness);

    it("puts requests, gets them exactly (amounts and links included) and replaces by referenceId", async () => {
      const db = await fresh();
      const requests = [...new Map(sample(paymentRequestArb, 10, 31).map((r) => [r.referenceId, r])).values()];
      for (const r of requests) await db.run((s) => s.paymentRequests.put(ORG, r));
      for (const r of requests) expect(Option.getOrThrow(await db.run((s) => s.paymentRequests.get(ORG, r.referenceId)))).toEqual(r);
      const [first] = requests;
      if (first === undefined) throw new Error("no sample");
      const linked = { ...first, party: "Renamed", line: { paymentBatchId: "f0000000-0000-4000-8000-000000000001", lineId: "f0000000-0000-4000-8000-000000000002" } };
      await db.run((s) => s.paymentRequests.put(ORG, linked));
      expect(Option.getOrThrow(await db.run((s) => s.paymentRequests.get(ORG, first.referenceId)))).toEqual(linked);
      expect(Option.isNone(await db.run((s) => s.paymentRequests.get(OTHER_ORG, first.referenceId)))).toBe(true);
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const db = await fresh();
      const [r] = sample(paymentRequestArb, 1, 32);
      if (r === undefined) throw new Error("no sample");
      await db.exit((s) => Effect.zipRight(s.paymentRequests.put(ORG, r), Effect.fail("boom")));
      expect(Option.isNone(await db.run((s) => s.paymentRequests.get(ORG, r.referenceId)))).toBe(true);
    });
  });

type EntryStores = { readonly bankStatementEntries: BankStatementEntryStore };

export const bankStatementEntryStoreContract = (name: string, harness: PaymentRecordStoreHarness<EntryStores>) =>
  describe(`BankStatementEntryStore contract: ${name}`, () => {
    const { fresh } = fixtures(harness);

    it("stores an entry once per entry key and lists a statement's entries by key", async () => {
      const db = await fresh();
      const entries = [...new Map(sample(bankStatementEntryArb, 12, 41).map((e) => [e.entryKey, e])).values()];
      for (const e of entries) expect(await db.run((s) => s.bankStatementEntries.insert(ORG, e))).toBe("Inserted");
      const [first] = entries;
      if (first === undefined) throw new Error("no sample");
      expect(await db.run((s) => s.bankStatementEntries.insert(ORG, { ...first, receivedAt: "2030-01-01T00:00:00.000Z" }))).toBe("AlreadyStored");
      expect(Option.getOrThrow(await db.run((s) => s.bankStatementEntries.get(ORG, first.entryKey)))).toEqual(first);
      const listed = await db.run((s) => s.bankStatementEntries.listByStatement(ORG, first.statementId));
      const expected = entries.filter((e) => e.statementId === first.statementId).map((e) => e.entryKey).sort();
      expect(listed.map((e) => e.entryKey)).toEqual(expected);
      expect(await db.run((s) => s.bankStatementEntries.listByStatement(OTHER_ORG, first.statementId))).toEqual([]);
      expect(await db.run((s) => s.bankStatementEntries.insert(OTHER_ORG, first))).toBe("Inserted");
    });

    it("updates a stored entry (its matched line)", async () => {
      const db = await fresh();
      const [e] = sample(bankStatementEntryArb, 1, 42);
      if (e === undefined) throw new Error("no sample");
      await db.run((s) => s.bankStatementEntries.insert(ORG, e));
      const matched = { ...e, matchedLine: { paymentBatchId: "f0000000-0000-4000-8000-000000000001", lineId: "f0000000-0000-4000-8000-000000000002" } };
      await db.run((s) => s.bankStatementEntries.update(ORG, matched));
      expect(Option.getOrThrow(await db.run((s) => s.bankStatementEntries.get(ORG, e.entryKey)))).toEqual(matched);
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const db = await fresh();
      const [e] = sample(bankStatementEntryArb, 1, 43);
      if (e === undefined) throw new Error("no sample");
      await db.exit((s) => Effect.zipRight(s.bankStatementEntries.insert(ORG, e), Effect.fail("boom")));
      expect(Option.isNone(await db.run((s) => s.bankStatementEntries.get(ORG, e.entryKey)))).toBe(true);
    });
  });

type FileStores = { readonly paymentFiles: PaymentFileStore };

export const paymentFileStoreContract = (name: string, harness: PaymentRecordStoreHarness<FileStores>) =>
  describe(`PaymentFileStore contract: ${name}`, () => {
    const { fresh } = fixtures(harness);

    it("keeps the last file of a batch exactly, replaces it, deletes it, per organization", async () => {
      const db = await fresh();
      const [a, b] = sample(storedPaymentFileArb, 2, 51);
      if (a === undefined || b === undefined) throw new Error("no sample");
      await db.run((s) => s.paymentFiles.put(ORG, a));
      expect(Option.getOrThrow(await db.run((s) => s.paymentFiles.get(ORG, a.paymentBatchId)))).toEqual(a);
      expect(Option.isNone(await db.run((s) => s.paymentFiles.get(OTHER_ORG, a.paymentBatchId)))).toBe(true);
      const newer = { ...b, paymentBatchId: a.paymentBatchId, content: `${b.content}\u00e9\u20ac` };
      await db.run((s) => s.paymentFiles.put(ORG, newer));
      expect(Option.getOrThrow(await db.run((s) => s.paymentFiles.get(ORG, a.paymentBatchId)))).toEqual(newer);
      await db.run((s) => s.paymentFiles.delete(OTHER_ORG, a.paymentBatchId));
      expect(Option.isSome(await db.run((s) => s.paymentFiles.get(ORG, a.paymentBatchId)))).toBe(true);
      await db.run((s) => s.paymentFiles.delete(ORG, a.paymentBatchId));
      await db.run((s) => s.paymentFiles.delete(ORG, a.paymentBatchId));
      expect(Option.isNone(await db.run((s) => s.paymentFiles.get(ORG, a.paymentBatchId)))).toBe(true);
    });

    it("keeps nothing of a unit of work that fails", async () => {
      const db = await fresh();
      const [a] = sample(storedPaymentFileArb, 1, 52);
      if (a === undefined) throw new Error("no sample");
      await db.exit((s) => Effect.zipRight(s.paymentFiles.put(ORG, a), Effect.fail("boom")));
      expect(Option.isNone(await db.run((s) => s.paymentFiles.get(ORG, a.paymentBatchId)))).toBe(true);
    });
  });
