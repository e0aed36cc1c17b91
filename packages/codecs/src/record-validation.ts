/**
 * The step shared by every format: a raw record becomes a decoded item by the caller's schema,
 * numbered in payload order. Failures become field errors, so one bad record never stops the
 * stream.
 */
import { Either, type Schema } from "effect";
import { fieldErrorsOf, makeSchemaDecoder, type DecodedItem } from "@batch/core";
import type { RawRecord, RecordBatches } from "./raw-record";

/**
 * A valid item. Its position is asked of the raw record only when someone reads it: nothing does
 * for valid records in the service, and spelling "line 123456" for each of them is a measurable
 * part of decoding a large payload.
 */
class ValidItem<A> {
  readonly _tag = "Valid" as const;
  readonly #source: RawRecord;
  constructor(
    readonly itemNumber: number,
    readonly record: A,
    source: RawRecord,
  ) {
    this.#source = source;
  }
  get position(): string {
    return this.#source.position;
  }
  get raw(): Readonly<Record<string, unknown>> {
    return this.#source.raw;
  }
}

export async function* validateBatches<A, I>(
  batches: RecordBatches,
  schema: Schema.Schema<A, I>,
): AsyncGenerator<ReadonlyArray<DecodedItem<A>>, void, undefined> {
  const decode = makeSchemaDecoder(schema);
  let itemNumber = 0;
  const toItem = (record: RawRecord): DecodedItem<A> => {
    itemNumber += 1;
    if (record.errors !== undefined) return { _tag: "Invalid", itemNumber, position: record.position, errors: record.errors, raw: record.raw };
    const result = decode(record.input);
    return Either.isRight(result)
      ? new ValidItem(itemNumber, result.right, record)
      : { _tag: "Invalid", itemNumber, position: record.position, errors: fieldErrorsOf(result.left), raw: record.raw };
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
