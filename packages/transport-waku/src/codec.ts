import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { IDecodedMessage, IDecoder, IEncoder } from "@waku/sdk";
import { createDecoder, createEncoder } from "@waku/sdk";
import type { WakuTransportInit } from "./options.js";
import { hasMarker, specMarkerOf, WAKU_WIRE_PROFILES } from "./spec-marker.js";

/** The encoder and decoder a transport uses, checked to agree on content and pubsub topic. */
export interface WakuCodec {
  readonly encoder: IEncoder;
  /**
   * A decoder object owned by this transport (the sdk keys subscriptions by decoder identity); with a
   * `meta` marker it declines every message without it (live, looked up or queried alike).
   */
  readonly decoder: IDecoder<IDecodedMessage>;
  /** The `meta` every published envelope carries (the nim-sds profile's spec marker), if any. */
  readonly meta?: Uint8Array;
  /**
   * Transports whose decoders have the same key (and content topic) decode alike, so a shared store lookup
   * may decode for all of them with one; undefined for the caller's own decoder (shared with none).
   */
  readonly decoderKey?: string;
}

/**
 * Resolves the encoder/decoder pair from the init: the caller's own pair, or plain version-0 ones on
 * `routing`, or on the node's network config. Throws `InvalidArgumentError` on a mismatch.
 */
export function resolveCodec(init: WakuTransportInit): WakuCodec {
  const { contentTopic, encoder, decoder } = init;
  if (typeof contentTopic !== "string" || contentTopic.length === 0) {
    throw new InvalidArgumentError("contentTopic must be a non-empty string");
  }
  if ((encoder === undefined) !== (decoder === undefined)) {
    throw new InvalidArgumentError("give both encoder and decoder, or neither");
  }
  const own = encoder !== undefined && decoder !== undefined;
  const pair = own ? { encoder, decoder } : build(init);
  if (pair.encoder.contentTopic !== contentTopic || pair.decoder.contentTopic !== contentTopic) {
    throw new InvalidArgumentError(`encoder and decoder must use the content topic ${contentTopic}`);
  }
  if (pair.encoder.pubsubTopic !== pair.decoder.pubsubTopic) {
    throw new InvalidArgumentError("encoder and decoder must use the same pubsub topic");
  }
  const profile = init.wireProfile ?? "js-waku";
  if (!WAKU_WIRE_PROFILES.includes(profile)) {
    throw new InvalidArgumentError(
      `wireProfile must be one of ${WAKU_WIRE_PROFILES.join(", ")}, got ${String(profile)}`,
    );
  }
  const meta = specMarkerOf(profile);
  const codec = { encoder: pair.encoder, decoder: ownDecoder(pair.decoder, meta) };
  const shared = own ? {} : { decoderKey: meta === undefined ? "plain" : "marked" };
  return meta === undefined ? { ...codec, ...shared } : { ...codec, ...shared, meta };
}

function build(init: WakuTransportInit): { encoder: IEncoder; decoder: IDecoder<IDecodedMessage> } {
  const { node, contentTopic, routing } = init;
  try {
    if (routing !== undefined) {
      return {
        encoder: createEncoder({ contentTopic, routingInfo: routing }),
        decoder: createDecoder(contentTopic, routing),
      };
    }
    return {
      encoder: node.createEncoder({ contentTopic }),
      decoder: node.createDecoder({ contentTopic }),
    };
  } catch (error) {
    throw new InvalidArgumentError(`cannot route content topic ${contentTopic}`, { cause: error });
  }
}

/**
 * A delegating decoder with its own identity, so that subscribing never replaces someone else's callback.
 * With `marker`, a message whose `meta` is not exactly it decodes to nothing: dropped without a word.
 */
function ownDecoder(inner: IDecoder<IDecodedMessage>, marker?: Uint8Array): IDecoder<IDecodedMessage> {
  return {
    contentTopic: inner.contentTopic,
    pubsubTopic: inner.pubsubTopic,
    fromWireToProtoObj: (bytes) => inner.fromWireToProtoObj(bytes),
    fromProtoObj: async (pubsubTopic, proto) =>
      marker === undefined || hasMarker(proto.meta, marker)
        ? inner.fromProtoObj(pubsubTopic, proto)
        : undefined,
  };
}
