import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { BloomHasher } from "./bloom-hash.js";
import { nimBaseHashes } from "./nim-hash.js";

/**
 * The shape of a channel's bloom filter: size, hash count, wire layout and rolling capacity.
 * Every participant of a channel must use the same profile (it is channel-wide configuration);
 * a received filter of another size is ignored, never trusted.
 *
 * Layout in memory (every profile): `bits` bits packed in big-endian 64-bit words, bit `p` is bit `p mod 64`
 * of word `floor(p / 64)`; positions are Nim's `hashN(id, i, bits)` for `i < hashes` (Kirsch–Mitzenmacher
 * double hashing) over the wire profile's string hash (see `WireProfile.bloomHasher`). The js-waku wire
 * carries these bytes as they are; the nim-sds wire wraps them (see `nim-bloom.ts`).
 */
export interface BloomProfile {
  /** `"waku-compat"` or `"compact"`. */
  readonly name: string;
  /** Number of bits `m`. */
  readonly bits: number;
  /** Number of hash positions `k` per id. */
  readonly hashes: number;
  /** Bytes on the wire: 8 × (1 + floor(bits / 64)). */
  readonly byteLength: number;
  /** Ids one generation holds before the filter rolls; the sent filter holds at most twice as many. */
  readonly generationCapacity: number;
  /** The false-positive rate the profile is designed for at `2 × generationCapacity` ids. */
  readonly designFalsePositiveRate: number;
  /** Which content messages carry the filter (sync messages always do): see {@link BloomAttachment}. */
  readonly attach: BloomAttachment;
  /**
   * At most one content message in `sendEvery` carries the filter: after one that did, the next
   * `sendEvery − 1` go without it, and acknowledgements that only the filter would carry wait for the one
   * after (1 = no limit). Bounds the bytes of a busy channel, where the filter would be due on every message.
   */
  readonly sendEvery: number;
}

/**
 * Which content messages carry the sender's bloom filter (every sync message carries it, whatever this
 * says; a message without the field is valid SDS and js-waku accepts it).
 * - `"when-needed"`: only a message that acknowledges something its causal history does not — a content
 *   message received since our last filter that no message of ours has named yet, or a duplicate showing
 *   that its sender missed our acknowledgement. A participant that sends more than it receives, or whose
 *   causal history names everything it received, sends no filter on content messages at all.
 * - `"always"`: every content message, as js-waku does.
 */
export type BloomAttachment = "when-needed" | "always";

/** Every {@link BloomAttachment}, for validation. */
export const BLOOM_ATTACHMENTS: readonly BloomAttachment[] = Object.freeze(["when-needed", "always"]);

/**
 * js-waku's exact filter (capacity 10 000 at error rate 0.001): m = 150 000 bits, k = 10,
 * 2 344 words = 18 752 bytes. js-waku drops a whole message whose filter is shorter than this, so a channel
 * with js-waku peers must use this profile (or omit the field). Ours rolls every 5 000 ids, so it never
 * saturates, and rides on a content message only when needed (`attach: "when-needed"`), and then on at
 * most every second one (`sendEvery: 2`): 18.7 KB on every message is what makes js-waku's messages 40+ KB.
 */
export const wakuCompatBloom: BloomProfile = Object.freeze({
  name: "waku-compat",
  bits: 150_000,
  hashes: 10,
  byteLength: 18_752,
  generationCapacity: 5_000,
  designFalsePositiveRate: 0.001,
  attach: "when-needed",
  sendEvery: 2,
});

/**
 * nim-sds's default filter (capacity 10 000 at error rate 0.001: m = 150 000 bits, k = 10, the same size as
 * js-waku's), for the nim-sds wire profile, where it travels wrapped with its parameters (18 768 bytes).
 * nim-sds sends it on every message; ours rides along only when needed and then on at most every second
 * content message, as in {@link wakuCompatBloom}. nim-sds reads the parameters from the bytes, so any size
 * works with it; this one is what a nim-sds participant sends.
 */
export const nimSdsBloom: BloomProfile = Object.freeze({
  name: "nim-sds",
  bits: 150_000,
  hashes: 10,
  byteLength: 18_752,
  generationCapacity: 5_000,
  designFalsePositiveRate: 0.001,
  attach: "when-needed",
  sendEvery: 2,
});

/** Options of {@link compactBloom}. */
export interface CompactBloomOptions {
  /**
   * Ids the sent filter is sized for (two generations of `capacity / 2`).
   * @default 1_000 (ids)
   */
  readonly capacity?: number;
  /**
   * Target false-positive rate at `capacity` ids.
   * @default 0.001
   */
  readonly falsePositiveRate?: number;
  /**
   * Which content messages carry the filter (sync messages always do).
   * @default "when-needed"
   */
  readonly attach?: BloomAttachment;
  /**
   * At most one content message in this many carries the filter (see {@link BloomProfile.sendEvery}).
   * @default 1 (no limit)
   */
  readonly sendEvery?: number;
}

/** Default {@link CompactBloomOptions.capacity}. @default 1_000 (ids) */
export const DEFAULT_COMPACT_BLOOM_CAPACITY = 1_000;
/** Default {@link CompactBloomOptions.falsePositiveRate}. @default 0.001 */
export const DEFAULT_COMPACT_BLOOM_FALSE_POSITIVE_RATE = 0.001;

/**
 * A small rolling profile for channels whose participants all run this library (not js-waku).
 * Sized with the textbook optimum: bits = ⌈−n·ln p / ln²2⌉, k = round(ln 2 · bits / n).
 * With the defaults: 14 378 bits, k = 10, 1 800 bytes on the wire.
 */
export function compactBloom(options: CompactBloomOptions = {}): BloomProfile {
  const capacity = options.capacity ?? DEFAULT_COMPACT_BLOOM_CAPACITY;
  const p = options.falsePositiveRate ?? DEFAULT_COMPACT_BLOOM_FALSE_POSITIVE_RATE;
  if (!Number.isInteger(capacity) || capacity < 2 || capacity > 1_000_000) {
    throw new InvalidArgumentError(`compactBloom capacity must be an integer in [2, 1e6], got ${capacity}`);
  }
  if (!(p > 0 && p < 1)) throw new InvalidArgumentError(`compactBloom falsePositiveRate must be in (0, 1)`);
  const attach = options.attach ?? "when-needed";
  if (!BLOOM_ATTACHMENTS.includes(attach)) {
    throw new InvalidArgumentError(
      `compactBloom attach must be one of ${BLOOM_ATTACHMENTS.join(", ")}, got ${String(attach)}`,
    );
  }
  const sendEvery = options.sendEvery ?? 1;
  if (!Number.isInteger(sendEvery) || sendEvery < 1) {
    throw new InvalidArgumentError(`compactBloom sendEvery must be a positive integer, got ${sendEvery}`);
  }
  const bits = Math.ceil((-capacity * Math.log(p)) / Math.LN2 ** 2);
  return Object.freeze({
    name: "compact",
    bits,
    hashes: Math.max(1, Math.round((Math.LN2 * bits) / capacity)),
    byteLength: 8 * (1 + Math.floor(bits / 64)),
    generationCapacity: Math.floor(capacity / 2),
    designFalsePositiveRate: p,
    attach,
    sendEvery,
  });
}

/**
 * The `profile.hashes` bit positions of `id` (Nim `hashN(id, i, bits)` for i = 0..k−1) under `hash`
 * (js-waku's MurmurHash3 unless told; nim-sds's is `farmBaseHashes` from `@reliable-channel/sds/nim-sds`).
 */
export function bloomPositions(
  profile: Pick<BloomProfile, "bits" | "hashes">,
  id: string,
  hash: BloomHasher = nimBaseHashes,
): Uint32Array {
  const [a, b] = hash(id, profile.bits);
  const out = new Uint32Array(profile.hashes);
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(a + i * b) % profile.bits;
  return out;
}
