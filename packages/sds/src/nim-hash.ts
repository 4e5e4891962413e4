/**
 * The hash behind the SDS bloom filter of nim-sds and js-waku: Nim's `hashes.hash(string)`
 * (MurmurHash3 x86 32-bit, seed 0, over the string's bytes) and `hashN`, Kirsch–Mitzenmacher double
 * hashing over it.
 *
 * Strings are hashed as their UTF-8 bytes, as native Nim does (and as the shared vectors say). js-waku
 * 0.0.8 runs a JS build of the Nim code that feeds the first UTF-16 unit of each code point instead; the
 * two agree on ASCII, which is all that message ids (hex) ever contain.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

const utf8 = new TextEncoder();

/** True when every UTF-16 unit of `item` is below 0x80 (then code points and units coincide). */
function isAscii(item: string): boolean {
  for (let i = 0; i < item.length; i++) if (item.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** One 32-bit block mixed into `h`. */
function mixBlock(h: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  let h1 = h ^ k;
  h1 = (h1 << 13) | (h1 >>> 19);
  return (Math.imul(h1, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3 x86 32 (seed 0) over `length` units read by `at`, as a signed 32-bit integer (Nim's int). */
function murmur(at: (index: number) => number, length: number): number {
  let h = 0;
  const blocks = length >>> 2;
  for (let b = 0; b < blocks; b++) {
    const i = b << 2;
    const block = (at(i + 3) << 24) | (at(i + 2) << 16) | (at(i + 1) << 8) | at(i);
    h = mixBlock(h, block);
  }
  let tail = 0;
  for (let r = (length & 3) - 1; r >= 0; r--) tail = (tail << 8) | at((blocks << 2) + r);
  let k = Math.imul(tail, C1);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, C2);
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The two base hashes of `item` for a filter of `maxValue` bits: `abs(hash(item)) mod maxValue` and of `item & " b"`. */
export function nimBaseHashes(item: string, maxValue: number): readonly [number, number] {
  let a: number;
  let b: number;
  if (isAscii(item)) {
    const n = item.length;
    a = murmur((i) => item.charCodeAt(i), n);
    b = murmur((i) => (i < n ? item.charCodeAt(i) : i === n ? 32 : 98), n + 2);
  } else {
    const units = utf8.encode(item);
    const n = units.length;
    a = murmur((i) => units[i] ?? 0, n);
    b = murmur((i) => (i < n ? (units[i] ?? 0) : i === n ? 32 : 98), n + 2);
  }
  return [Math.abs(a) % maxValue, Math.abs(b) % maxValue];
}

/** js-waku's `hashN(item, n, maxValue)`: `abs(hashA + n * hashB) mod maxValue`. */
export function nimHashN(item: string, n: number, maxValue: number): number {
  const [a, b] = nimBaseHashes(item, maxValue);
  return Math.abs(a + n * b) % maxValue;
}
