import { checkSegment, chunks, DEFAULT_MAX_SEGMENTS } from "./checks.js";
import { codeCache } from "./code-cache.js";
import { InvalidSegmentationOptionError, MalformedSegmentError, TooManySegmentsError } from "./errors.js";
import { leopardField, leopardFitsField8, leopardParityMatrix } from "./leopard.js";
import { encodeParity } from "./linear-code.js";
import { ProtoFormatError, ProtoWriter, readFields } from "./proto.js";
import { keccak256, type Segment, type SegmentationProfile, type SplitMessage } from "./segment.js";

/** Options of the LIP-243 profile (nim-segmentation). */
export interface Lip243Init {
  /** The largest encoded segment, header included; chunks are ⌊(size − 128) / 64⌋ × 64 bytes. At least 192. @default 102_400 (bytes) */
  readonly segmentSizeBytes?: number;
  /** Parity segments per data segment, in [0, 1]; parity = min(⌈data × rate⌉, data). @default 0 (no parity, as nim-segmentation) */
  readonly parityRate?: number;
  /** The most data + parity segments of one message. @default 256 */
  readonly maxSegments?: number;
}

/** nim-segmentation's segment size. */
export const DEFAULT_LIP243_SEGMENT_SIZE_BYTES = 102_400;
/** nim-segmentation's parity rate: off. */
export const DEFAULT_LIP243_PARITY_RATE = 0;

const HEADER_RESERVE = 128;
const ALIGNMENT = 64;
const MILLION = 1_000_000;

const leopardCode = codeCache(leopardField, leopardParityMatrix);

/** Parity segments for `dataCount` at `rate`, in nim-segmentation's integer arithmetic. */
export function lip243ParityCount(dataCount: number, parityRate: number): number {
  const r = Math.round(parityRate * MILLION);
  return Math.min(Math.ceil((dataCount * r) / MILLION), dataCount);
}

function encodeLip243(s: Segment): Uint8Array {
  const w = new ProtoWriter().bytes(1, s.hash);
  if ((s.originalLength ?? 0) > 0) w.uint(2, s.originalLength ?? 0);
  if (s.index > 0) w.uint(3, s.index);
  w.uint(4, s.dataCount ?? 1);
  if ((s.parityCount ?? 0) > 0) w.uint(5, s.parityCount ?? 0);
  if (s.isParity) w.uint(6, 1);
  if (s.payload.length > 0) w.bytes(7, s.payload);
  return w.finish();
}

function decodeLip243(bytes: Uint8Array): Segment {
  let fields: Map<number, number | Uint8Array>;
  try {
    fields = readFields(bytes);
  } catch (error) {
    if (error instanceof ProtoFormatError) throw new MalformedSegmentError(error.message, { cause: error });
    throw error;
  }
  const bytesField = (tag: number): Uint8Array => {
    const v = fields.get(tag);
    if (typeof v === "number") throw new MalformedSegmentError(`field ${tag} is not bytes`);
    return v ?? new Uint8Array(0);
  };
  const uintField = (tag: number): number => {
    const v = fields.get(tag);
    if (v instanceof Uint8Array) throw new MalformedSegmentError(`field ${tag} is not a varint`);
    return v ?? 0;
  };
  return {
    hash: bytesField(1),
    originalLength: uintField(2),
    index: uintField(3),
    dataCount: uintField(4),
    parityCount: uintField(5),
    isParity: uintField(6) !== 0,
    payload: bytesField(7),
  };
}

/**
 * The LIP-243 wire profile as nim-segmentation implements it: every payload wrapped in a SegmentMessage
 * (fields 1 hash, 2 original length, 3 index within its class, 4 data count, 5 parity count, 6 is_parity,
 * 7 payload), Leopard-RS parity. See PROTOCOL.md.
 */
export function lip243(init: Lip243Init = {}): SegmentationProfile {
  const segmentSizeBytes = init.segmentSizeBytes ?? DEFAULT_LIP243_SEGMENT_SIZE_BYTES;
  const parityRate = init.parityRate ?? DEFAULT_LIP243_PARITY_RATE;
  const maxSegments = init.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  if (!Number.isInteger(segmentSizeBytes) || segmentSizeBytes < 192) {
    throw new InvalidSegmentationOptionError(
      `segmentSizeBytes ${segmentSizeBytes}: an integer of at least 192`,
    );
  }
  if (!(parityRate >= 0 && parityRate <= 1))
    throw new InvalidSegmentationOptionError(`parityRate ${parityRate}: in [0, 1]`);
  if (!Number.isInteger(maxSegments) || maxSegments < 1 || maxSegments > 256) {
    throw new InvalidSegmentationOptionError(`maxSegments ${maxSegments}: an integer in 1..256`);
  }
  const chunkSize = Math.floor((segmentSizeBytes - HEADER_RESERVE) / ALIGNMENT) * ALIGNMENT;

  const split = (payload: Uint8Array): SplitMessage => {
    const data = chunks(payload, chunkSize);
    const dataCount = data.length;
    const parityCount = lip243ParityCount(dataCount, parityRate);
    if (dataCount + parityCount > maxSegments) {
      throw new TooManySegmentsError(
        `${dataCount} data + ${parityCount} parity segments, more than ${maxSegments}`,
      );
    }
    if (!leopardFitsField8(dataCount, parityCount)) {
      throw new TooManySegmentsError(
        `${dataCount} data + ${parityCount} parity segments need Leopard's 16-bit field, which is not implemented`,
      );
    }
    const hash = keccak256(payload);
    const base = { hash, originalLength: payload.length, dataCount, parityCount };
    const parity =
      parityCount === 0 ? [] : encodeParity(leopardCode(dataCount, parityCount), data, chunkSize);
    const segments = [
      ...data.map((chunk, index) => encodeLip243({ ...base, isParity: false, index, payload: chunk })),
      ...parity.map((shard, index) => encodeLip243({ ...base, isParity: true, index, payload: shard })),
    ];
    return { hash, dataCount, parityCount, wrapped: true, segments };
  };

  return {
    name: "lip-243",
    maxSegmentPayloadBytes: segmentSizeBytes,
    maxSegments,
    split,
    decode: (bytes) => checkSegment(decodeLip243(bytes), maxSegments, segmentSizeBytes),
    encode: encodeLip243,
    code: (dataCount, parityCount) =>
      parityCount > 0 && parityCount <= dataCount && leopardFitsField8(dataCount, parityCount)
        ? leopardCode(dataCount, parityCount)
        : undefined,
  };
}
