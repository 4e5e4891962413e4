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

/**
 * A string hash as the bloom filter uses it: the two base hashes of `item` in a filter of `maxValue` bits
 * (positions are `|a + i·b| mod maxValue`). A wire profile carries its own (`WireProfile.bloomHasher`), so
 * that the core needs no table of every hash: nim-sds's FarmHash64 stays out of a bundle that never uses it.
 */
export type BloomHasher = (item: string, maxValue: number) => readonly [number, number];
