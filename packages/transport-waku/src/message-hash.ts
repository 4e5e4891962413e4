import { cachedUtf8, sha256 } from "@reliable-channel/hash";

/** The fields of a Waku message that its deterministic hash covers (14/WAKU2-MESSAGE). */
export interface HashableWakuMessage {
  /** The (possibly encrypted) payload exactly as it travels on the wire. */
  readonly payload: Uint8Array;
  readonly contentTopic: string;
  /** Left out of the hash when absent. */
  readonly meta?: Uint8Array | undefined;
  /** Nanoseconds since the Unix epoch, as on the wire; left out of the hash when absent. */
  readonly timestamp?: bigint | undefined;
}

/**
 * The deterministic Waku message hash of 14/WAKU2-MESSAGE:
 * `sha256(pubsubTopic ‖ payload ‖ contentTopic ‖ meta ‖ timestamp as 8-byte big-endian ns)`.
 *
 * This is the key of a Store v3 hash lookup, so it must be computed from the exact envelope that was
 * published (same payload bytes, same timestamp), not from a second encoding of the same content.
 *
 * @param pubsubTopic - the pubsub topic the message is routed on, e.g. `/waku/2/rs/1/4`
 * @param message - the envelope's fields as sent
 * @returns 32 bytes
 *
 * @example
 * ```ts
 * const hash = wakuMessageHash("/waku/2/rs/1/4", {
 *   payload: new Uint8Array([1, 2, 3]),
 *   contentTopic: "/my-app/1/chat/proto",
 *   timestamp: 1_700_000_000_000_000_000n,
 * });
 * ```
 */
export function wakuMessageHash(pubsubTopic: string, message: HashableWakuMessage): Uint8Array {
  const parts: Uint8Array[] = [cachedUtf8(pubsubTopic), message.payload, cachedUtf8(message.contentTopic)];
  if (message.meta !== undefined) parts.push(message.meta);
  if (message.timestamp !== undefined) parts.push(timestampBytes(message.timestamp));
  return sha256(parts);
}

function timestampBytes(timestampNs: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt.asUintN(64, timestampNs), false);
  return bytes;
}
