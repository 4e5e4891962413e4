/**
 * GF(2^8) arithmetic over lookup tables. Both wire profiles use the field GF(2)[x] / (x^8 + x^4 + x^3 + x^2 + 1)
 * (0x11D); Leopard-RS represents its elements in a Cantor basis, klauspost/reedsolomon in the polynomial basis.
 * A field here is its multiplication table, `mul[a * 256 + b] = a·b`, and the inverse of every element.
 */
export interface GaloisField {
  /** `mul[a * 256 + b]` is the product a·b. */
  readonly mul: Uint8Array;
  /** `inv[a]` is 1/a, and `inv[0]` is 0. */
  readonly inv: Uint8Array;
}

/** The reduction polynomial x^8 + x^4 + x^3 + x^2 + 1 of both profiles' fields. */
export const FIELD_POLYNOMIAL = 0x11d;

/** Builds a field from a logarithm table (`log[a]` for a ≠ 0) and its inverse (`exp[i]` for 0 ≤ i < 255). */
export function fieldFromLogs(log: Uint8Array, exp: Uint8Array): GaloisField {
  const mul = new Uint8Array(65_536);
  const inv = new Uint8Array(256);
  for (let a = 1; a < 256; a++) {
    const logA = log[a] ?? 0;
    for (let b = 1; b < 256; b++) mul[a * 256 + b] = exp[(logA + (log[b] ?? 0)) % 255] ?? 0;
    inv[a] = exp[(255 - logA) % 255] ?? 0;
  }
  return { mul, inv };
}

let polynomialField: GaloisField | undefined;

/** The field in the polynomial basis with generator 2, as klauspost/reedsolomon builds it. */
export function polynomialBasisField(): GaloisField {
  if (polynomialField === undefined) {
    const log = new Uint8Array(256);
    const exp = new Uint8Array(256);
    let x = 1;
    for (let i = 0; i < 255; i++) {
      exp[i] = x;
      log[x] = i;
      x <<= 1;
      if (x >= 256) x ^= FIELD_POLYNOMIAL;
    }
    polynomialField = fieldFromLogs(log, exp);
  }
  return polynomialField;
}

/** a^n in the polynomial-basis field (klauspost's `galExp`: a^0 = 1, 0^n = 0 for n > 0). */
export function power(field: GaloisField, a: number, n: number): number {
  let result = 1;
  for (let i = 0; i < n; i++) result = field.mul[result * 256 + a] ?? 0;
  return result;
}
