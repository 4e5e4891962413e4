import { describe, expect, it } from "vitest";
import { createMemoryNetwork, createSeededRandom } from "../src/index.js";

const SEED = 100_000;
const MESSAGES = 100_000;
const PEERS = 20;
const LOSS = 0.3;
const BATCH = 2_000;

const equal = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean => {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Payload `i` starts with `i` (big-endian uint32), so a receiver can find what it should be. */
const indexOf = (bytes: Uint8Array): number =>
  ((bytes[0] ?? 0xff) * 2 ** 24 + (bytes[1] ?? 0) * 2 ** 16 + (bytes[2] ?? 0) * 2 ** 8 + (bytes[3] ?? 0)) | 0;

describe("stress", () => {
  // Took 3–14 s on a shared 2-core machine (depending on the load); the timeout only bounds a hang.
  it(`10^5 messages among 20 peers with 30 % loss: the store holds exactly what was published (seed ${SEED})`, {
    timeout: 60_000,
  }, async () => {
    const network = createMemoryNetwork({ seed: SEED, loss: LOSS });
    const traffic = createSeededRandom(SEED).fork();
    const transports = Array.from({ length: PEERS }, (_, i) => network.join(`peer-${i}`));
    const published: { readonly bytes: Uint8Array; readonly hint: Uint8Array | undefined }[] = [];
    let received = 0;
    let corrupted = 0;
    for (const transport of transports) {
      transport.subscribe((bytes, meta) => {
        received++;
        const expected = published[indexOf(bytes)];
        if (!equal(expected?.bytes, bytes) || !equal(expected?.hint, meta.retrievalHint)) corrupted++;
      });
    }
    await Promise.all(transports.map((t) => t.start()));

    for (let i = 0; i < MESSAGES; i++) {
      const bytes = traffic.bytes(16 + traffic.int(48));
      new DataView(bytes.buffer).setUint32(0, i);
      const from = transports[traffic.int(PEERS)];
      const { retrievalHint } = (await from?.publish(bytes)) ?? {};
      published.push({ bytes, hint: retrievalHint });
      if (i % BATCH === BATCH - 1) network.clock.runUntilIdle();
    }

    const stats = network.stats();
    expect(stats.published, `seed ${SEED}`).toBe(MESSAGES);
    expect(corrupted, `seed ${SEED}`).toBe(0);
    expect(received).toBe(stats.delivered);
    expect(stats.delivered + stats.dropped.loss).toBe(MESSAGES * PEERS);
    expect(Math.abs(stats.dropped.loss / (MESSAGES * PEERS) - LOSS), `seed ${SEED}`).toBeLessThan(0.005);

    expect(network.store.size).toBe(MESSAGES);
    let index = 0;
    for (const stored of network.store.entries()) {
      if (
        !equal(published[index]?.bytes, stored.bytes) ||
        !equal(published[index]?.hint, stored.retrievalHint)
      ) {
        corrupted++;
      }
      index++;
    }
    for (let start = 0; start < MESSAGES; start += BATCH) {
      const chunk = published.slice(start, start + BATCH);
      const reader = transports[traffic.int(PEERS)];
      const found = (await reader?.retrieve(chunk.map((p) => p.hint ?? new Uint8Array()))) ?? [];
      expect(found).toHaveLength(chunk.length);
      for (const [i, payload] of found.entries()) {
        if (!equal(chunk[i]?.bytes, payload.bytes) || !equal(chunk[i]?.hint, payload.retrievalHint))
          corrupted++;
      }
    }
    expect(corrupted, `seed ${SEED}`).toBe(0);
  });
});
