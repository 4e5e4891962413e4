/** Maps a UTF-16 unit so that comparing mapped units orders strings by code point (= UTF-8 byte order). */
function rank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Orders ids by their UTF-8 bytes (never by locale). Returns <0, 0 or >0. */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** Something with a Lamport timestamp and an id. */
export interface Ordered {
  readonly lamportTimestamp: bigint;
  readonly messageId: string;
}

/** The SDS total order: Lamport timestamp, then message id in byte order. */
export function compareOrdered(a: Ordered, b: Ordered): number {
  if (a.lamportTimestamp !== b.lamportTimestamp) return a.lamportTimestamp < b.lamportTimestamp ? -1 : 1;
  return compareIds(a.messageId, b.messageId);
}
