import { MalformedSegmentError, SegmentIndexError, TooManySegmentsError } from "./errors.js";
import type { Segment } from "./segment.js";

/** The most data + parity segments of one message, in both profiles (GF(2^8) codes have at most 256 shards). */
export const DEFAULT_MAX_SEGMENTS = 256;

/**
 * The checks every decoded segment passes, whatever its profile: a 32-byte hash, at least one data segment,
 * data + parity within `maxSegments`, an index within its class, a payload within `maxPayloadBytes`.
 */
export function checkSegment(segment: Segment, maxSegments: number, maxPayloadBytes: number): Segment {
  if (segment.hash.length !== 32)
    throw new MalformedSegmentError(`hash of ${segment.hash.length} bytes, not 32`);
  if (segment.dataCount !== undefined && segment.dataCount < 1)
    throw new MalformedSegmentError("no data segments");
  const total = (segment.dataCount ?? 0) + (segment.parityCount ?? 0);
  if (total > maxSegments) throw new TooManySegmentsError(`${total} segments, more than ${maxSegments}`);
  const classCount = segment.isParity ? segment.parityCount : segment.dataCount;
  if (classCount !== undefined && segment.index >= classCount) {
    throw new SegmentIndexError(
      `${segment.isParity ? "parity" : "data"} index ${segment.index} of ${classCount} segments`,
    );
  }
  if (segment.payload.length > maxPayloadBytes) {
    throw new MalformedSegmentError(
      `segment payload of ${segment.payload.length} bytes, over ${maxPayloadBytes}`,
    );
  }
  return segment;
}

/** `payload` cut into consecutive chunks of `chunkSize` bytes (views, the last one possibly short; one empty chunk for an empty payload). */
export function chunks(payload: Uint8Array, chunkSize: number): Uint8Array[] {
  if (payload.length === 0) return [payload];
  const out: Uint8Array[] = [];
  for (let start = 0; start < payload.length; start += chunkSize)
    out.push(payload.subarray(start, start + chunkSize));
  return out;
}
