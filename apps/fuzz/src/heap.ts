import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Heap samples of a run: after a full collection where the runtime allows one. */
export interface HeapTracker {
  /** Takes a sample (MiB of used heap). */
  sample(): number;
  readonly first: number;
  readonly peak: number;
  readonly last: number;
}

function collector(): (() => void) | undefined {
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? () => gc() : undefined;
  } catch {
    return undefined;
  }
}

/** A tracker; its samples follow a full garbage collection when one can be forced. */
export function trackHeap(): HeapTracker {
  const gc = collector();
  let [first, peak, last] = [Number.NaN, 0, 0];
  return {
    sample() {
      gc?.();
      last = process.memoryUsage().heapUsed / 2 ** 20;
      if (Number.isNaN(first)) first = last;
      peak = Math.max(peak, last);
      return last;
    },
    get first() {
      return first;
    },
    get peak() {
      return peak;
    },
    get last() {
      return last;
    },
  };
}
