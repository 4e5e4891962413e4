import { describe, expect, it } from "vitest";
import { SegmentSet, statusGo, statusGoParityCount } from "../src/index.js";
import { fromHex, readVectors, toHex, vectorPayload } from "./vectors.js";

interface StatusGoVectors {
  vectors: {
    name: string;
    payloadLength: number;
    segmentSize: number;
    entireMessageHashKeccak256Hex: string;
    segments: { index: number; segmentsCount: number; paritySegmentIndex: number; protoHex: string }[];
  }[];
}

const vectors = readVectors<StatusGoVectors>("segmentation-vectors.json").vectors;

describe("status-go vectors", () => {
  for (const v of vectors) {
    const profile = statusGo({ segmentSize: v.segmentSize });
    const payload = vectorPayload(v.payloadLength);
    const parityCount = v.segments.filter((s) => s.segmentsCount === 0).length;

    it(`${v.name}: our segments are the vector's bytes`, () => {
      const split = profile.split(payload);
      expect(split.wrapped).toBe(true);
      expect(toHex(split.hash)).toBe(v.entireMessageHashKeccak256Hex);
      expect(split.segments.map(toHex)).toEqual(v.segments.map((s) => s.protoHex));
    });

    it(`${v.name}: the vector's segments reassemble, also with parity standing in for lost data`, () => {
      const segments = v.segments.map((s) => profile.decode(fromHex(s.protoHex)));
      for (let lost = 0; lost <= parityCount; lost++) {
        // Lose `lost` data segments from the front, and start the set from a parity segment when there is one.
        const kept = segments.filter((s, i) => s !== undefined && (s.isParity || i >= lost)).reverse();
        const first = kept[0];
        if (first === undefined) throw new Error("no segments");
        const set = new SegmentSet(profile, first);
        for (const s of kept) if (s !== undefined) set.add(s);
        expect(set.ready).toBe(true);
        expect(set.missingData).toBe(lost);
        expect(set.reassemble()).toEqual(payload);
      }
    });
  }

  it("a payload that fits one segment travels unwrapped, and reads as no segment", () => {
    const profile = statusGo({ segmentSize: 1000 });
    const payload = vectorPayload(1000);
    const split = profile.split(payload);
    expect(split.wrapped).toBe(false);
    expect(split.segments).toEqual([payload]);
    expect(profile.decode(payload)).toBeUndefined();
    expect(profile.decode(new TextEncoder().encode("hello"))).toBeUndefined();
  });

  it("parity is ⌊data × 0.125⌋, none when data + parity would exceed 256", () => {
    expect(statusGoParityCount(7)).toBe(0);
    expect(statusGoParityCount(8)).toBe(1);
    expect(statusGoParityCount(227)).toBe(28);
    expect(statusGoParityCount(228)).toBe(28);
    expect(statusGoParityCount(229)).toBe(0);
  });
});
