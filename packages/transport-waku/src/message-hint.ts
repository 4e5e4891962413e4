import type { IDecodedMessage, IProtoMessage } from "@waku/sdk";
import { wakuMessageHash } from "./message-hash.js";

/** The wire fields the sdk's decoded messages keep in `proto` (not part of its public type). */
function protoOf(message: IDecodedMessage): Partial<IProtoMessage> | undefined {
  return (message as { readonly proto?: Partial<IProtoMessage> }).proto;
}

/**
 * The Waku message hash of a received or stored message, on `pubsubTopic`: computed here from the envelope's
 * wire fields with the runtime's native SHA-256; the sdk's own `hash` getter (JavaScript SHA-256, slow on a
 * cold path, and keyed by the pubsub topic the message came with) only for a message without them, or
 * without a timestamp, which the sdk leaves out of the hash when it is 0.
 *
 * @param pubsubTopic - the pubsub topic the message was routed on; a store may leave it out of its answer,
 *   so a store query passes the topic it asked for
 */
export function hintOf(message: IDecodedMessage, pubsubTopic = message.pubsubTopic): Uint8Array {
  const proto = protoOf(message);
  const timestamp = proto?.timestamp;
  if (
    proto?.payload instanceof Uint8Array &&
    typeof proto.contentTopic === "string" &&
    typeof timestamp === "bigint" &&
    timestamp !== 0n
  ) {
    const { payload, contentTopic, meta } = proto;
    return wakuMessageHash(pubsubTopic, { payload, contentTopic, timestamp, meta });
  }
  return message.hash;
}

/** One ms in Waku's ns timestamps. */
const NS_PER_MS = 1_000_000n;

/**
 * The message's timestamp in ms since the Unix epoch (the ns wire value, rounded down), or `undefined` when
 * it has none (absent or 0).
 */
export function timestampMsOf(message: IDecodedMessage): number | undefined {
  const timestamp = protoOf(message)?.timestamp;
  if (typeof timestamp === "bigint") return timestamp > 0n ? Number(timestamp / NS_PER_MS) : undefined;
  const date = message.timestamp;
  return date === undefined || date.getTime() <= 0 ? undefined : date.getTime();
}
