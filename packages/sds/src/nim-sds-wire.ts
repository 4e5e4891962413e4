import { type BloomProfile, nimSdsBloom } from "./bloom-profile.js";
import { farmBaseHashes } from "./farm-bloom-hash.js";
import { decodeNimBloom, encodeNimBloom } from "./nim-bloom.js";
import { decodeNimSdsMessage, encodeNimSdsMessage } from "./nim-codec.js";
import type { WireProfile } from "./wire-profile.js";

/**
 * nim-sds's wire (master, as logos-delivery runs it): its field numbers with required fields written
 * even when empty, the filter wrapped in a protobuf with its parameters and little-endian words (a
 * received filter is read with the parameters it carries), native Nim's FarmHash64, Lamport time in Unix
 * seconds (`max(now, clock) + 1`), no ephemeral messages. Message ids are whatever the sender chose.
 */
export const nimSdsWire: WireProfile = Object.freeze({
  name: "nim-sds",
  encode: encodeNimSdsMessage,
  decode: decodeNimSdsMessage,
  bloomHash: "farmhash64",
  bloomHasher: farmBaseHashes,
  bloom: nimSdsBloom,
  encodeFilter: (filter: Uint8Array, profile: BloomProfile) =>
    encodeNimBloom(filter, {
      capacity: 2 * profile.generationCapacity,
      errorRateMillionths: Math.floor(profile.designFalsePositiveRate * 1_000_000),
      hashes: profile.hashes,
      bits: profile.bits,
    }),
  decodeFilter: (bytes: Uint8Array) => decodeNimBloom(bytes),
  lamportUnitMs: 1_000,
  nextLamport: (clock: bigint, wall: bigint) => (wall > clock ? wall : clock) + 1n,
  ephemeral: false,
});
