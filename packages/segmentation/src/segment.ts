import { keccak_256 } from "@noble/hashes/sha3";
import type { LinearCode } from "./linear-code.js";

/**
 * One segment of a logical message, in the terms both wire profiles share. A profile's decoder fills in
 * what its format carries; what it does not carry is `undefined` and is learnt from the sibling segments.
 */
export interface Segment {
  /** Keccak-256 (legacy Keccak) of the whole payload, 32 bytes. */
  readonly hash: Uint8Array;
  /** The whole payload's length in bytes, when the format carries it. */
  readonly originalLength: number | undefined;
  /** Whether this is a parity segment (else a data segment). */
  readonly isParity: boolean;
  /** Zero-based position within its class (data or parity). */
  readonly index: number;
  /** How many data segments the message has; a status-go parity segment does not say. */
  readonly dataCount: number | undefined;
  /** How many parity segments the message has; a status-go data segment does not say. */
  readonly parityCount: number | undefined;
  /** The data chunk (at its true length) or the parity shard. */
  readonly payload: Uint8Array;
}

/** A payload split for the wire. */
export interface SplitMessage {
  /** Keccak-256 of the payload. */
  readonly hash: Uint8Array;
  /** Number of data segments (1 for an unwrapped payload). */
  readonly dataCount: number;
  /** Number of parity segments. */
  readonly parityCount: number;
  /** `false` when the payload travels as it is (status-go, a payload that fits one segment). */
  readonly wrapped: boolean;
  /** The wire bytes: data segments in order, then parity segments; or the payload alone when not wrapped. */
  readonly segments: readonly Uint8Array[];
}

/**
 * A wire profile: how payloads are split, protected and framed. Create one with `lip243()` or `statusGo()`.
 * A profile is pure: no timers, no I/O, no state beyond cached code matrices.
 */
export interface SegmentationProfile {
  /** `lip-243` or `status-go`. */
  readonly name: "lip-243" | "status-go";
  /** The largest segment payload (data chunk or parity shard) this profile sends or accepts, in bytes. */
  readonly maxSegmentPayloadBytes: number;
  /** The most data + parity segments one message may have. */
  readonly maxSegments: number;
  /** Splits a payload; throws `TooManySegmentsError` when it would need more than `maxSegments` segments. */
  split(payload: Uint8Array): SplitMessage;
  /**
   * Decodes wire bytes. Returns `undefined` for bytes that are not a segment (status-go's unwrapped payloads);
   * throws a `SegmentationError` for a segment that breaks the rules (see `SegmentationFailure`).
   */
  decode(bytes: Uint8Array): Segment | undefined;
  /** Encodes a segment as this profile frames it. */
  encode(segment: Segment): Uint8Array;
  /** The erasure code for these counts, or `undefined` when this implementation cannot decode it. */
  code(dataCount: number, parityCount: number): LinearCode | undefined;
}

/** Keccak-256 (the legacy Keccak both formats use, not SHA3-256). */
export function keccak256(bytes: Uint8Array): Uint8Array {
  return keccak_256(bytes);
}
