import type { GaloisField } from "./galois-field.js";

/**
 * A systematic erasure code given by its parity rows: parity shard j is Σ_i rows[j][i]·data_i, byte by byte,
 * in `field`. Both profiles' Reed–Solomon codes are such codes (MDS: any `dataCount` of the shards determine
 * the rest), so one encoder and one decoder serve both.
 */
export interface LinearCode {
  readonly field: GaloisField;
  /** `rows[j][i]`: the factor of data shard i in parity shard j. */
  readonly rows: readonly Uint8Array[];
}

/** out ^= c·src, byte by byte (four at a time through 32-bit views when both are aligned). */
function mulAdd(field: GaloisField, c: number, src: Uint8Array, out: Uint8Array): void {
  if (c === 0) return;
  const n = Math.min(src.length, out.length);
  let b = 0;
  if (src.byteOffset % 4 === 0 && out.byteOffset % 4 === 0) {
    const words = n >>> 2;
    const s32 = new Uint32Array(src.buffer, src.byteOffset, words);
    const o32 = new Uint32Array(out.buffer, out.byteOffset, words);
    if (c === 1) {
      for (let w = 0; w < words; w++) o32[w] = (o32[w] ?? 0) ^ (s32[w] ?? 0);
    } else {
      const t = field.mul.subarray(c * 256, c * 256 + 256);
      for (let w = 0; w < words; w++) {
        const x = s32[w] ?? 0;
        const product =
          (t[x & 0xff] ?? 0) |
          ((t[(x >>> 8) & 0xff] ?? 0) << 8) |
          ((t[(x >>> 16) & 0xff] ?? 0) << 16) |
          ((t[x >>> 24] ?? 0) << 24);
        o32[w] = (o32[w] ?? 0) ^ product;
      }
    }
    b = words * 4;
  }
  const table = field.mul.subarray(c * 256, c * 256 + 256);
  for (; b < n; b++) out[b] = (out[b] ?? 0) ^ (table[src[b] ?? 0] ?? 0);
}

/**
 * The parity shards of `data`, each `shardSize` bytes; a data shard shorter than `shardSize` counts as
 * zero-padded.
 */
export function encodeParity(code: LinearCode, data: readonly Uint8Array[], shardSize: number): Uint8Array[] {
  return code.rows.map((row) => {
    const out = new Uint8Array(shardSize);
    for (let i = 0; i < data.length; i++) {
      const shard = data[i];
      if (shard !== undefined) mulAdd(code.field, row[i] ?? 0, shard, out);
    }
    return out;
  });
}

/** Inverts a k×k matrix in place over `field` (Gauss–Jordan); throws when it is singular. */
export function invert(field: GaloisField, matrix: Uint8Array[]): Uint8Array[] {
  const k = matrix.length;
  const inverse = matrix.map((_, i) => {
    const row = new Uint8Array(k);
    row[i] = 1;
    return row;
  });
  for (let col = 0; col < k; col++) {
    let pivot = col;
    while (pivot < k && (matrix[pivot]?.[col] ?? 0) === 0) pivot++;
    if (pivot === k) throw new Error("singular matrix: the code is not MDS for these shards");
    for (const rows of [matrix, inverse]) {
      const tmp = rows[col] ?? new Uint8Array(k);
      rows[col] = rows[pivot] ?? new Uint8Array(k);
      rows[pivot] = tmp;
    }
    const rowM = matrix[col] ?? new Uint8Array(k);
    const rowI = inverse[col] ?? new Uint8Array(k);
    const scale = field.inv[rowM[col] ?? 0] ?? 0;
    const table = field.mul.subarray(scale * 256, scale * 256 + 256);
    for (let c = 0; c < k; c++) {
      rowM[c] = table[rowM[c] ?? 0] ?? 0;
      rowI[c] = table[rowI[c] ?? 0] ?? 0;
    }
    for (let r = 0; r < k; r++) {
      const factor = r === col ? 0 : (matrix[r]?.[col] ?? 0);
      if (factor === 0) continue;
      mulAdd(field, factor, rowM, matrix[r] ?? new Uint8Array(k));
      mulAdd(field, factor, rowI, inverse[r] ?? new Uint8Array(k));
    }
  }
  return inverse;
}

/**
 * Rebuilds the missing data shards from any `dataCount` present shards (data or parity), each `shardSize`
 * bytes (shorter data shards count as zero-padded). Returns every data shard; rebuilt ones are `shardSize`
 * bytes long. Throws when fewer than `dataCount` shards are present.
 */
export function reconstructData(
  code: LinearCode,
  shards: {
    readonly data: readonly (Uint8Array | undefined)[];
    readonly parity: readonly (Uint8Array | undefined)[];
  },
  shardSize: number,
): Uint8Array[] {
  const k = shards.data.length;
  const missing: number[] = [];
  const chosen: { readonly row: Uint8Array; readonly shard: Uint8Array }[] = [];
  shards.data.forEach((shard, i) => {
    if (shard === undefined) {
      missing.push(i);
      return;
    }
    const row = new Uint8Array(k);
    row[i] = 1;
    chosen.push({ row, shard });
  });
  if (missing.length === 0) return shards.data.filter((s) => s !== undefined);
  shards.parity.forEach((shard, j) => {
    const row = code.rows[j];
    if (shard !== undefined && row !== undefined && chosen.length < k)
      chosen.push({ row: row.slice(), shard });
  });
  if (chosen.length < k) throw new Error(`need ${k} shards, have ${chosen.length}`);
  const inverse = invert(
    code.field,
    chosen.map((c) => c.row),
  );
  const out = shards.data.slice();
  for (const i of missing) {
    const rebuilt = new Uint8Array(shardSize);
    const coefficients = inverse[i] ?? new Uint8Array(k);
    chosen.forEach((c, r) => {
      mulAdd(code.field, coefficients[r] ?? 0, c.shard, rebuilt);
    });
    out[i] = rebuilt;
  }
  return out.filter((s) => s !== undefined);
}
