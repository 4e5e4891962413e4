import type { BloomHash } from "./bloom-hash.js";
import { farmHash64 } from "./farm-hash.js";
import { nimBaseHashes } from "./nim-hash.js";

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
