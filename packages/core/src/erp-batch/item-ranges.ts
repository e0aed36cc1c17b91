/**
 * Sets of item numbers as sorted, disjoint, non-adjacent inclusive runs, so acknowledging all of
 * a large outbound batch stays one pair `[1, n]` in the state.
 */
import type { ErpItemRange } from "./erp-batch.state";

/** The runs covering `numbers` (any order, repeats allowed; callers pass whole numbers). */
export const rangesOf = (numbers: ReadonlyArray<number>): ReadonlyArray<ErpItemRange> => {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
};

/** Everything in `a` or `b`. */
export const unionRanges = (a: ReadonlyArray<ErpItemRange>, b: ReadonlyArray<ErpItemRange>): ReadonlyArray<ErpItemRange> => {
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [first, last] of all) {
    const prev = out[out.length - 1];
    if (prev !== undefined && first <= prev[1] + 1) prev[1] = Math.max(prev[1], last);
    else out.push([first, last]);
  }
  return out;
};

/** What is in `a` but not in `b`. */
export const subtractRanges = (a: ReadonlyArray<ErpItemRange>, b: ReadonlyArray<ErpItemRange>): ReadonlyArray<ErpItemRange> => {
  const out: Array<ErpItemRange> = [];
  for (const [first, last] of a) {
    let start = first;
    for (const [bFirst, bLast] of b) {
      if (bLast < start || bFirst > last) continue;
      if (bFirst > start) out.push([start, bFirst - 1]);
      start = Math.max(start, bLast + 1);
      if (start > last) break;
    }
    if (start <= last) out.push([start, last]);
  }
  return out;
};

export const rangeCount = (ranges: ReadonlyArray<ErpItemRange>): number =>
  ranges.reduce((n, [first, last]) => n + last - first + 1, 0);

/** True for sorted, disjoint, non-adjacent runs of whole numbers within 1..max. */
export const rangesWellFormed = (ranges: ReadonlyArray<ErpItemRange>, max: number): boolean =>
  ranges.every(
    ([first, last], i) =>
      Number.isSafeInteger(first) &&
      Number.isSafeInteger(last) &&
      first >= 1 &&
      first <= last &&
      last <= max &&
      (i === 0 || first > (ranges[i - 1]?.[1] ?? 0) + 1),
  );
