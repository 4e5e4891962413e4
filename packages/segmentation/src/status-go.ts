import { checkSegment, chunks, DEFAULT_MAX_SEGMENTS } from "./checks.js";
import { codeCache } from "./code-cache.js";
import { InvalidSegmentationOptionError, TooManySegmentsError } from "./errors.js";
import { polynomialBasisField } from "./galois-field.js";
import { encodeParity } from "./linear-code.js";
import { ProtoWriter } from "./proto.js";
import { keccak256, type Segment, type SegmentationProfile, type SplitMessage } from "./segment.js";
import { readStatusGoSegment } from "./status-go-read.js";
import { vandermondeParityMatrix } from "./vandermonde.js";

/** Options of the status-go profile. */
export interface StatusGoInit {
  /** The largest segment payload; a payload up to this size travels unwrapped. @default 100_000 (bytes) */
  readonly segmentSize?: number;
  /** The most data + parity segments of one message (a larger payload is refused). @default 256 */
  readonly maxSegments?: number;
}

/** The status-go profile's default segment payload size in this project (status-go derives its own from the node's limit). */
export const DEFAULT_STATUS_GO_SEGMENT_SIZE = 100_000;

const vandermondeCode = codeCache(polynomialBasisField, vandermondeParityMatrix);

/** status-go's parity count: ⌊data × 0.125⌋, none when data + parity would exceed 256. */
export function statusGoParityCount(dataCount: number): number {
  const parity = Math.floor(dataCount * 0.125);
  return dataCount + parity > 256 ? 0 : parity;
}

function encodeStatusGo(s: Segment): Uint8Array {
  const w = new ProtoWriter().bytes(1, s.hash);
  if (!s.isParity && s.index > 0) w.uint(2, s.index);
  if (!s.isParity && (s.dataCount ?? 0) > 0) w.uint(3, s.dataCount ?? 0);
  if (s.payload.length > 0) w.bytes(4, s.payload);
  if (s.isParity && s.index > 0) w.uint(5, s.index);
  if (s.isParity && (s.parityCount ?? 0) > 0) w.uint(6, s.parityCount ?? 0);
  if ((s.originalLength ?? 0) > 0) w.uint(7, s.originalLength ?? 0);
  return w.finish();
}

/**
 * The status-go wire profile: a payload that fits one segment travels unwrapped; a larger one is cut into
 * `segmentSize` chunks framed as status-go's SegmentMessage (fields 1 hash, 2 index, 3 segments_count,
 * 4 payload, 5 parity index, 6 parity count, 7 original length), with ⌊data × 0.125⌋ parity segments from
 * klauspost/reedsolomon's systematic Vandermonde code, none when data + parity would exceed 256.
 */
export function statusGo(init: StatusGoInit = {}): SegmentationProfile {
  const segmentSize = init.segmentSize ?? DEFAULT_STATUS_GO_SEGMENT_SIZE;
  const maxSegments = init.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  if (!Number.isInteger(segmentSize) || segmentSize < 1) {
    throw new InvalidSegmentationOptionError(`segmentSize ${segmentSize}: a positive integer`);
  }
  if (!Number.isInteger(maxSegments) || maxSegments < 2 || maxSegments > 256) {
    throw new InvalidSegmentationOptionError(`maxSegments ${maxSegments}: an integer in 2..256`);
  }

  const split = (payload: Uint8Array): SplitMessage => {
    const hash = keccak256(payload);
    if (payload.length <= segmentSize) {
      return { hash, dataCount: 1, parityCount: 0, wrapped: false, segments: [payload] };
    }
    const data = chunks(payload, segmentSize);
    const dataCount = data.length;
    const parityCount = statusGoParityCount(dataCount);
    if (dataCount + parityCount > maxSegments) {
      throw new TooManySegmentsError(
        `${dataCount} data + ${parityCount} parity segments, more than ${maxSegments}`,
      );
    }
    const base = { hash, originalLength: payload.length, dataCount, parityCount };
    const parity =
      parityCount === 0 ? [] : encodeParity(vandermondeCode(dataCount, parityCount), data, segmentSize);
    const segments = [
      ...data.map((chunk, index) => encodeStatusGo({ ...base, isParity: false, index, payload: chunk })),
      ...parity.map((shard, index) => encodeStatusGo({ ...base, isParity: true, index, payload: shard })),
    ];
    return { hash, dataCount, parityCount, wrapped: true, segments };
  };

  return {
    name: "status-go",
    maxSegmentPayloadBytes: segmentSize,
    maxSegments,
    split,
    decode: (bytes) => {
      const segment = readStatusGoSegment(bytes);
      return segment === undefined ? undefined : checkSegment(segment, maxSegments, segmentSize);
    },
    encode: encodeStatusGo,
    code: (dataCount, parityCount) =>
      parityCount > 0 && dataCount + parityCount <= 256 ? vandermondeCode(dataCount, parityCount) : undefined,
  };
}
