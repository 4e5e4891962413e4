import { farmHash64 } from "./farm-hash.js";
import { nimBaseHashes } from "./nim-hash.js";

/**
 * The string hash `H` behind a bloom filter's positions (nim-sds's `hashN`: `hashA = |H(id)| mod m`,
 * `hashB = |H(id & " b")| mod m`, position i = `|hashA + i·hashB| mod m`):
 * - `"murmur3-32"`: what @waku/sds 0.0.8 bundles (Nim's string hash compiled to JavaScript: MurmurHash3
 *   x86 32-bit, seed 0), the js-waku wire profile's;
 * - `"farmhash64"`: native Nim 2.x's (FarmHash64 read as a signed 64-bit integer), the one a running
 *   nim-sds uses, the nim-sds wire profile's.
 */
export type BloomHash = "murmur3-32" | "farmhash64";

/** Every {@link BloomHash}, for validation. */
export const BLOOM_HASHES: readonly BloomHash[] = Object.freeze(["murmur3-32", "farmhash64"]);

const utf8 = new TextEncoder();

/** Nim's `abs(h) mod m` on a 64-bit int with overflow checks off: `abs(low(int64))` stays negative. */
function nimAbsMod(h: bigint, m: number): number {
  const abs = BigInt.asIntN(64, h < 0n ? -h : h);
  return Number(abs % BigInt(m));
}

/** The two base hashes of `item` in a filter of `maxValue` bits under native Nim's FarmHash64 string hash. */
export function farmBaseHashes(item: string, maxValue: number): readonly [number, number] {
  const a = BigInt.asIntN(64, farmHash64(utf8.encode(item)));
  const b = BigInt.asIntN(64, farmHash64(utf8.encode(`${item} b`)));
  return [nimAbsMod(a, maxValue), nimAbsMod(b, maxValue)];
}

/** The two base hashes of `item` in a filter of `maxValue` bits under `hash`. */
export function bloomBaseHashes(hash: BloomHash, item: string, maxValue: number): readonly [number, number] {
  return hash === "farmhash64" ? farmBaseHashes(item, maxValue) : nimBaseHashes(item, maxValue);
}
