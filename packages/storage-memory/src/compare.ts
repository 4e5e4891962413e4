import type { MessageId } from "@reliable-channel/interfaces";

/**
 * Orders two strings by their UTF-8 bytes (which is Unicode code point order), as SQLite's BINARY collation
 * does. JavaScript's `<` compares UTF-16 code units, which puts U+10000 and above before U+E000..U+FFFF.
 *
 * @returns a negative number, zero or a positive number, like `Array.prototype.sort` expects.
 */
export function compareMessageIds(a: MessageId, b: MessageId): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (0xD800..0xDFFF, which encode code points above 0xFFFF) above the rest of the BMP. */
function codePointRank(codeUnit: number): number {
  if (codeUnit < 0xd800) return codeUnit;
  return codeUnit >= 0xe000 ? codeUnit - 0x800 : codeUnit + 0x2000;
}

/** Compares two bigints for sorting. */
export function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
