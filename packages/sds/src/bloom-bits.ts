/**
 * Bit access in the SDS filter layout: big-endian 64-bit words, bit `p` is bit `p mod 64` of word
 * `floor(p / 64)`. These helpers never allocate and never throw for positions inside the filter.
 */

/** The byte holding bit `p`. */
function byteOf(p: number): number {
  return ((p >>> 6) << 3) + 7 - ((p & 63) >>> 3);
}

/** Sets bit `p` of `filter`. */
export function setBit(filter: Uint8Array, p: number): void {
  const i = byteOf(p);
  filter[i] = (filter[i] ?? 0) | (1 << (p & 7));
}

/** True when every position is set in `filter`. */
export function hasAllBits(filter: Uint8Array, positions: Uint32Array): boolean {
  for (let j = 0; j < positions.length; j++) {
    const p = positions[j] ?? 0;
    if (((filter[byteOf(p)] ?? 0) & (1 << (p & 7))) === 0) return false;
  }
  return true;
}

/** Number of set bits in `filter`. */
export function popCount(filter: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < filter.length; i++) {
    let v = filter[i] ?? 0;
    v -= (v >>> 1) & 0x55;
    v = (v & 0x33) + ((v >>> 2) & 0x33);
    n += (v + (v >>> 4)) & 0x0f;
  }
  return n;
}

/**
 * The false-positive rate of a filter with `setBits` of `bits` bits set and `hashes` positions per id:
 * (setBits / bits)^hashes. A saturated filter gives 1: its hits mean nothing.
 */
export function falsePositiveRate(setBits: number, bits: number, hashes: number): number {
  return (setBits / bits) ** hashes;
}
