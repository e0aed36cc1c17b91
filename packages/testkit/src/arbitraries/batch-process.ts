/**
 * Arbitraries for the BatchProcess decider: commands over a small pool of ids (so parents, children
 * and steps meet again), with counts that mostly add up and sometimes do not, for property tests
 * that fold random command sequences.
 */
import { Either, FastCheck as fc } from "effect";
import {
  BatchInitSteps,
  BatchProcessTerminalStatuses,
  ImportSubOperations,
  batchProcessInputKey,
  batchProcessOutputKey,
  type Actor,
  type BatchProcessCommand,
  type BlobKey,
  type OrganizationId,
} from "@batch/core";

export const BATCH_PROCESS_ORG = "org-ebill-1" as OrganizationId;
/** The id of the process a command sequence works on; the others are its relatives. */
export const BATCH_PROCESS_ID = 1;

const key = (k: Either.Either<BlobKey, unknown>): BlobKey => Either.getOrThrow(k);

/** Ids of the pool, now and then one that is no id at all. */
const relativeIdArb = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -3, 1.5) });
const ownIdArb = fc.oneof({ weight: 9, arbitrary: fc.constant(BATCH_PROCESS_ID) }, { weight: 1, arbitrary: fc.constantFrom(0, 2) });
const jobIdArb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom("JOB_A", "JOB_B", "AUG_2020_INV") }, { weight: 1, arbitrary: fc.constantFrom("", " ", "x".repeat(256)) });
const optionalJobId = fc.option(jobIdArb, { nil: undefined });

export const batchProcessActorArb: fc.Arbitrary<Actor> = fc.constantFrom(
  { id: "11111111-1111-4111-8111-111111111111", name: "ERP client" },
  { id: "22222222-2222-4222-8222-222222222222", name: "batch worker" },
);

/** Increasing-enough instants: commands need not be in time order for the decider. */
export const batchProcessInstantArb: fc.Arbitrary<string> = fc
  .integer({ min: 0, max: 10_000 })
  .map((minute) => new Date(Date.parse("2026-03-01T00:00:00.000Z") + minute * 60_000).toISOString());

const stamp = fc.record({ at: batchProcessInstantArb, actor: batchProcessActorArb });
const linkArb = fc.record({ id: relativeIdArb, jobId: optionalJobId }).map(({ id, jobId }) => (jobId === undefined ? { id } : { id, jobId }));

const countsArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(fc.oneof(fc.constant(0), fc.nat({ max: 50 })), fc.oneof(fc.constant(0), fc.nat({ max: 50 }))).map(([s, f]) => ({ rowsRead: s + f, successCount: s, failCount: f })),
  },
  { weight: 1, arbitrary: fc.record({ rowsRead: fc.integer({ min: -2, max: 60 }), successCount: fc.integer({ min: -2, max: 50 }), failCount: fc.nat({ max: 50 }) }) },
);

export const batchProcessCommandArb: fc.Arbitrary<BatchProcessCommand> = fc.oneof(
  fc
    .tuple(stamp, ownIdArb, jobIdArb, fc.constantFrom(...ImportSubOperations), fc.option(linkArb, { nil: undefined }), fc.option(fc.constant("INV.csv"), { nil: undefined }))
    .map(([s, id, jobId, subOperation, parent, inputFilename]): BatchProcessCommand => ({
      _tag: "CreateUpload",
      ...s,
      orgId: BATCH_PROCESS_ORG,
      id,
      jobId,
      subOperation,
      inputKey: key(batchProcessInputKey(BATCH_PROCESS_ORG, Math.max(1, Math.trunc(id)))),
      ...(parent === undefined ? {} : { parent }),
      ...(inputFilename === undefined ? {} : { inputFilename }),
    })),
  fc
    .tuple(stamp, ownIdArb, jobIdArb, fc.constantFrom("Customer" as const, "Invoice" as const))
    .map(([s, id, jobId, subOperation]): BatchProcessCommand => ({ _tag: "StartJsonImport", ...s, orgId: BATCH_PROCESS_ORG, id, jobId, subOperation })),
  fc
    .tuple(stamp, ownIdArb, jobIdArb, fc.subarray([...BatchInitSteps]), fc.array(relativeIdArb, { minLength: 4, maxLength: 4 }))
    .map(([s, id, jobId, steps, ids]): BatchProcessCommand => ({
      _tag: "StartBatchInit",
      ...s,
      orgId: BATCH_PROCESS_ORG,
      id,
      jobId,
      steps: steps.map((step, i) => ({ step, id: ids[i] ?? 2 })),
    })),
  fc
    .tuple(stamp, ownIdArb, fc.constantFrom(...BatchInitSteps), linkArb)
    .map(([s, id, step, parent]): BatchProcessCommand => ({ _tag: "StartBatchInitStep", ...s, orgId: BATCH_PROCESS_ORG, id, step, parent })),
  fc.tuple(stamp, linkArb).map(([s, child]): BatchProcessCommand => ({ _tag: "AttachChild", ...s, child })),
  fc
    .tuple(stamp, fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000 })), { nil: undefined, freq: 4 }), fc.boolean())
    .map(([s, inputBytes, viaParent]): BatchProcessCommand => ({ _tag: "Finalize", ...s, inputBytes, viaParent })),
  stamp.map((s): BatchProcessCommand => ({ _tag: "Claim", ...s })),
  fc
    .tuple(stamp, relativeIdArb, fc.constantFrom(...BatchProcessTerminalStatuses))
    .map(([s, childId, status]): BatchProcessCommand => ({ _tag: "RecordChildOutcome", ...s, childId, status })),
  fc
    .tuple(stamp, countsArb, fc.boolean(), fc.option(fc.constantFrom("the input file is unreadable at line 3: a quoted field is not closed", ""), { nil: undefined, freq: 5 }))
    .map(([s, counts, withOutput, failure]): BatchProcessCommand => ({
      _tag: "Complete",
      ...s,
      ...counts,
      ...(withOutput ? { outputKey: key(batchProcessOutputKey(BATCH_PROCESS_ORG, BATCH_PROCESS_ID)) } : {}),
      ...(failure === undefined ? {} : { failure }),
    })),
);

const validCountsArb = fc
  .tuple(fc.oneof(fc.constant(0), fc.nat({ max: 50 })), fc.oneof(fc.constant(0), fc.nat({ max: 50 })))
  .map(([successCount, failCount]) => ({ rowsRead: successCount + failCount, successCount, failCount }));

const SCENARIOS = ["Customer", "Invoice", "Invoice Line Item", "JSON", "BatchInit", "BatchInitStep"] as const;

/** The life of one process that the decider accepts, start to end, of a random kind. */
const lifeArb: fc.Arbitrary<ReadonlyArray<BatchProcessCommand>> = fc
  .tuple(fc.constantFrom(...SCENARIOS), fc.subarray([2, 3, 4]), fc.subarray([...BatchInitSteps]), validCountsArb, stamp, fc.boolean())
  .map(([kind, childIds, steps, counts, s, failed]): ReadonlyArray<BatchProcessCommand> => {
    const base = { ...s, orgId: BATCH_PROCESS_ORG, id: BATCH_PROCESS_ID };
    const parent = { id: 9, jobId: "PARENT" };
    const succeeded: BatchProcessCommand = { _tag: "Complete", ...s, ...counts, outputKey: key(batchProcessOutputKey(BATCH_PROCESS_ORG, BATCH_PROCESS_ID)) };
    const complete: BatchProcessCommand = failed ? { ...succeeded, failure: "the input file is unreadable at line 2: a quote inside an unquoted field" } : succeeded;
    const outcomes = (ids: ReadonlyArray<number>): ReadonlyArray<BatchProcessCommand> =>
      ids.map((childId) => ({ _tag: "RecordChildOutcome", ...s, childId, status: BatchProcessTerminalStatuses[childId % 3] ?? "Success" }));
    const inputKey = key(batchProcessInputKey(BATCH_PROCESS_ORG, BATCH_PROCESS_ID));
    switch (kind) {
      case "Customer":
      case "Invoice": {
        const children = kind === "Invoice" ? childIds : [];
        return [
          { _tag: "CreateUpload", ...base, jobId: "JOB_A", subOperation: kind, inputKey },
          ...children.map((id): BatchProcessCommand => ({ _tag: "AttachChild", ...s, child: { id, jobId: `ITM_${id}` } })),
          { _tag: "Finalize", ...s, inputBytes: 100, viaParent: false },
          { _tag: "Claim", ...s },
          ...outcomes(children),
          complete,
        ];
      }
      case "Invoice Line Item":
        return [
          { _tag: "CreateUpload", ...base, jobId: "ITM_1", subOperation: kind, inputKey, parent },
          { _tag: "Finalize", ...s, inputBytes: 100, viaParent: true },
          { _tag: "Claim", ...s },
          complete,
        ];
      case "JSON":
        return [{ _tag: "StartJsonImport", ...base, jobId: "JSON_1", subOperation: "Invoice" }, complete];
      case "BatchInit":
        return [
          { _tag: "StartBatchInit", ...base, jobId: "INIT", steps: steps.map((step, i) => ({ step, id: i + 2 })) },
          ...outcomes(steps.map((_, i) => i + 2)),
          { _tag: "Complete", ...s, rowsRead: 0, successCount: 0, failCount: 0 },
        ];
      case "BatchInitStep":
        return [{ _tag: "StartBatchInitStep", ...base, step: steps[0] ?? "carryForwardInvoice", parent }, succeeded];
    }
  });

/** A process's life with random commands in between and now and then a step of it left out. */
const disturbedLifeArb: fc.Arbitrary<ReadonlyArray<BatchProcessCommand>> = lifeArb.chain((life) =>
  fc
    .tuple(
      fc.array(fc.array(batchProcessCommandArb, { maxLength: 2 }), { minLength: life.length, maxLength: life.length }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: life.length, maxLength: life.length }),
      fc.array(batchProcessCommandArb, { maxLength: 4 }),
    )
    .map(([noise, keep, tail]) => [...life.flatMap((command, i) => [...(noise[i] ?? []), ...(keep[i] === 0 ? [] : [command])]), ...tail]),
);

/** Command sequences that reach every status, children and parents included, as well as random ones. */
export const batchProcessCommandsArb: fc.Arbitrary<ReadonlyArray<BatchProcessCommand>> = fc.oneof(
  { weight: 3, arbitrary: disturbedLifeArb },
  { weight: 1, arbitrary: fc.array(batchProcessCommandArb, { maxLength: 40 }) },
);
