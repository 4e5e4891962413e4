import type { createEncoder } from "@waku/message-encryption/symmetric";
import type { IDecodedMessage, IDecoder, IEncoder } from "@waku/sdk";

/** The routing (cluster, shard, pubsub topic) of a Waku encoder, as `@waku/message-encryption` takes it. */
export type WakuRoutingInfo = Parameters<typeof createEncoder>[0]["routingInfo"];

/** A Waku node, for the routing of its network config (`@waku/sdk`'s `LightNode` and `RelayNode` are). */
export interface WakuRoutingSource {
  createEncoder(options: { contentTopic: string }): { readonly routingInfo: WakuRoutingInfo };
}

/** Where Waku-level encryption routes: from a node's network config, or given. */
export interface WakuRoutingInit {
  /** The content topic of the channel (the same as `wakuTransport`'s). */
  readonly contentTopic: string;
  /** The node whose network config gives the routing. Give this or `routingInfo`. */
  readonly node?: WakuRoutingSource;
  /** The routing, e.g. from `utils.createRoutingInfo` of `@waku/sdk`. Give this or `node`. */
  readonly routingInfo?: WakuRoutingInfo;
}

/** What Waku-level encryption gives `wakuTransport`: its `encoder` and `decoder` options. */
export interface WakuEncryptionCodec {
  /** Encrypts each outgoing envelope's payload (version-1 envelopes). */
  readonly encoder: IEncoder;
  /** Decrypts each incoming envelope's payload; envelopes it cannot decrypt are left out. */
  readonly decoder: IDecoder<IDecodedMessage>;
}
