import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gcFn: unknown = runInNewContext("gc");

/** Runs a full garbage collection (exposed at start-up), so heap readings compare like with like. */
export function collectGarbage(): void {
  if (typeof gcFn === "function") gcFn();
}

/** Heap used after a full GC, in MiB. */
export function heapMiB(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Mean of `values`. */
export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

/** Formats microseconds. */
export const us = (ms: number): string => `${(ms * 1000).toFixed(2)} µs`;
