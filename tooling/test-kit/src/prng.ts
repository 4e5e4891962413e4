import { createSeededRandom } from "@reliable-channel/interfaces";

/** A seeded uniform generator in `[0, 1)`: the same seed always replays the same run. */
export type Prng = () => number;

/**
 * A {@link Prng} from an integer seed: `next` of the workspace's one seeded PRNG (`createSeededRandom` of
 * `@reliable-channel/interfaces`). Not cryptographic: for tests, simulations and benchmarks only.
 */
export function createPrng(seed: number): Prng {
  return createSeededRandom(seed).next;
}

/** A uniform integer in `[min, max]`. */
export function uniformInt(prng: Prng, min: number, max: number): number {
  return min + Math.floor(prng() * (max - min + 1));
}

/** `count` distinct items of `items`, chosen uniformly (partial Fisher–Yates). */
export function sample<T>(prng: Prng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(prng() * (pool.length - i));
    const a = pool[i];
    const b = pool[j];
    if (a === undefined || b === undefined) break;
    pool[i] = b;
    pool[j] = a;
  }
  return pool.slice(0, n);
}
