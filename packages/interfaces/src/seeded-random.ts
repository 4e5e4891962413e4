import type { Random } from "./clock.js";
import { InvalidArgumentError } from "./errors.js";

/** A reproducible {@link Random}: the same seed always gives the same sequence (sfc32 generator). */
export interface SeededRandom extends Random {
  /** The seed it was created with (print it when a randomized test fails). */
  readonly seed: number;
  /** A uniform number in [0, 1). */
  next(): number;
  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /**
   * A uniform integer in [0, `bound`).
   * @throws InvalidArgumentError when `bound` is not an integer in [1, 2^32].
   */
  int(bound: number): number;
  /** `length` uniform random bytes (e.g. a message nonce). */
  bytes(length: number): Uint8Array;
  /** A new, independent generator seeded from this one (advances this one by one step). */
  fork(): SeededRandom;
}

const TWO_POW_32 = 2 ** 32;

/**
 * Creates a {@link SeededRandom} from an integer seed (any safe integer; all 53 bits are used).
 * Not cryptographically secure: for tests and simulations only.
 *
 * @throws InvalidArgumentError when `seed` is not a safe integer.
 * @example
 * ```ts
 * const random = createSeededRandom(42);
 * random.next(); // always the same number for seed 42
 * ```
 */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError(`seed must be a safe integer, got ${seed}`);
  // sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 128 bits of state.
  let a = seed >>> 0;
  let b = Math.floor(seed / TWO_POW_32) >>> 0;
  let c = 0x9e3779b9;
  let d = 1;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) nextUint32();

  const random: SeededRandom = {
    seed,
    next: () => nextUint32() / TWO_POW_32,
    nextUint32,
    int(bound: number): number {
      if (!Number.isInteger(bound) || bound < 1 || bound > TWO_POW_32) {
        throw new InvalidArgumentError(`bound must be an integer in [1, 2^32], got ${bound}`);
      }
      // Rejection sampling keeps the result uniform for bounds that do not divide 2^32.
      const limit = TWO_POW_32 - (TWO_POW_32 % bound);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % bound;
      }
    },
    bytes(length: number): Uint8Array {
      if (!Number.isInteger(length) || length < 0) {
        throw new InvalidArgumentError(`length must be a non-negative integer, got ${length}`);
      }
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i += 4) {
        let x = nextUint32();
        for (let j = i; j < Math.min(i + 4, length); j++) {
          out[j] = x & 0xff;
          x >>>= 8;
        }
      }
      return out;
    },
    fork: () => createSeededRandom(nextUint32() * 0x200000 + (nextUint32() >>> 11)),
  };
  return random;
}
