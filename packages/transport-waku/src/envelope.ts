import type { IEncoder, IMessage, IProtoMessage } from "@waku/sdk";
import { waku } from "@waku/sdk";
import { wakuMessageHash } from "./message-hash.js";

/** One Waku envelope, encoded once: what is sent is exactly what was hashed. */
export interface SealedEnvelope {
  /** The envelope's fields as they go on the wire. */
  readonly proto: IProtoMessage;
  /** The protobuf-encoded envelope (for the size check). */
  readonly wire: Uint8Array;
  /** The Waku message hash of `proto` on the encoder's pubsub topic: the retrieval hint. */
  readonly hash: Uint8Array;
  /** An encoder that replays `proto` verbatim, so the sdk cannot re-encode or re-stamp it. */
  readonly encoder: IEncoder;
  /** The message to pass to the sdk with `encoder`. */
  readonly message: IMessage;
}

/**
 * Encodes `payload` once with `encoder` at `timestampMs`, fills in the timestamp if the encoder left it
 * out, and returns the envelope with its hash and a replaying encoder. Returns `undefined` when the
 * encoder declines the message.
 *
 * This is where js-waku's ReliableChannel goes wrong: it hashes one `toProtoObj` result and sends
 * another (a new timestamp, a new encryption nonce), so its hint names an envelope nobody stored.
 */
export async function sealEnvelope(
  encoder: IEncoder,
  payload: Uint8Array,
  timestampMs: number,
): Promise<SealedEnvelope | undefined> {
  const message: IMessage = { payload, timestamp: new Date(timestampMs) };
  const encoded = await encoder.toProtoObj(message);
  if (encoded === undefined) return undefined;
  const proto: IProtoMessage = {
    ...encoded,
    timestamp: encoded.timestamp ?? BigInt(timestampMs) * 1_000_000n,
  };
  return {
    proto,
    wire: encodeWakuMessage(proto),
    hash: wakuMessageHash(encoder.pubsubTopic, proto),
    encoder: replayingEncoder(encoder, proto),
    message,
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
