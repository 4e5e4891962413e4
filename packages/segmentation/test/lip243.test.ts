import { describe, expect, it } from "vitest";
import { lip243, lip243ParityCount, SegmentSet, TooManySegmentsError } from "../src/index.js";
import { fromHex, readVectors, toHex, vectorPayload } from "./vectors.js";

interface NimVectors {
  goldenFromNimSegmentationTests: {
    name: string;
    hashHex: string;
    originalPayloadLength: number;
    index: number;
    dataSegmentCount: number;
    paritySegmentCount: number | null;
    isParity: boolean;
    payloadHex: string;
    encodedHex: string;
  }[];
  vectors: {
    name: string;
    payloadLength: number;
    segmentSizeBytes: number;
    parityRate: number;
    dataSegmentCount: number;
    paritySegmentCount: number;
    originalPayloadHashKeccak256Hex: string;
    segments: { isParity: boolean; index: number; encodedHex: string }[];
  }[];
}

const nim = readVectors<NimVectors>("nim-segmentation-vectors.json");

describe("LIP-243 (nim-segmentation) vectors", () => {
  for (const g of nim.goldenFromNimSegmentationTests) {
    it(`golden ${g.name}: encodes and decodes byte for byte`, () => {
      const profile = lip243();
      const segment = {
        hash: fromHex(g.hashHex),
        originalLength: g.originalPayloadLength,
        index: g.index,
        dataCount: g.dataSegmentCount,
        parityCount: g.paritySegmentCount ?? 0,
        isParity: g.isParity,
        payload: fromHex(g.payloadHex),
      };
      expect(toHex(profile.encode(segment))).toBe(g.encodedHex);
      expect(profile.decode(fromHex(g.encodedHex))).toEqual(segment);
    });
  }

  for (const v of nim.vectors) {
    const profile = lip243({ segmentSizeBytes: v.segmentSizeBytes, parityRate: v.parityRate });
    const payload = vectorPayload(v.payloadLength);

    it(`${v.name}: our segments are the vector's bytes`, () => {
      const split = profile.split(payload);
      expect(toHex(split.hash)).toBe(v.originalPayloadHashKeccak256Hex);
      expect([split.dataCount, split.parityCount]).toEqual([v.dataSegmentCount, v.paritySegmentCount]);
      expect(split.segments.map(toHex)).toEqual(v.segments.map((s) => s.encodedHex));
    });

    it(`${v.name}: the vector's segments reassemble, also with parity standing in for lost data`, () => {
      const segments = v.segments.map((s) => profile.decode(fromHex(s.encodedHex)));
      for (let lost = 0; lost <= v.paritySegmentCount; lost++) {
        // Lose the first `lost` data segments (the short last one too when lost covers it).
        const kept = segments.filter((s, i) => s !== undefined && (s.isParity || i >= lost));
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

  it("parity is ⌈data × rate⌉ in integer arithmetic, at most the data count", () => {
    expect(lip243ParityCount(8, 0.125)).toBe(1);
    expect(lip243ParityCount(9, 0.125)).toBe(2);
    expect(lip243ParityCount(3, 1)).toBe(3);
    expect(lip243ParityCount(100, 0)).toBe(0);
  });

  it("refuses a payload that needs more than maxSegments segments", () => {
    const profile = lip243({ segmentSizeBytes: 192, parityRate: 0.5, maxSegments: 6 });
    expect(() => profile.split(new Uint8Array(64 * 5))).toThrow(TooManySegmentsError);
    expect(profile.split(new Uint8Array(64 * 4)).segments).toHaveLength(6);
  });

  it("refuses counts that need Leopard's 16-bit field (not implemented) instead of sending wrong parity", () => {
    // 226 data + 29 parity: nextPow2(32 + 226) = 512 > 256.
    const profile = lip243({ segmentSizeBytes: 192, parityRate: 0.125 });
    expect(() => profile.split(new Uint8Array(64 * 226))).toThrow(TooManySegmentsError);
    expect(profile.split(new Uint8Array(64 * 224)).parityCount).toBe(28);
  });
});
