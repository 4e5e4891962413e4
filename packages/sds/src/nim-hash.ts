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

/** The tail and finalization of MurmurHash3 x86 32, as a signed 32-bit integer (Nim's int). */
function finish(h: number, tail: number, length: number): number {
  let k = Math.imul(tail, C1);
  k = (k << 15) | (k >>> 17);
  let h1 = h ^ Math.imul(k, C2);
  h1 ^= length;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 | 0;
}

/** Unit `i` of the ASCII string `s` followed by `" b"` when `suffixed` (Nim's `item & " b"`). */
function unitAt(s: string, i: number, suffixed: boolean): number {
  if (i < s.length) return s.charCodeAt(i);
  if (!suffixed) return 0;
  return i === s.length ? 32 : 98;
}

/** MurmurHash3 x86 32 (seed 0) over an ASCII string (each unit is one byte), optionally with `" b"` appended. */
function murmurAscii(s: string, suffixed: boolean): number {
  const n = s.length + (suffixed ? 2 : 0);
  const blocks = n >>> 2;
  let h = 0;
  for (let i = 0; i < blocks << 2; i += 4) {
    h = mixBlock(
      h,
      unitAt(s, i, suffixed) |
        (unitAt(s, i + 1, suffixed) << 8) |
        (unitAt(s, i + 2, suffixed) << 16) |
        (unitAt(s, i + 3, suffixed) << 24),
    );
  }
  let tail = 0;
  for (let i = n - 1; i >= blocks << 2; i--) tail = (tail << 8) | unitAt(s, i, suffixed);
  return finish(h, tail, n);
}

/** MurmurHash3 x86 32 (seed 0) over bytes. */
function murmurBytes(b: Uint8Array): number {
  const n = b.length;
  const blocks = n >>> 2;
  let h = 0;
  for (let i = 0; i < blocks << 2; i += 4) {
    h = mixBlock(h, (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24));
  }
  let tail = 0;
  for (let i = n - 1; i >= blocks << 2; i--) tail = (tail << 8) | (b[i] ?? 0);
  return finish(h, tail, n);
}

/** The two base hashes of `item` for a filter of `maxValue` bits: `abs(hash(item)) mod maxValue` and of `item & " b"`. */
export function nimBaseHashes(item: string, maxValue: number): readonly [number, number] {
  const ascii = isAscii(item);
  const a = ascii ? murmurAscii(item, false) : murmurBytes(utf8.encode(item));
  const b = ascii ? murmurAscii(item, true) : murmurBytes(utf8.encode(`${item} b`));
  return [Math.abs(a) % maxValue, Math.abs(b) % maxValue];
}

/** js-waku's `hashN(item, n, maxValue)`: `abs(hashA + n * hashB) mod maxValue`. */
export function nimHashN(item: string, n: number, maxValue: number): number {
  const [a, b] = nimBaseHashes(item, maxValue);
  return Math.abs(a + n * b) % maxValue;
}
