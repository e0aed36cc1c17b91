/** Helpers for the codec tests: payloads as byte streams, and collecting streams. */
import { Effect, Schema, type Either } from "effect";
import type { DecodedItem, DecodeRequest, PayloadFormat } from "@batch/core";
import { makeRecordDecoder, type DecodeLimits } from "../src/index";

/** A payload split into chunks of `chunkSize` bytes (to exercise every boundary). */
export async function* bytesOf(payload: string | Uint8Array, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

export const concatBytes = async (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> => Buffer.concat(await collect(chunks));

export const decodeAll = <A, I>(
  request: Omit<DecodeRequest<A, I>, "bytes"> & { readonly payload: string | Uint8Array; readonly chunkSize?: number },
  limits: Partial<DecodeLimits> = {},
): Promise<DecodedItem<A>[]> =>
  collect(makeRecordDecoder(limits).decode({ ...request, bytes: bytesOf(request.payload, request.chunkSize) }));

/** The rejection of a decode, for payloads that must fail as a whole. */
export const decodeFailure = async <A, I>(
  request: Omit<DecodeRequest<A, I>, "bytes"> & { readonly payload: string | Uint8Array; readonly chunkSize?: number },
  limits: Partial<DecodeLimits> = {},
): Promise<unknown> => {
  try {
    await decodeAll(request, limits);
  } catch (error) {
    return error;
  }
  throw new Error("expected the payload to be refused");
};

export const valid = <A>(items: ReadonlyArray<DecodedItem<A>>): A[] =>
  items.flatMap((item) => (item._tag === "Valid" ? [item.record] : []));

export const formats: ReadonlyArray<Exclude<PayloadFormat, "ISO">> = ["JSON", "CSV", "XML"];

/** Runs an Effect that must succeed. */
export const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect);

export const runEither = <A, E>(effect: Effect.Effect<A, E>): Promise<Either.Either<A, E>> => Effect.runPromise(Effect.either(effect));

/** A record schema of plain text fields, for tests that look at the decoders, not at schemas. */
export const TextRecord = Schema.Record({ key: Schema.String, value: Schema.Unknown });
