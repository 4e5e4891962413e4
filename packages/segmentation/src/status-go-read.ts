import { readFields } from "./proto.js";
import type { Segment } from "./segment.js";

/**
 * status-go's reading: bytes are a segment when they parse as a SegmentMessage with a 32-byte hash and either
 * at least two data segments or some parity (its `IsValid`); anything else is an unwrapped payload. The
 * segment is not checked further here (see `checkSegment`).
 */
export function readStatusGoSegment(bytes: Uint8Array): Segment | undefined {
  let fields: Map<number, number | Uint8Array>;
  try {
    fields = readFields(bytes);
  } catch {
    return undefined;
  }
  const get = <T extends number | Uint8Array>(
    tag: number,
    kind: "number" | "bytes",
    fallback: T,
  ): T | null => {
    const v = fields.get(tag);
    if (v === undefined) return fallback;
    return (kind === "number") === (typeof v === "number") ? (v as T) : null;
  };
  const hash = get(1, "bytes", new Uint8Array(0));
  const index = get(2, "number", 0);
  const segmentsCount = get(3, "number", 0);
  const payload = get(4, "bytes", new Uint8Array(0));
  const parityIndex = get(5, "number", 0);
  const parityCount = get(6, "number", 0);
  const originalLength = fields.has(7) ? get(7, "number", 0) : undefined;
  if (hash === null || index === null || segmentsCount === null || payload === null) return undefined;
  if (parityIndex === null || parityCount === null || originalLength === null) return undefined;
  if (hash.length !== 32 || (segmentsCount < 2 && parityCount === 0)) return undefined;
  const isParity = segmentsCount === 0;
  return {
    hash,
    originalLength,
    isParity,
    index: isParity ? parityIndex : index,
    dataCount: isParity ? undefined : segmentsCount,
    parityCount: isParity || parityCount > 0 ? parityCount : undefined,
    payload,
  };
}

/**
 * Whether the status-go profile takes `bytes` for a segment (which it then checks, reassembles or drops)
 * rather than for a payload that travelled unwrapped. Cheap: a protobuf scan, no hashing, no parity code —
 * a receiver can ask it of every payload before it loads the rest of segmentation.
 */
export function isStatusGoSegment(bytes: Uint8Array): boolean {
  return readStatusGoSegment(bytes) !== undefined;
}
