import { readFileSync } from "node:fs";
import { BloomFilter } from "@waku/sds";
import { describe, expect, it } from "vitest";
// js-waku's own hash (not exported from its package entry): the cross-check must not use ours.
import { hashN as wakuHashN } from "../node_modules/@waku/sds/dist/nim_hashn/nim_hashn.mjs";
import { falsePositiveRate, hasAllBits, popCount } from "../src/bloom-bits.js";
import { bloomPositions, compactBloom, wakuCompatBloom } from "../src/index.js";
import { nimBaseHashes, nimHashN } from "../src/nim-hash.js";
import { BLOOM_PENDING_MAX, createRollingBloom } from "../src/rolling-bloom.js";

interface Vector {
  readonly input: string;
  readonly n: number;
  readonly maxValue: number;
  readonly expected: { readonly hashA: number; readonly hashB: number; readonly hashC: number };
}
const vectors: readonly Vector[] = JSON.parse(
  readFileSync(new URL("../../../tooling/vectors/nim-hash-bloom-vectors.json", import.meta.url), "utf8"),
).vectors;

const ids = (n: number, prefix = "id"): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i}`.padEnd(64, "0"));

// js-waku's own filter with its channel defaults (capacity 10 000, error rate 0.001).
const wakuFilter = (): BloomFilter => new BloomFilter({ capacity: 10_000, errorRate: 0.001 }, wakuHashN);

describe("nim hashN", () => {
  it.each(vectors.map((v) => [v.input, v.n, v.maxValue, v] as const))(
    "matches the shared vector %j n=%i m=%i",
    (_input, _n, _m, v) => {
      expect(nimBaseHashes(v.input, v.maxValue)).toEqual([v.expected.hashA, v.expected.hashB]);
      expect(nimHashN(v.input, v.n, v.maxValue)).toBe(v.expected.hashC);
    },
  );
});

describe("waku-compat profile", () => {
  it("has js-waku's exact size: m = 150 000, k = 10, 18 752 bytes", () => {
    const theirs = wakuFilter();
    expect(theirs.totalBits).toBe(wakuCompatBloom.bits);
    expect(theirs.kHashes).toBe(wakuCompatBloom.hashes);
    expect(theirs.toBytes().length).toBe(wakuCompatBloom.byteLength);
  });

  it("produces byte-identical filters to @waku/sds for the same ids", () => {
    const theirs = wakuFilter();
    const ours = createRollingBloom(wakuCompatBloom);
    for (const id of ids(500)) {
      theirs.insert(id);
      ours.insert(id);
    }
    expect(Buffer.from(ours.view()).equals(Buffer.from(theirs.toBytes()))).toBe(true);
  });

  it("answers lookups on a js-waku filter exactly as js-waku does", () => {
    const theirs = wakuFilter();
    for (const id of ids(300)) theirs.insert(id);
    const bytes = theirs.toBytes();
    for (const id of [...ids(300), ...ids(300, "other")]) {
      expect(hasAllBits(bytes, bloomPositions(wakuCompatBloom, id))).toBe(theirs.lookup(id));
    }
  });
});

describe("rolling filter", () => {
  it("rolls by generation so the false-positive rate stays near the design rate forever", () => {
    const profile = compactBloom({ capacity: 200 });
    const bloom = createRollingBloom(profile);
    for (const id of ids(50_000)) bloom.insert(id);
    const f = falsePositiveRate(popCount(bloom.view()), profile.bits, profile.hashes);
    expect(f).toBeLessThan(profile.designFalsePositiveRate * 2);
    // the last generation is always present, the oldest ids are gone
    for (const id of ids(50_000).slice(-profile.generationCapacity)) {
      expect(hasAllBits(bloom.view(), bloomPositions(profile, id))).toBe(true);
    }
  });

  it("gives the same bits however inserts and reads interleave (bits are set lazily, in order)", () => {
    const profile = compactBloom({ capacity: 200 });
    const eager = createRollingBloom(profile);
    const lazy = createRollingBloom(profile);
    const all = ids(3 * BLOOM_PENDING_MAX + profile.generationCapacity + 7);
    for (const [i, id] of all.entries()) {
      eager.insert(id);
      eager.view(); // every insert read at once
      lazy.insert(id);
      if (i % 97 === 0) expect(lazy.view()).toEqual(eager.view());
    }
    expect(lazy.exportState()).toEqual(eager.exportState());
    expect(lazy.view()).toEqual(eager.view());
  });

  it("sizes the compact profile with the textbook optimum", () => {
    const p = compactBloom();
    expect([p.bits, p.hashes, p.byteLength, p.generationCapacity]).toEqual([14_378, 10, 1_800, 500]);
    expect(() => compactBloom({ capacity: 0 })).toThrow(/capacity/);
    expect(() => compactBloom({ falsePositiveRate: 1 })).toThrow(/falsePositiveRate/);
  });

  it("restores from exported state and ignores state of another size", () => {
    const a = createRollingBloom(wakuCompatBloom);
    for (const id of ids(10)) a.insert(id);
    const b = createRollingBloom(wakuCompatBloom, a.exportState());
    expect(b.view()).toEqual(a.view());
    const c = createRollingBloom(compactBloom(), a.exportState());
    expect(popCount(c.view())).toBe(0);
  });
});
