import { InvalidArgumentError, type Random } from "@reliable-channel/interfaces";

/**
 * How long (ms) one delivery takes: a fixed number, a uniform range, or any distribution drawn from the
 * network's seeded random source (e.g. {@link exponentialLatency}).
 */
export type Latency = number | UniformLatency | ((random: Random) => number);

/** A delay drawn uniformly from [`minMs`, `maxMs`] (ms). */
export interface UniformLatency {
  readonly minMs: number;
  readonly maxMs: number;
}

/**
 * A long-tailed latency: `minMs` plus an exponentially distributed extra delay with mean `meanExtraMs` (ms),
 * capped at `maxMs` (ms).
 */
export function exponentialLatency(
  minMs: number,
  meanExtraMs: number,
  maxMs: number = minMs + 20 * meanExtraMs,
): (random: Random) => number {
  return (random: Random): number => Math.min(maxMs, minMs - meanExtraMs * Math.log(1 - random.next()));
}

/** Checks a {@link Latency} option. @throws InvalidArgumentError when a bound is negative or not finite. */
export function validateLatency(latency: Latency): Latency {
  if (typeof latency === "function") return latency;
  const [min, max] = typeof latency === "number" ? [latency, latency] : [latency.minMs, latency.maxMs];
  if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || max < min) {
    throw new InvalidArgumentError(`latency must satisfy 0 <= minMs <= maxMs (finite), got ${min}..${max}`);
  }
  return latency;
}

/** Draws one delay (ms) from `latency`; a distribution that returns a bad value counts as 0. */
export function sampleLatency(latency: Latency, random: Random): number {
  let delay: number;
  if (typeof latency === "number") delay = latency;
  else if (typeof latency === "function") delay = latency(random);
  else delay = latency.minMs + (latency.maxMs - latency.minMs) * random.next();
  return Number.isFinite(delay) && delay > 0 ? delay : 0;
}
