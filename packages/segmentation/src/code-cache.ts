import type { GaloisField } from "./galois-field.js";
import type { LinearCode } from "./linear-code.js";

/** Builds each (data, parity) code once: the matrices are small, computing them is not free. */
export function codeCache(
  field: () => GaloisField,
  rows: (dataCount: number, parityCount: number) => Uint8Array[],
): (dataCount: number, parityCount: number) => LinearCode {
  const cache = new Map<string, LinearCode>();
  return (dataCount, parityCount) => {
    const key = `${dataCount}/${parityCount}`;
    let code = cache.get(key);
    if (code === undefined) {
      code = { field: field(), rows: rows(dataCount, parityCount) };
      if (cache.size >= 64) cache.clear();
      cache.set(key, code);
    }
    return code;
  };
}
