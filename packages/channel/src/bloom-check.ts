import type { MessageId } from "@reliable-channel/interfaces";
import { bloomPositions, MAX_EVIDENCE_FALSE_POSITIVE_RATE, type WireProfile } from "@reliable-channel/sds";
import { falsePositiveRate, hasAllBits, popCount } from "@reliable-channel/sds/internals";

/** Tests one received bloom filter: whether `id` (with its positions in our profile) may be in it. */
export type BloomTest = (id: MessageId, positions: Uint32Array) => boolean;

/** Reads received bloom filters for the "possibly has it" state of a member. */
export interface BloomCheck {
  /** The positions of `id` in the channel's filter profile (kept per message by the caller). */
  positions(id: MessageId): Uint32Array;
  /** A test over received filter bytes, or `undefined` when they cannot be used or say nothing (saturated). */
  reader(bytes: Uint8Array): BloomTest | undefined;
}

/**
 * The bloom check of js-waku's wire with its default filter profile and string hash (`bloomPositions`'
 * default). A filter of another size (a channel that set its own profile) is not read: its members are
 * never `possibly`, only `known`.
 */
export function bloomCheck(wire: Pick<WireProfile, "bloom" | "decodeFilter">): BloomCheck {
  const profile = wire.bloom;
  return {
    positions: (id) => bloomPositions(profile, id),
    reader(bytes) {
      const received = wire.decodeFilter(bytes, profile);
      if (received === undefined) return undefined;
      const rate = falsePositiveRate(popCount(received.filter), received.bits, received.hashes);
      if (!(rate <= MAX_EVIDENCE_FALSE_POSITIVE_RATE)) return undefined;
      if (received.bits !== profile.bits || received.hashes !== profile.hashes) return undefined;
      return (_id, positions) => hasAllBits(received.filter, positions);
    },
  };
}
