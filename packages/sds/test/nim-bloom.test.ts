import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasAllBits, setBit } from "../src/bloom-bits.js";
import { bloomPositions, nimSdsBloom } from "../src/index.js";
import {
  bloomBaseHashes,
  decodeNimBloom,
  encodeNimBloom,
  farmBaseHashes,
  farmHash64,
  nimSdsWire,
} from "../src/nim-sds.js";
import { createRollingBloom } from "../src/rolling-bloom.js";
import { type BloomVector, fromHex, hex, nimVectors } from "./support/nim-vectors.js";

const SEED = 0x5d6;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** FarmHash64 values from Google's C++ FarmHash (tooling/vectors/farmhash64-vectors.json). */
const farmVectors: readonly { input: string; uint64: string; int64: string }[] = JSON.parse(
  readFileSync(new URL("../../../tooling/vectors/farmhash64-vectors.json", import.meta.url), "utf8"),
).vectors;

describe("FarmHash64 (native Nim's string hash)", () => {
  it.each(Object.entries(nimVectors.hashNative.rawNimHashFarm))(
    "H(%j) is nim-sds's %s",
    (input, expected) => {
      expect(BigInt.asIntN(64, farmHash64(utf8(input))).toString()).toBe(expected);
    },
  );

  it(`matches Google's FarmHash on every length branch (${farmVectors.length} inputs up to 300 bytes)`, () => {
    expect(farmVectors.length).toBeGreaterThan(40);
    for (const v of farmVectors) {
      expect(farmHash64(utf8(v.input)).toString(), JSON.stringify(v.input)).toBe(v.uint64);
      expect(BigInt.asIntN(64, farmHash64(utf8(v.input))).toString()).toBe(v.int64);
    }
  });
});

describe("nim-sds hashN with the native hash", () => {
  const vectors = nimVectors.hashNative.vectors;
  it.each(vectors.map((v) => [v.input, v.n, v.maxValue, v] as const))(
    "matches %j n=%i m=%i",
    (_i, _n, _m, v) => {
      expect(farmBaseHashes(v.input, v.maxValue)).toEqual([v.expected.hashA, v.expected.hashB]);
      expect(bloomPositions({ bits: v.maxValue, hashes: v.n + 1 }, v.input, farmBaseHashes)[v.n]).toBe(
        v.expected.hashC,
      );
    },
  );

  it("and js-waku's Murmur values for the same ASCII inputs (the hash of the js-waku profile)", () => {
    const ascii = vectors.filter((v) => /^[\x20-\x7e]*$/.test(v.input));
    expect(ascii.length).toBeGreaterThan(40);
    for (const v of ascii) {
      const want = v.jsWakuMurmurExpected;
      expect(bloomBaseHashes("murmur3-32", v.input, v.maxValue)).toEqual([want.hashA, want.hashB]);
      expect(bloomPositions({ bits: v.maxValue, hashes: v.n + 1 }, v.input)[v.n]).toBe(want.hashC);
    }
  });
});

/** The filter of `v` built by our code: positions under FarmHash64, bits set in the in-memory layout. */
function build(v: BloomVector): Uint8Array {
  const filter = new Uint8Array(v.params.words64 * 8);
  const shape = { bits: v.params.mBits, hashes: v.params.kHashes };
  for (const id of v.insertedIds)
    for (const p of bloomPositions(shape, id, farmBaseHashes)) setBit(filter, p);
  return filter;
}

const paramsOf = (v: BloomVector) => ({
  capacity: v.params.capacity,
  errorRateMillionths: v.params.errorRateField,
  hashes: v.params.kHashes,
  bits: v.params.mBits,
});

/** The vector's serialized bytes, rebuilt from its prefix, suffix and non-zero words when it is large. */
function serialized(v: BloomVector): Uint8Array {
  if (v.serializedHex !== undefined) return fromHex(v.serializedHex);
  const out = new Uint8Array(v.serializedLength);
  const prefix = fromHex(v.serializedHexPrefix ?? "");
  const suffix = fromHex(v.serializedHexSuffix ?? "");
  // Field 1's words start after its tag (1 byte) and its length (a varint).
  const wordsAt = 1 + Math.ceil(Math.log2(v.params.words64 * 8 + 1) / 7);
  out.set(prefix, 0);
  out.set(suffix, out.length - suffix.length);
  for (const w of v.nonZeroWordBytes ?? []) out.set(fromHex(w.leHex), wordsAt + w.byteOffsetInField1);
  return out;
}

describe("nim-sds bloom filter: every bloom vector", () => {
  it.each(nimVectors.blooms.map((v) => [v.name, v] as const))(
    "%s: positions, set bits, bytes and lookups",
    (_n, v) => {
      const shape = { bits: v.params.mBits, hashes: v.params.kHashes };
      for (const [id, positions] of Object.entries(v.bitPositionsPerId))
        expect([...bloomPositions(shape, id, farmBaseHashes)], id).toEqual(positions);
      const filter = build(v);
      const set: number[] = [];
      for (let p = 0; p < v.params.mBits; p++) if (hasAllBits(filter, Uint32Array.of(p))) set.push(p);
      expect(set).toEqual(v.setBits);

      const encoded = encodeNimBloom(filter, paramsOf(v));
      expect(encoded.length).toBe(v.serializedLength);
      expect(hex(encoded)).toBe(hex(serialized(v)));

      const decoded = decodeNimBloom(encoded);
      expect(decoded).toMatchObject(paramsOf(v));
      expect(decoded?.filter).toEqual(filter);
      for (const [id, present] of Object.entries(v.lookupAfterNimDeserialize)) {
        const positions = bloomPositions(shape, id, farmBaseHashes);
        expect(hasAllBits(decoded?.filter ?? new Uint8Array(0), positions), id).toBe(present);
      }
    },
  );

  it("the nim-sds wire profile sends a fresh filter as nim-sds does (18 768 bytes), and one with ids likewise", () => {
    const empty = nimVectors.blooms.find((b) => b.name === "default-params-empty");
    const three = nimVectors.blooms.find((b) => b.name === "default-params-3-ids");
    if (empty === undefined || three === undefined) throw new Error("vectors missing");
    const rolling = createRollingBloom(nimSdsBloom, undefined, farmBaseHashes);
    expect(hex(nimSdsWire.encodeFilter(rolling.view(), nimSdsBloom))).toBe(hex(serialized(empty)));
    for (const id of three.insertedIds) rolling.insert(id);
    expect(hex(nimSdsWire.encodeFilter(rolling.view(), nimSdsBloom))).toBe(hex(serialized(three)));
  });
});

describe("nim-sds bloom filter: hostile bytes", () => {
  const small = nimVectors.blooms.find((b) => b.name === "small");
  const good = fromHex(small?.serializedHex ?? "");

  it("ignores a filter whose parameters do not describe its words, or that lacks a field", () => {
    const words = new Uint8Array(16);
    const params = { capacity: 10, errorRateMillionths: 10_000, hashes: 7, bits: 100 };
    expect(decodeNimBloom(encodeNimBloom(words, params))).toBeDefined();
    expect(decodeNimBloom(encodeNimBloom(words, { ...params, bits: 129 }))).toBeUndefined();
    expect(decodeNimBloom(encodeNimBloom(words, { ...params, bits: 0 }))).toBeUndefined();
    expect(decodeNimBloom(encodeNimBloom(words, { ...params, hashes: 0 }))).toBeUndefined();
    expect(decodeNimBloom(encodeNimBloom(words, { ...params, hashes: 65 }))).toBeUndefined();
    expect(decodeNimBloom(good.subarray(0, good.length - 2))).toBeUndefined(); // field 5 cut off
    expect(decodeNimBloom(new Uint8Array(0))).toBeUndefined();
  });

  it(`never throws on random or mutated bytes (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (random, at, value) => {
          expect(() => decodeNimBloom(random)).not.toThrow();
          const mutated = good.slice();
          mutated[at % mutated.length] = value;
          expect(() => decodeNimBloom(mutated)).not.toThrow();
        },
      ),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
