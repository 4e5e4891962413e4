import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lip243, type SegmentationProfile, SegmentSet, statusGo } from "../src/index.js";

/**
 * Any subset of at least `dataCount` of a message's segments, in any order, reassembles to the payload; fewer
 * never claim to be ready. fast-check prints the seed and path of a failure; replay with `{ seed, path }`.
 */
function reassemblesFromAnySubset(makeProfile: (segmentSize: number, rate: number) => SegmentationProfile) {
  return fc.property(
    fc.uint8Array({ minLength: 0, maxLength: 6000 }),
    fc.integer({ min: 192, max: 900 }),
    fc.constantFrom(0, 0.125, 0.25, 0.5, 1),
    fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
    fc.integer({ min: 0, max: 256 }),
    (payload, segmentSize, rate, coins, drop) => {
      const profile = makeProfile(segmentSize, rate);
      const split = profile.split(payload);
      if (!split.wrapped) {
        expect(profile.decode(split.segments[0] ?? new Uint8Array(0))).toBeUndefined();
        return;
      }
      const segments = split.segments.map((bytes) => profile.decode(bytes));
      // Shuffle by the coins, then drop up to parityCount segments (anything at all may go missing).
      const iterator = coins[Symbol.iterator]();
      const order = segments
        .map((s) => ({ s, key: iterator.next().value ?? 0 }))
        .sort((a, b) => a.key - b.key)
        .map((x) => x.s);
      const keep = order.slice(0, order.length - Math.min(drop, split.parityCount));
      const first = keep[0];
      if (first === undefined) throw new Error("no segment kept");
      const set = new SegmentSet(profile, first);
      keep.forEach((s, i) => {
        if (s === undefined) throw new Error("a segment decoded as none");
        expect(set.ready).toBe(i >= split.dataCount);
        expect(set.add(s)).toBe(true);
        expect(set.add(s)).toBe(false);
      });
      expect(set.ready).toBe(true);
      expect(set.reassemble()).toEqual(payload);
    },
  );
}

describe("reassembly from any subset of at least dataCount segments", () => {
  it("LIP-243", () => {
    fc.assert(
      reassemblesFromAnySubset((segmentSizeBytes, parityRate) => lip243({ segmentSizeBytes, parityRate })),
      { numRuns: 150 },
    );
  });
  it("status-go", () => {
    fc.assert(
      reassemblesFromAnySubset((segmentSize) => statusGo({ segmentSize: segmentSize - 150 })),
      { numRuns: 150 },
    );
  });
});
