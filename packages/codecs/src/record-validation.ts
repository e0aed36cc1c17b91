/**
 * The step shared by every format: a raw record becomes a decoded item by the caller's schema,
 * numbered in payload order. Failures become field errors, so one bad record never stops the
 * stream.
 */
import { Either, Schema } from "effect";
import { fieldErrorsOf, type DecodedItem } from "@batch/core";
import type { RawRecord, RecordBatches } from "./raw-record";

export async function* validateBatches<A, I>(
  batches: RecordBatches,
  schema: Schema.Schema<A, I>,
): AsyncGenerator<ReadonlyArray<DecodedItem<A>>, void, undefined> {
  const decode = Schema.decodeUnknownEither(schema, { errors: "all" });
  let itemNumber = 0;
  const toItem = (record: RawRecord): DecodedItem<A> => {
    itemNumber += 1;
    const { position, raw } = record;
    if (record.errors !== undefined) return { _tag: "Invalid", itemNumber, position, errors: record.errors, raw };
    const result = decode(record.input);
    return Either.isRight(result)
      ? { _tag: "Valid", itemNumber, position, record: result.right, raw }
      : { _tag: "Invalid", itemNumber, position, errors: fieldErrorsOf(result.left), raw };
  };
  for await (const batch of batches) {
    if (batch.length > 0) yield batch.map(toItem);
  }
}

/**
 * One element at a time out of a stream of arrays. A hand-written iterator rather than an async
 * generator: an element already at hand costs one resolved promise and nothing more, and closing
 * it early (a consumer's `break`) closes the source, which closes the payload stream.
 */
export const flatten = <T>(batches: AsyncIterable<ReadonlyArray<T>>): AsyncIterable<T> => ({
  [Symbol.asyncIterator](): AsyncIterator<T> {
    const source = batches[Symbol.asyncIterator]();
    let buffer: ReadonlyArray<T> = [];
    let index = 0;
    let finished = false;
    const refill = async (): Promise<IteratorResult<T>> => {
      while (index >= buffer.length) {
        if (finished) return { done: true, value: undefined };
        const result = await source.next();
        if (result.done === true) {
          finished = true;
          buffer = [];
        } else {
          buffer = result.value;
        }
        index = 0;
      }
      return { done: false, value: buffer[index++] as T };
    };
    return {
      next: () => (index < buffer.length ? Promise.resolve({ done: false, value: buffer[index++] as T }) : refill()),
      return: async (): Promise<IteratorResult<T>> => {
        if (!finished) {
          finished = true;
          buffer = [];
          await source.return?.();
        }
        return { done: true, value: undefined };
      },
    };
  },
});
