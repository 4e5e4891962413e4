import { DecodeError } from "@reliable-channel/interfaces";
import { In, LEN, Out, uint64Size, VARINT } from "./proto-io.js";

/**
 * The parameters nim-sds writes beside its filter words (`serializeBloomFilter`): capacity n, error rate p,
 * hash count k and size in bits m.
 */
export interface NimBloomParams {
  readonly capacity: number;
  /** As written: `uint64(p × 1 000 000)`, truncated (0.001 → 1000). */
  readonly errorRateMillionths: number;
  readonly hashes: number;
  readonly bits: number;
}

/** A filter read from the wire, in the in-memory layout (big-endian 64-bit words). */
export interface NimBloom extends NimBloomParams {
  readonly filter: Uint8Array;
}

/** The most hash positions per id accepted from the wire: more would make every lookup a denial of service. */
export const NIM_BLOOM_MAX_HASHES = 64;

/** Reverses the bytes of each 64-bit word: big-endian words ↔ little-endian words (its own inverse). */
function swapWords(from: Uint8Array, words: number): Uint8Array {
  const out = new Uint8Array(words * 8);
  for (let w = 0; w < words; w++) {
    const at = w * 8;
    for (let i = 0; i < 8; i++) out[at + i] = from[at + 7 - i] ?? 0;
  }
  return out;
}

/**
 * The nim-sds form of a filter (message field 6): a protobuf of 1 = the words, each 8 bytes little-endian,
 * 2 = capacity, 3 = error rate × 10⁶, 4 = k, 5 = m (varints). `filter` is in the in-memory layout.
 */
export function encodeNimBloom(filter: Uint8Array, params: NimBloomParams): Uint8Array {
  const words = swapWords(filter, filter.length >>> 3);
  const numbers = [params.capacity, params.errorRateMillionths, params.hashes, params.bits].map(BigInt);
  let size = 1 + uint64Size(BigInt(words.length)) + words.length;
  for (const n of numbers) size += 1 + uint64Size(n);
  const out = new Out(size);
  out.bytes(0x0a, words);
  numbers.forEach((n, i) => {
    out.byte(((i + 2) << 3) | VARINT);
    out.uint64(n);
  });
  return out.buf;
}

/** Reads the five fields; throws DecodeError on malformed bytes. */
function readFields(bytes: Uint8Array): { words?: Uint8Array; numbers: Map<number, bigint> } {
  const r = new In(bytes);
  const numbers = new Map<number, bigint>();
  let words: Uint8Array | undefined;
  while (r.pos < r.len) {
    const tag = r.uint32();
    const [field, wire] = [tag >>> 3, tag & 7];
    if (field === 1 && wire === LEN) words = r.bytes();
    else if (field >= 2 && field <= 5 && wire === VARINT) numbers.set(field, r.uint64());
    else r.skip(wire);
  }
  return words === undefined ? { numbers } : { words, numbers };
}

/**
 * Reads a nim-sds filter, or `undefined` when it cannot be used: malformed, a field missing, or
 * parameters that do not describe its own words (m of 0 or beyond the words, k of 0 or above
 * {@link NIM_BLOOM_MAX_HASHES}). Never throws: a bad filter is ignored, as nim-sds ignores one it cannot read.
 */
export function decodeNimBloom(bytes: Uint8Array): NimBloom | undefined {
  let fields: ReturnType<typeof readFields>;
  try {
    fields = readFields(bytes);
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
  const { words, numbers } = fields;
  const [capacity, errorRate, hashes, bits] = [2, 3, 4, 5].map((f) => numbers.get(f));
  if (words === undefined || capacity === undefined || errorRate === undefined) return undefined;
  if (hashes === undefined || bits === undefined) return undefined;
  const wordCount = words.length >>> 3;
  if (bits < 1n || bits > BigInt(wordCount * 64) || hashes < 1n || hashes > BigInt(NIM_BLOOM_MAX_HASHES))
    return undefined;
  const clamp = (n: bigint): number =>
    Number(n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : n);
  return {
    capacity: clamp(capacity),
    errorRateMillionths: clamp(errorRate),
    hashes: Number(hashes),
    bits: Number(bits),
    filter: swapWords(words, wordCount),
  };
}
