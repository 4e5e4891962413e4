/**
 * FarmHash64 (Geoff Pike's `farmhashna::Hash64`, the function behind `Fingerprint64`), over bytes, as an
 * unsigned 64-bit bigint. Native Nim 2.x hashes strings with it (`std/hashes`), so nim-sds's bloom filter
 * positions come from it.
 *
 * Written from the algorithm's description: 64-bit arithmetic wraps (mod 2^64), words are read
 * little-endian. It runs in bigints: an id is hashed twice per insert or lookup, which is cold next to the
 * encoding and storage work around it.
 */

const MASK = (1n << 64n) - 1n;
/** Three primes between 2^63 and 2^64. */
const K0 = 0xc3a5c85c97cb3127n;
const K1 = 0xb492b66fbe98f273n;
const K2 = 0x9ae16a3b2f90404fn;

const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;
const add = (...terms: bigint[]): bigint => {
  let sum = 0n;
  for (const t of terms) sum += t;
  return sum & MASK;
};
const rotr = (v: bigint, shift: bigint): bigint => ((v >> shift) | (v << (64n - shift))) & MASK;
const shiftMix = (v: bigint): bigint => v ^ (v >> 47n);

/** Little-endian reads at byte offsets of one input. */
class Words {
  readonly #view: DataView;
  constructor(bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  u64(at: number): bigint {
    return this.#view.getBigUint64(at, true);
  }
  u32(at: number): bigint {
    return BigInt(this.#view.getUint32(at, true));
  }
}

/** The 128-to-64 mix, with a multiplier. */
function mix16(u: bigint, v: bigint, m: bigint): bigint {
  let a = mul(u ^ v, m);
  a ^= a >> 47n;
  let b = mul(v ^ a, m);
  b ^= b >> 47n;
  return mul(b, m);
}

function upTo16(s: Uint8Array, w: Words): bigint {
  const n = s.length;
  const m = add(K2, BigInt(n * 2));
  if (n >= 8) {
    const a = add(w.u64(0), K2);
    const b = w.u64(n - 8);
    const c = add(mul(rotr(b, 37n), m), a);
    const d = mul(add(rotr(a, 25n), b), m);
    return mix16(c, d, m);
  }
  if (n >= 4) return mix16(add(BigInt(n), w.u32(0) << 3n), w.u32(n - 4), m);
  if (n > 0) {
    const y = BigInt((s[0] ?? 0) + ((s[n >> 1] ?? 0) << 8));
    const z = BigInt(n + ((s[n - 1] ?? 0) << 2));
    return mul(shiftMix(mul(y, K2) ^ mul(z, K0)), K2);
  }
  return K2;
}

function upTo32(n: number, w: Words): bigint {
  const m = add(K2, BigInt(n * 2));
  const a = mul(w.u64(0), K1);
  const b = w.u64(8);
  const c = mul(w.u64(n - 8), m);
  const d = mul(w.u64(n - 16), K2);
  return mix16(add(rotr(add(a, b), 43n), rotr(c, 30n), d), add(a, rotr(add(b, K2), 18n), c), m);
}

function upTo64(n: number, w: Words): bigint {
  const m = add(K2, BigInt(n * 2));
  const a = mul(w.u64(0), K2);
  const b = w.u64(8);
  const c = mul(w.u64(n - 8), m);
  const d = mul(w.u64(n - 16), K2);
  const y = add(rotr(add(a, b), 43n), rotr(c, 30n), d);
  const z = mix16(y, add(a, rotr(add(b, K2), 18n), c), m);
  const e = mul(w.u64(16), m);
  const f = w.u64(24);
  const g = mul(add(y, w.u64(n - 32)), m);
  const h = mul(add(z, w.u64(n - 24)), m);
  return mix16(add(rotr(add(e, f), 43n), rotr(g, 30n), h), add(e, rotr(add(f, a), 18n), g), m);
}

/** The 32-byte weak hash at `at`, seeded with `a` and `b`: a pair of words. */
function weak32(w: Words, at: number, seedA: bigint, seedB: bigint): [bigint, bigint] {
  const [p, q, r, t] = [w.u64(at), w.u64(at + 8), w.u64(at + 16), w.u64(at + 24)];
  let a = add(seedA, p);
  let b = rotr(add(seedB, a, t), 21n);
  const c = a;
  a = add(a, q, r);
  b = add(b, rotr(a, 44n));
  return [add(a, t), add(b, c)];
}

/** Inputs over 64 bytes: 64-byte blocks through a 56-byte state, then the last 64 bytes once more. */
function long(n: number, w: Words): bigint {
  const seed = 81n;
  let v: [bigint, bigint] = [0n, 0n];
  let u: [bigint, bigint] = [0n, 0n];
  let x = add(mul(seed, K2), w.u64(0));
  let y = add(mul(seed, K1), 113n);
  let z = mul(shiftMix(add(mul(y, K2), 113n)), K2);
  const end = Math.floor((n - 1) / 64) * 64;
  const last = end + ((n - 1) & 63) - 63;
  const step = (at: number, m: bigint, final: boolean): void => {
    x = mul(rotr(add(x, y, v[0], w.u64(at + 8)), 37n), m);
    y = mul(rotr(add(y, v[1], w.u64(at + 48)), 42n), m);
    x ^= final ? mul(u[1], 9n) : u[1];
    y = add(y, final ? mul(v[0], 9n) : v[0], w.u64(at + 40));
    z = mul(rotr(add(z, u[0]), 33n), m);
    v = weak32(w, at, mul(v[1], m), add(x, u[0]));
    u = weak32(w, at + 32, add(z, u[1]), add(y, w.u64(at + 16)));
    [x, z] = [z, x];
  };
  for (let at = 0; at < end; at += 64) step(at, K1, false);
  const m = add(K1, (z & 0xffn) << 1n);
  u[0] = add(u[0], BigInt((n - 1) & 63));
  v[0] = add(v[0], u[0]);
  u[0] = add(u[0], v[0]);
  step(last, m, true);
  return mix16(add(mix16(v[0], u[0], m), mul(shiftMix(y), K0), z), add(mix16(v[1], u[1], m), x), m);
}

/** FarmHash64 of `bytes` (unsigned). */
export function farmHash64(bytes: Uint8Array): bigint {
  const n = bytes.length;
  const w = new Words(bytes);
  if (n <= 16) return upTo16(bytes, w);
  if (n <= 32) return upTo32(n, w);
  if (n <= 64) return upTo64(n, w);
  return long(n, w);
}
