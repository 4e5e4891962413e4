import type { IEncoder, IMessage, IProtoMessage } from "@waku/sdk";
import { waku } from "@waku/sdk";
import { wakuMessageHash } from "./message-hash.js";

/** One Waku envelope, fixed once: what is sent is exactly what is hashed. */
export interface SealedEnvelope {
  /** The envelope's fields as they go on the wire. */
  readonly proto: IProtoMessage;
  /** An encoder that replays `proto` verbatim, so the sdk cannot re-encode or re-stamp it. */
  readonly encoder: IEncoder;
  /** The message to pass to the sdk with `encoder`. */
  readonly message: IMessage;
  /**
   * The Waku message hash of `proto` on the encoder's pubsub topic: the retrieval hint. Computed on first
   * use (after the send, off the message's path) and kept.
   */
  hash(): Uint8Array;
  /** The protobuf-encoded size (bytes); encodes `proto` on first use. */
  wireBytes(): number;
  /** Whether the encoded envelope may exceed `limit` bytes (a bound: false means it certainly fits). */
  mayExceed(limit: number): boolean;
}

/**
 * Room for everything of an envelope but its payload, content topic and meta: the tags and lengths of those
 * three, a version, a timestamp and the ephemeral flag (bytes; the exact worst case is 38).
 */
const ENVELOPE_FIELDS_BOUND = 64;

/**
 * Fixes the envelope of `payload` with `encoder` at `timestampMs` (filling in the timestamp if the encoder
 * left it out; `meta`, when given, replaces the encoder's) and returns it with a replaying encoder; its hash
 * and encoded size are computed only when asked for. Returns `undefined` when the encoder declines the
 * message.
 *
 * This is where js-waku's ReliableChannel goes wrong: it hashes one `toProtoObj` result and sends
 * another (a new timestamp, a new encryption nonce), so its hint names an envelope nobody stored.
 */
export async function sealEnvelope(
  encoder: IEncoder,
  payload: Uint8Array,
  timestampMs: number,
  meta?: Uint8Array,
): Promise<SealedEnvelope | undefined> {
  const message: IMessage = { payload, timestamp: new Date(timestampMs) };
  const encoded = await encoder.toProtoObj(message);
  if (encoded === undefined) return undefined;
  const proto: IProtoMessage = {
    ...encoded,
    timestamp: encoded.timestamp ?? BigInt(timestampMs) * 1_000_000n,
    ...(meta === undefined ? {} : { meta }),
  };
  let hash: Uint8Array | undefined;
  let wire: number | undefined;
  const wireBytes = (): number => {
    wire ??= encodeWakuMessage(proto).length;
    return wire;
  };
  return {
    proto,
    encoder: replayingEncoder(encoder, proto),
    message,
    hash: () => {
      hash ??= wakuMessageHash(encoder.pubsubTopic, proto);
      return hash;
    },
    wireBytes,
    mayExceed: (limit) => {
      const { payload: body, contentTopic, meta, rateLimitProof } = proto;
      // A UTF-16 code unit takes at most 3 UTF-8 bytes.
      const bound = body.length + 3 * contentTopic.length + (meta?.length ?? 0) + ENVELOPE_FIELDS_BOUND;
      return (rateLimitProof !== undefined || bound > limit) && wireBytes() > limit;
    },
  };
}

function replayingEncoder(base: IEncoder, proto: IProtoMessage): IEncoder {
  return {
    contentTopic: base.contentTopic,
    ephemeral: base.ephemeral,
    routingInfo: base.routingInfo,
    pubsubTopic: base.pubsubTopic,
    // A fresh copy each time: the sdk's light push v3 path mutates the object it gets.
    toProtoObj: async () => ({ ...proto }),
    toWire: async () => encodeWakuMessage(proto),
  };
}

/** Protobuf-encodes a Waku message (14/WAKU2-MESSAGE), leaving absent fields out. */
export function encodeWakuMessage(proto: IProtoMessage): Uint8Array {
  const { payload, contentTopic, version, timestamp, meta, rateLimitProof, ephemeral } = proto;
  return waku.message.version_0.proto.WakuMessage.encode({
    payload,
    contentTopic,
    ...(version === undefined ? {} : { version }),
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(meta === undefined ? {} : { meta }),
    ...(rateLimitProof === undefined ? {} : { rateLimitProof }),
    ...(ephemeral === undefined ? {} : { ephemeral }),
  });
}
