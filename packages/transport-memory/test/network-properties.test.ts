import { toHex } from "@reliable-channel/hash";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryNetwork } from "../src/index.js";

const PROPERTY_SEED = 4_242;

interface Scenario {
  readonly seed: number;
  readonly loss: number;
  readonly duplication: number;
  readonly reorder: number;
  readonly peers: number;
  readonly sends: readonly { readonly from: number; readonly size: number; readonly waitMs: number }[];
}

const scenario = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  loss: fc.double({ min: 0, max: 1, noNaN: true }),
  duplication: fc.double({ min: 0, max: 1, noNaN: true }),
  reorder: fc.double({ min: 0, max: 1, noNaN: true }),
  peers: fc.integer({ min: 1, max: 5 }),
  sends: fc.array(
    fc.record({
      from: fc.nat(),
      size: fc.integer({ min: 0, max: 40 }),
      waitMs: fc.integer({ min: 0, max: 60 }),
    }),
    { maxLength: 40 },
  ),
});

/** Runs `s`; returns what each peer received (hex) and what was published (hex by hint). */
async function run(s: Scenario) {
  const network = createMemoryNetwork({ ...s, latency: { minMs: 1, maxMs: 30 } });
  const received: string[][] = [];
  const transports = Array.from({ length: s.peers }, (_, i) => {
    const transport = network.join(`p${i}`);
    received[i] = [];
    transport.subscribe((bytes, meta) => {
      received[i]?.push(`${toHex(meta.retrievalHint ?? new Uint8Array())}:${toHex(bytes)}`);
    });
    return transport;
  });
  await Promise.all(transports.map((t) => t.start()));
  const published = new Map<string, string>();
  for (const [n, send] of s.sends.entries()) {
    const bytes = new Uint8Array(send.size + 2);
    bytes[0] = n;
    bytes[1] = send.from;
    const { retrievalHint } = (await transports[send.from % s.peers]?.publish(bytes)) ?? {};
    published.set(toHex(retrievalHint ?? new Uint8Array()), toHex(bytes));
    network.clock.advance(send.waitMs);
  }
  await network.settle();
  return { network, received, published };
}

describe("memory network properties (fast-check, seed printed on failure)", () => {
  it("delivers only published bytes with their own hint, at most twice per peer, and stores every publish", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { network, received, published } = await run(s);
        expect(network.store.size).toBe(published.size);
        for (const list of received) {
          const counts = new Map<string, number>();
          for (const entry of list) {
            const [hint = "", bytes] = entry.split(":");
            expect(published.get(hint)).toBe(bytes);
            counts.set(entry, (counts.get(entry) ?? 0) + 1);
          }
          for (const count of counts.values()) expect(count).toBeLessThanOrEqual(2);
        }
        const stats = network.stats();
        const sent = stats.delivered + stats.dropped.loss - stats.duplicated;
        expect(sent).toBe(s.sends.length * s.peers);
        expect(network.clock.pending()).toBe(0);
      }),
      { seed: PROPERTY_SEED, numRuns: 150 },
    );
  });

  it("without faults, every peer receives every publish exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { received, published } = await run({ ...s, loss: 0, duplication: 0 });
        for (const list of received) {
          expect(list.length).toBe(s.sends.length);
          expect(new Set(list.map((entry) => entry.split(":")[0])).size).toBe(published.size);
        }
      }),
      { seed: PROPERTY_SEED, numRuns: 150 },
    );
  });
});
