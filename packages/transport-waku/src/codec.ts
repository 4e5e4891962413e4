import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { IDecodedMessage, IDecoder, IEncoder } from "@waku/sdk";
import { createDecoder, createEncoder } from "@waku/sdk";
import type { WakuTransportInit } from "./options.js";

/** The encoder and decoder a transport uses, checked to agree on content and pubsub topic. */
export interface WakuCodec {
  readonly encoder: IEncoder;
  /** A decoder object owned by this transport (the sdk keys subscriptions by decoder identity). */
  readonly decoder: IDecoder<IDecodedMessage>;
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
  const pair = encoder !== undefined && decoder !== undefined ? { encoder, decoder } : build(init);
  if (pair.encoder.contentTopic !== contentTopic || pair.decoder.contentTopic !== contentTopic) {
    throw new InvalidArgumentError(`encoder and decoder must use the content topic ${contentTopic}`);
  }
  if (pair.encoder.pubsubTopic !== pair.decoder.pubsubTopic) {
    throw new InvalidArgumentError("encoder and decoder must use the same pubsub topic");
  }
  return { encoder: pair.encoder, decoder: ownDecoder(pair.decoder) };
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

/** A delegating decoder with its own identity, so that subscribing never replaces someone else's callback. */
function ownDecoder(inner: IDecoder<IDecodedMessage>): IDecoder<IDecodedMessage> {
  return {
    contentTopic: inner.contentTopic,
    pubsubTopic: inner.pubsubTopic,
    fromWireToProtoObj: (bytes) => inner.fromWireToProtoObj(bytes),
    fromProtoObj: (pubsubTopic, proto) => inner.fromProtoObj(pubsubTopic, proto),
  };
}
