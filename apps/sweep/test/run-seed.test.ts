import type { Transport } from "@reliable-channel/interfaces";
import { describe, expect, it } from "vitest";
import { runSeed } from "../src/run-seed.js";

/** A transport whose store lookups find nothing, though the network's store holds every payload. */
const storeBlind = (inner: Transport): Transport => ({
  start: () => inner.start(),
  stop: () => inner.stop(),
  publish: (bytes, options) => inner.publish(bytes, options),
  subscribe: (listener) => inner.subscribe(listener),
  retrieve: async () => [],
  ...(inner.connectivity === undefined ? {} : { connectivity: inner.connectivity }),
  ...(inner.retention === undefined ? {} : { retention: inner.retention }),
});

describe("runSeed", () => {
  it("replays a seed exactly, and traces the schedule, the actions and one participant's events", async () => {
    const lines: string[] = [];
    const traced = await runSeed(3, { trace: (line) => lines.push(line), participant: "u1" });
    const again = await runSeed(3);
    expect(again).toEqual(traced);
    expect(traced.violations, "seed 3").toEqual([]);
    expect(lines[0]).toMatch(/^seed 3: \d participants, \d+ messages/);
    expect(lines.some((line) => / u1 received u\d#\d+$/.test(line))).toBe(true);
    expect(lines.some((line) => / u2 received /.test(line))).toBe(false);
    expect(lines.some((line) => / quiescent$/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/every channel stopped; 0 timers pending$/);
  });

  it("catches a channel that gives up what the store and its peers still hold", async () => {
    // Seed 6 (SDS-R on, loss): its store lookups find nothing and it gives up after 20 s, well before
    // SDS-R's first request; the network's store and the senders still hold the messages.
    const result = await runSeed(6, { transport: storeBlind, channel: { missingTimeoutMs: 20_000 } });
    expect(result.counts.irretrievable).toBeGreaterThan(0);
    expect(result.violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^u\d declared u\d#\d+ irretrievable \(timeout\) at \d+ ms while the store held it/,
        ),
        expect.stringMatching(
          /^u\d declared u\d#\d+ irretrievable \(timeout\) at \d+ ms while [u\d, ]+ held it \(SDS-R on\)$/,
        ),
        expect.stringMatching(/^u\d never delivered u\d#\d+/),
      ]),
    );
  });
});
