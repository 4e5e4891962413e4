/**
 * The wire profile of the channels a transport carries: `"js-waku"` (js-waku's ReliableChannel: no Waku
 * `meta`) or `"nim-sds"` (logos-delivery's reliable channels: the spec marker in `meta`).
 */
export type WakuWireProfile = "js-waku" | "nim-sds";

/** Every {@link WakuWireProfile}, for validation. */
export const WAKU_WIRE_PROFILES: readonly WakuWireProfile[] = Object.freeze(["js-waku", "nim-sds"]);

/**
 * The Waku message `meta` of every reliable-channel message in logos-delivery, as text: its ASCII bytes go
 * in `meta`, and its ingress drops any message without them, silently.
 */
export const RELIABLE_CHANNEL_API_META = "RELIABLE-CHANNEL-API/1";

const MARKER = new TextEncoder().encode(RELIABLE_CHANNEL_API_META);

/**
 * The `meta` a transport of `profile` puts on every message and requires of every message it takes in (a
 * fresh copy).
 */
export function specMarkerOf(profile: WakuWireProfile): Uint8Array | undefined {
  return profile === "nim-sds" ? MARKER.slice() : undefined;
}

/** Whether `meta` is exactly `marker`. */
export function hasMarker(meta: Uint8Array | undefined, marker: Uint8Array): boolean {
  if (meta === undefined || meta.length !== marker.length) return false;
  for (let i = 0; i < marker.length; i++) if (meta[i] !== marker[i]) return false;
  return true;
}
