import { describe, expect, it } from "vitest";
import { Effect, Either, Schema } from "effect";
import { makeItemAppliers, payloadRecordSchemas, PayloadObjectTypes } from "../src";

const ids = { uuid: Effect.succeed("00000000-0000-4000-8000-000000000001") };

describe("the payload registry", () => {
  const appliers = makeItemAppliers({ ids });

  it("has an applier and a schema for every payload object type, and they agree", () => {
    for (const type of PayloadObjectTypes) {
      expect(appliers[type].payloadObjectType, type).toBe(type);
      expect(payloadRecordSchemas[type].isoMessage, type).toBe(appliers[type].isoMessage);
    }
    expect(Object.keys(payloadRecordSchemas).sort()).toEqual([...PayloadObjectTypes].sort());
  });

  it("validates a record with the schema the worker applies", () => {
    const decode = Schema.decodeUnknownEither(payloadRecordSchemas.COMPANY.schema);
    expect(Either.isRight(decode({ referenceId: "C-1", name: "Acme" }))).toBe(true);
    const missing = decode({ name: "Acme" });
    expect(Either.isLeft(missing) && missing.left.message).toContain("referenceId");
  });
});
