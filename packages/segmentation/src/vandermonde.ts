import { type GaloisField, polynomialBasisField, power } from "./galois-field.js";
import { invert } from "./linear-code.js";

/**
 * The parity rows of klauspost/reedsolomon's default code (`reedsolomon.New(data, parity)`, the code
 * status-go's segmentation uses): the Vandermonde matrix V[r][c] = r^c of `dataCount + parityCount` rows, made
 * systematic by multiplying with the inverse of its top `dataCount` rows. Row j is the factor of each data
 * shard in parity shard j, in the polynomial-basis field. Requires dataCount + parityCount ≤ 256.
 */
export function vandermondeParityMatrix(dataCount: number, parityCount: number): Uint8Array[] {
  const field = polynomialBasisField();
  const row = (r: number): Uint8Array => Uint8Array.from({ length: dataCount }, (_, c) => power(field, r, c));
  const topInverse = invert(
    field,
    Array.from({ length: dataCount }, (_, r) => row(r)),
  );
  return Array.from({ length: parityCount }, (_, j) => multiplyRow(field, row(dataCount + j), topInverse));
}

/** The row vector `v` times the matrix `m`. */
function multiplyRow(field: GaloisField, v: Uint8Array, m: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(v.length);
  v.forEach((factor, i) => {
    const mRow = m[i];
    if (factor === 0 || mRow === undefined) return;
    for (let c = 0; c < out.length; c++)
      out[c] = (out[c] ?? 0) ^ (field.mul[factor * 256 + (mRow[c] ?? 0)] ?? 0);
  });
  return out;
}
