import type { SdsMessage } from "@reliable-channel/interfaces";
import type { BloomHash, BloomHasher } from "./bloom-hash.js";
import type { BloomProfile } from "./bloom-profile.js";
import { wakuCompatBloom } from "./bloom-profile.js";
import { decodeSdsMessage, encodeSdsMessage } from "./codec.js";
import { nimBaseHashes } from "./nim-hash.js";

/** The names of the wire profiles. */
export type WireProfileName = "js-waku" | "nim-sds";

/** Every {@link WireProfileName}, for validation. */
export const WIRE_PROFILE_NAMES: readonly WireProfileName[] = Object.freeze(["js-waku", "nim-sds"]);

/** A received bloom filter, in the in-memory layout, with the size and hash count it was built with. */
export interface ReceivedFilter {
  readonly bits: number;
  readonly hashes: number;
  /** Big-endian 64-bit words (see `bloom-bits.ts`). */
  readonly filter: Uint8Array;
}

/**
 * What differs between the SDS implementations a channel can speak to: the message codec, the bloom
 * filter's wire form and string hash, and the Lamport clock's unit. The SDS core is one state machine over
 * any profile; every participant of a channel must use the same one.
 */
export interface WireProfile {
  readonly name: WireProfileName;
  /** Encodes a message. */
  encode(message: SdsMessage): Uint8Array;
  /** Decodes a message. @throws DecodeError on anything but well-formed bytes of this profile. */
  decode(bytes: Uint8Array): SdsMessage;
  /** The name of the string hash behind bloom positions (kept with a saved filter). */
  readonly bloomHash: BloomHash;
  /** That hash. */
  readonly bloomHasher: BloomHasher;
  /** The bloom profile a channel on this wire uses unless told otherwise. */
  readonly bloom: BloomProfile;
  /** The wire form of `filter` (in-memory layout, built with `profile`): a fresh array. */
  encodeFilter(filter: Uint8Array, profile: BloomProfile): Uint8Array;
  /** A received filter, or `undefined` when it cannot be used (never throws). */
  decodeFilter(bytes: Uint8Array, profile: BloomProfile): ReceivedFilter | undefined;
  /** Milliseconds per Lamport tick of wall time: 1 (js-waku) or 1 000 (nim-sds: Unix seconds). */
  readonly lamportUnitMs: number;
  /** The timestamp of the next message we send, from our clock and the wall time in Lamport units. */
  nextLamport(clock: bigint, wall: bigint): bigint;
  /** Whether the wire has ephemeral messages (a content without a Lamport timestamp). */
  readonly ephemeral: boolean;
}

/**
 * @waku/sds 0.0.8's wire (the default): its field numbers and proto3 rules, the filter as raw big-endian
 * words of the receiver's own size, js-waku's MurmurHash3, Lamport time in milliseconds
 * (`max(now, clock + 1)`), ephemeral messages.
 */
export const jsWakuWire: WireProfile = Object.freeze({
  name: "js-waku",
  encode: encodeSdsMessage,
  decode: decodeSdsMessage,
  bloomHash: "murmur3-32",
  bloomHasher: nimBaseHashes,
  bloom: wakuCompatBloom,
  encodeFilter: (filter: Uint8Array) => filter.slice(),
  decodeFilter: (bytes: Uint8Array, profile: BloomProfile) =>
    bytes.length === profile.byteLength
      ? { bits: profile.bits, hashes: profile.hashes, filter: bytes }
      : undefined,
  lamportUnitMs: 1,
  nextLamport: (clock: bigint, wall: bigint) => (wall > clock + 1n ? wall : clock + 1n),
  ephemeral: true,
});
