import { compactBloom, wakuCompatBloom } from "@reliable-channel/sds";
import { Message } from "@waku/sds";
import { describe, expect, it } from "vitest";
import { benches } from "../src/benches/index.js";
import { longRun } from "../src/sds-core/long-run.js";
import { BUSY_SENDERS, createOurStream, SENDERS } from "../src/sds-core/stream.js";

describe("sds-core benchmark parts", () => {
  it("registers the SDS benchmarks by name", () => {
    expect(Object.keys(benches)).toEqual(expect.arrayContaining(["sds-core", "sds-history"]));
  });

  it("the synthetic long-run stream is delivered in full and the heap is read at every fifth", () => {
    const run = longRun(compactBloom(), 1_000, 4);
    expect(run.heap.map(([n]) => n)).toEqual([0, 200, 400, 600, 800, 1_000]);
    expect(run.perMessageMs).toBeGreaterThan(0);
  });

  it("our streams are valid js-waku bytes: waku-compat filters are 18 752 bytes or absent", () => {
    const filterSizes = (senders: number): (number | undefined)[] => {
      const stream = createOurStream(wakuCompatBloom, true, senders);
      return Array.from({ length: 48 }, () => Message.decode(stream.next().bytes)?.bloomFilter?.length);
    };
    // Quiet: every causal history names all its sender heard, so no filter rides along.
    expect(new Set(filterSizes(SENDERS))).toEqual(new Set([undefined]));
    // Busy: the filter is due on every message; each sender attaches it to every second one (sendEvery 2).
    const busy = filterSizes(BUSY_SENDERS).slice(BUSY_SENDERS * 2);
    expect(new Set(busy)).toEqual(new Set([18_752, undefined]));
    expect(busy.filter((s) => s === 18_752).length).toBe(busy.length / 2);
  });
});
