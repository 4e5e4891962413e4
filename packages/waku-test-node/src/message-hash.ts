import { createHash } from "node:crypto";
import type { WakuMessage } from "./waku-message.js";

const encoder = new TextEncoder();

/**
 * The deterministic Waku message hash (14/WAKU2-MESSAGE):
 * `sha256(pubsubTopic ‖ payload ‖ contentTopic ‖ meta ‖ timestamp)`, the timestamp as an 8-byte
 * big-endian unsigned integer of nanoseconds. An absent `meta` or `timestamp` is left out, as
 * `@waku/core`'s `messageHash` does.
 *
 * @returns 32 bytes.
 */
export function wakuMessageHash(pubsubTopic: string, message: WakuMessage): Uint8Array {
  const hash = createHash("sha256");
  hash.update(encoder.encode(pubsubTopic));
  hash.update(message.payload);
  hash.update(encoder.encode(message.contentTopic));
  if (message.meta !== undefined) hash.update(message.meta);
  if (message.timestamp !== undefined && message.timestamp !== 0n) {
    const timestamp = new Uint8Array(8);
    new DataView(timestamp.buffer).setBigUint64(0, BigInt.asUintN(64, message.timestamp), false);
    hash.update(timestamp);
  }
  return new Uint8Array(hash.digest());
}
