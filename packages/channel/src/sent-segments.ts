import type { MessageId } from "@reliable-channel/interfaces";
import type { SegmentPlace } from "./segmenter.js";

const PREFIX = "o/";
const decoder = new TextDecoder();

/** The storage key (reassembly namespace) of a sent segment's place in its logical message. */
export function sentSegmentKey(segmentId: MessageId): string {
  return `${PREFIX}${segmentId}`;
}

/** The sent segments' places kept in storage; a row that does not parse is left out. */
export function sentSegments(meta: Readonly<Record<string, Uint8Array>>): Map<MessageId, SegmentPlace> {
  const places = new Map<MessageId, SegmentPlace>();
  for (const [key, value] of Object.entries(meta)) {
    if (!key.startsWith(PREFIX)) continue;
    try {
      const place: unknown = JSON.parse(decoder.decode(value));
      if (isPlace(place)) places.set(key.slice(PREFIX.length), place);
    } catch {
      // Not ours, or damaged: the segment's events then carry its own id only.
    }
  }
  return places;
}

function isPlace(value: unknown): value is SegmentPlace {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.logicalId === "string" &&
    typeof v.index === "number" &&
    typeof v.total === "number" &&
    typeof v.data === "number"
  );
}
