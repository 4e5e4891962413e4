import type { Random } from "@reliable-channel/interfaces";

const BATCH = 256;

/**
 * Uniform random numbers in [0, 1) from the platform's cryptographic generator (`crypto.getRandomValues`),
 * drawn in batches. The default {@link Random} of a channel: jitter and nonces are unpredictable.
 */
export function cryptoRandom(): Random {
  const buffer = new Uint32Array(BATCH);
  let index = BATCH;
  return {
    next(): number {
      if (index >= BATCH) {
        globalThis.crypto.getRandomValues(buffer);
        index = 0;
      }
      const value = buffer[index] ?? 0;
      index += 1;
      return value / 0x1_0000_0000;
    },
  };
}

/** Fills a new array of `length` bytes from `random` (used for message nonces, so tests stay seeded). */
export function randomBytes(random: Random, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = Math.floor(random.next() * 256);
  return bytes;
}
