import type { SdsCoreInit } from "../../src/index.js";
import { compactBloom, createSdsCore } from "../../src/index.js";

/** UTF-8 bytes of `s`. */
export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** The text of `b`. */
export const str = (b: Uint8Array): string => new TextDecoder().decode(b);
/** A one-byte nonce. */
export const nonce = (n: number): Uint8Array => new Uint8Array([n & 0xff, n >> 8]);

/** A founding participant of channel "room" (waits for every dependency), with a compact filter. */
export function peer(participantId: string, extra: Partial<SdsCoreInit> = {}) {
  return createSdsCore({
    channelId: "room",
    participantId,
    bloom: compactBloom(),
    joinedAt: 0,
    joinFrontier: false,
    ...extra,
  });
}
