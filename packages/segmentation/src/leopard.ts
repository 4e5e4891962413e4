import { FIELD_POLYNOMIAL, fieldFromLogs, type GaloisField } from "./galois-field.js";

/**
 * The generator of Leopard-RS's 8-bit code (catid/leopard, the status-im fork nim-leopard vendors): the
 * coefficients with which `leo_encode` turns `dataCount` original shards into `parityCount` recovery shards.
 *
 * Leopard computes parity with an additive FFT over GF(2^8) in a Cantor basis: an IFFT of each group of
 * `m = nextPow2(parityCount)` originals (with the skew factors of its position), XORed together, then an FFT
 * back. Every step adds or multiplies by constants, so each recovery symbol is a fixed linear combination of the
 * original symbols at the same byte position. This module runs those steps once on unit symbols to read the
 * coefficients off; encoding and decoding then use the matrix (see `linear-code.ts`).
 */

const BITS = 8;
const ORDER = 256;
const MODULUS = 255;
const CANTOR_BASIS = [1, 214, 152, 146, 86, 200, 88, 230] as const;

interface LeopardTables {
  readonly field: GaloisField;
  readonly log: Uint8Array;
  readonly exp: Uint8Array;
  readonly skew: Uint8Array;
}

let tables: LeopardTables | undefined;

/** Leopard's `AddMod`: a + b modulo 255 with 255 kept (it stands for the logarithm of zero). */
function addMod(a: number, b: number): number {
  const sum = a + b;
  return (sum + (sum >> BITS)) & 0xff;
}

function buildTables(): LeopardTables {
  const exp = new Uint8Array(ORDER);
  const log = new Uint8Array(ORDER);
  let state = 1;
  for (let i = 0; i < MODULUS; i++) {
    exp[state] = i;
    state <<= 1;
    if (state >= ORDER) state ^= FIELD_POLYNOMIAL;
  }
  exp[0] = MODULUS;
  log[0] = 0;
  for (let i = 0; i < BITS; i++) {
    const basis = CANTOR_BASIS[i] ?? 0;
    const width = 1 << i;
    for (let j = 0; j < width; j++) log[j + width] = (log[j] ?? 0) ^ basis;
  }
  for (let i = 0; i < ORDER; i++) log[i] = exp[log[i] ?? 0] ?? 0;
  for (let i = 0; i < ORDER; i++) exp[log[i] ?? 0] = i;
  exp[MODULUS] = exp[0] ?? 0;
  const mulLog = (a: number, logB: number): number => (a === 0 ? 0 : (exp[addMod(log[a] ?? 0, logB)] ?? 0));
  const skew = new Uint8Array(MODULUS);
  const temp = new Uint8Array(BITS - 1);
  for (let i = 1; i < BITS; i++) temp[i - 1] = 1 << i;
  for (let m = 0; m < BITS - 1; m++) {
    const step = 1 << (m + 1);
    skew[(1 << m) - 1] = 0;
    for (let i = m; i < BITS - 1; i++) {
      const s = 1 << (i + 1);
      for (let j = (1 << m) - 1; j < s; j += step) skew[j + s] = (skew[j] ?? 0) ^ (temp[i] ?? 0);
    }
    const tm = temp[m] ?? 0;
    temp[m] = (MODULUS - (log[mulLog(tm, log[tm ^ 1] ?? 0)] ?? 0)) & 0xff;
    for (let i = m + 1; i < BITS - 1; i++) {
      const sum = addMod(log[(temp[i] ?? 0) ^ 1] ?? 0, temp[m] ?? 0);
      temp[i] = mulLog(temp[i] ?? 0, sum);
    }
  }
  for (let i = 0; i < MODULUS; i++) skew[i] = log[skew[i] ?? 0] ?? 0;
  // The field proper: log/exp restricted to 0..254 (Leopard's tables keep 255 as an alias of 0).
  const fieldLog = log.slice();
  const fieldExp = new Uint8Array(ORDER);
  for (let a = 1; a < ORDER; a++) fieldExp[log[a] ?? 0] = a;
  return { field: fieldFromLogs(fieldLog, fieldExp), log, exp, skew };
}

function leopardTables(): LeopardTables {
  tables ??= buildTables();
  return tables;
}

/** The field in Leopard's Cantor-basis representation. */
export function leopardField(): GaloisField {
  return leopardTables().field;
}

/** Symbol-level Leopard encoder: one byte per shard, enough to read the (byte-wise linear) code off. */
class SymbolEncoder {
  readonly #t: LeopardTables;
  constructor(t: LeopardTables) {
    this.#t = t;
  }

  #mulLog(a: number, logM: number): number {
    return a === 0 ? 0 : (this.#t.exp[addMod(this.#t.log[a] ?? 0, logM)] ?? 0);
  }

  /** IFFT butterfly: y ^= x; x ^= y·m (m given as a logarithm; 255 means zero). */
  #ifft2(w: Uint8Array, x: number, y: number, logM: number): void {
    w[y] = (w[y] ?? 0) ^ (w[x] ?? 0);
    if (logM !== MODULUS) w[x] = (w[x] ?? 0) ^ this.#mulLog(w[y] ?? 0, logM);
  }

  /** FFT butterfly: x ^= y·m; y ^= x. */
  #fft2(w: Uint8Array, x: number, y: number, logM: number): void {
    if (logM !== MODULUS) w[x] = (w[x] ?? 0) ^ this.#mulLog(w[y] ?? 0, logM);
    w[y] = (w[y] ?? 0) ^ (w[x] ?? 0);
  }

  /** In-place IFFT of `w[0..m)` with skew factors `skew[offset + k]`. */
  ifft(w: Uint8Array, m: number, offset: number): void {
    const skew = (k: number): number => this.#t.skew[offset + k] ?? 0;
    let dist = 1;
    let dist4 = 4;
    for (; dist4 <= m; dist = dist4, dist4 <<= 2) {
      for (let r = 0; r < m; r += dist4) {
        const end = r + dist;
        const m01 = skew(end);
        const m02 = skew(end + dist);
        const m23 = skew(end + dist * 2);
        for (let i = r; i < end; i++) {
          this.#ifft2(w, i, i + dist, m01);
          this.#ifft2(w, i + dist * 2, i + dist * 3, m23);
          this.#ifft2(w, i, i + dist * 2, m02);
          this.#ifft2(w, i + dist, i + dist * 3, m02);
        }
      }
    }
    if (dist < m) {
      const logM = skew(dist);
      for (let i = 0; i < dist; i++) this.#ifft2(w, i, i + dist, logM);
    }
  }

  /** In-place FFT of `w[0..m)` with skew factors `skew[k - 1]`. */
  fft(w: Uint8Array, m: number): void {
    const skew = (k: number): number => this.#t.skew[k - 1] ?? 0;
    let dist4 = m;
    let dist = m >> 2;
    for (; dist !== 0; dist4 = dist, dist >>= 2) {
      for (let r = 0; r < m; r += dist4) {
        const end = r + dist;
        const m01 = skew(end);
        const m02 = skew(end + dist);
        const m23 = skew(end + dist * 2);
        for (let i = r; i < end; i++) {
          this.#fft2(w, i, i + dist * 2, m02);
          this.#fft2(w, i + dist, i + dist * 3, m02);
          this.#fft2(w, i, i + dist, m01);
          this.#fft2(w, i + dist * 2, i + dist * 3, m23);
        }
      }
    }
    if (dist4 === 2) {
      for (let r = 0; r < m; r += 2) this.#fft2(w, r, r + 1, skew(r + 1));
    }
  }

  /** `leo_encode` (8-bit path, m ≥ 2) on one symbol per shard. */
  encode(data: Uint8Array, parityCount: number, m: number): Uint8Array {
    const work = new Uint8Array(m);
    const group = new Uint8Array(m);
    for (let start = 0; start < data.length; start += m) {
      group.fill(0);
      group.set(data.subarray(start, Math.min(start + m, data.length)));
      this.ifft(group, m, m - 1 + start);
      for (let i = 0; i < m; i++) work[i] = (work[i] ?? 0) ^ (group[i] ?? 0);
    }
    this.fft(work, m);
    return work.subarray(0, parityCount);
  }
}

/** The next power of two at or above `n` (n ≥ 1). */
function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/**
 * Whether Leopard encodes `dataCount` + `parityCount` shards in GF(2^8) (its 16-bit field takes over when
 * `nextPow2(nextPow2(parityCount) + dataCount)` exceeds 256; that path is not implemented here).
 */
export function leopardFitsField8(dataCount: number, parityCount: number): boolean {
  if (dataCount <= 1 || parityCount <= 1) return true;
  return nextPow2(nextPow2(parityCount) + dataCount) <= ORDER;
}

/**
 * Leopard's parity coefficients: row j, column i is the factor of original shard i in recovery shard j,
 * in Leopard's field. Requires 1 ≤ parityCount ≤ dataCount and `leopardFitsField8`.
 */
export function leopardParityMatrix(dataCount: number, parityCount: number): Uint8Array[] {
  if (dataCount === 1) return Array.from({ length: parityCount }, () => Uint8Array.of(1));
  if (parityCount === 1) return [new Uint8Array(dataCount).fill(1)];
  const encoder = new SymbolEncoder(leopardTables());
  const m = nextPow2(parityCount);
  const rows = Array.from({ length: parityCount }, () => new Uint8Array(dataCount));
  const unit = new Uint8Array(dataCount);
  for (let i = 0; i < dataCount; i++) {
    unit.fill(0);
    unit[i] = 1;
    const column = encoder.encode(unit, parityCount, m);
    for (let j = 0; j < parityCount; j++) {
      const row = rows[j];
      if (row !== undefined) row[i] = column[j] ?? 0;
    }
  }
  return rows;
}
