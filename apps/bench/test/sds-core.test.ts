import { compactBloom, wakuCompatBloom } from "@reliable-channel/sds";
import { describe, expect, it } from "vitest";
import { benches } from "../src/benches/index.js";
import { longRun } from "../src/sds-core/long-run.js";
import { createOurStream } from "../src/sds-core/stream.js";

describe("sds-core benchmark parts", () => {
  it("registers the SDS benchmarks by name", () => {
    expect(Object.keys(benches)).toEqual(expect.arrayContaining(["sds-core", "sds-history"]));
  });

  it("the synthetic long-run stream is delivered in full and the heap is read at every fifth", () => {
    const run = longRun(compactBloom(), 1_000, 4);
    expect(run.heap.map(([n]) => n)).toEqual([0, 200, 400, 600, 800, 1_000]);
    expect(run.perMessageMs).toBeGreaterThan(0);
  });

  it("our stream is valid js-waku bytes: waku-compat filters are 18 752 bytes or absent", () => {
    const stream = createOurStream(wakuCompatBloom);
    const sizes = Array.from({ length: 6 }, () => stream.next().bytes.length);
    expect(sizes.filter((s) => s > 18_752)).toHaveLength(3);
  });
});
