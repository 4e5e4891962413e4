/**
 * SHA-256 (FIPS 180-4) in portable JavaScript, for runtimes without `node:crypto` (browsers: WebCrypto
 * hashes asynchronously only). Small rather than fast: the channel hashes a message's bytes once, and a
 * bundle carries every byte of this file.
 */

/** The round constants and initial hash value, derived as the standard defines them (computed once). */
let tables: { readonly k: Uint32Array; readonly h: Uint32Array } | undefined;

/** The first 32 bits of the fractional part of `x`. */
const fraction = (x: number): number => ((x % 1) * 2 ** 32) >>> 0;

function sha256Tables(): { readonly k: Uint32Array; readonly h: Uint32Array } {
  if (tables !== undefined) return tables;
  // K: cube roots of the first 64 primes; H: square roots of the first 8 (Math.cbrt and Math.sqrt are
  // accurate far beyond the 32 bits kept: the nearest rounding boundary is 0.02 of a unit away).
  const k = new Uint32Array(64);
  const h = new Uint32Array(8);
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) {
    if (primes.some((p) => n % p === 0)) continue;
    if (primes.length < 8) h[primes.length] = fraction(Math.sqrt(n));
    k[primes.length] = fraction(Math.cbrt(n));
    primes.push(n);
  }
  tables = { k, h };
  return tables;
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** One 64-byte block of `bytes` at `at` into the state `s`, with the message schedule `w` as scratch. */
function compress(s: Uint32Array, w: Uint32Array, k: Uint32Array, bytes: Uint8Array, at: number): void {
  for (let t = 0; t < 16; t++) {
    const i = at + 4 * t;
    w[t] =
      ((bytes[i] ?? 0) << 24) |
      ((bytes[i + 1] ?? 0) << 16) |
      ((bytes[i + 2] ?? 0) << 8) |
      (bytes[i + 3] ?? 0);
  }
  for (let t = 16; t < 64; t++) {
    const a = w[t - 15] ?? 0;
    const b = w[t - 2] ?? 0;
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w[t] = (w[t - 16] ?? 0) + s0 + (w[t - 7] ?? 0) + s1;
  }
  let a = s[0] ?? 0;
  let b = s[1] ?? 0;
  let c = s[2] ?? 0;
  let d = s[3] ?? 0;
  let e = s[4] ?? 0;
  let f = s[5] ?? 0;
  let g = s[6] ?? 0;
  let h = s[7] ?? 0;
  for (let t = 0; t < 64; t++) {
    const t1 =
      (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (k[t] ?? 0) + (w[t] ?? 0)) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  const out = [a, b, c, d, e, f, g, h];
  for (let i = 0; i < 8; i++) s[i] = (s[i] ?? 0) + (out[i] ?? 0);
}

/** SHA-256 of the concatenation of `parts`, 32 bytes. */
export function portableSha256Digest(parts: readonly Uint8Array[]): Uint8Array {
  const { k, h } = sha256Tables();
  const state = h.slice();
  const w = new Uint32Array(64);
  const block = new Uint8Array(64);
  let filled = 0;
  let length = 0;
  const feed = (bytes: Uint8Array): void => {
    let at = 0;
    length += bytes.length;
    while (at < bytes.length) {
      if (filled === 0 && bytes.length - at >= 64) {
        compress(state, w, k, bytes, at);
        at += 64;
        continue;
      }
      const take = Math.min(64 - filled, bytes.length - at);
      block.set(bytes.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === 64) {
        compress(state, w, k, block, 0);
        filled = 0;
      }
    }
  };
  for (const part of parts) feed(part);
  // Padding: 0x80, zeros up to 56 bytes mod 64, the length in bits as a big-endian 64-bit integer.
  const bits = length * 8;
  const tail = new Uint8Array((filled < 56 ? 64 : 128) - filled);
  tail[0] = 0x80;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(tail.length - 4, bits >>> 0);
  feed(tail);
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(4 * i, state[i] ?? 0);
  return out;
}
