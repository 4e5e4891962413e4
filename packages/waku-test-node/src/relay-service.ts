import { type GossipsubEvents, gossipsub } from "@chainsafe/libp2p-gossipsub";
import { type Message, type PubSub, StrictNoSign, TopicValidatorResult } from "@libp2p/interface";
import { proto_message } from "@waku/proto";
import { RELAY_CODEC } from "./codecs.js";
import { wakuMessageHash } from "./message-hash.js";
import type { MessagePipeline, MessageSink } from "./message-pipeline.js";
import type { ServiceContext } from "./service-context.js";
import { checkMessage, servedPubsubTopics } from "./topic-policy.js";
import type { WakuMessage } from "./waku-message.js";

/** The relay's gossipsub service as libp2p mounts it. */
export type RelayPubSub = PubSub<GossipsubEvents>;

function decode(data: Uint8Array): WakuMessage | undefined {
  try {
    return proto_message.WakuMessage.decode(data);
  } catch {
    return undefined;
  }
}

/** The gossipsub message id of a relayed Waku message: its Waku message hash (as nwaku). */
function messageId(message: Message): Uint8Array {
  const decoded = decode(message.data);
  return decoded === undefined ? new Uint8Array(message.data) : wakuMessageHash(message.topic, decoded);
}

/**
 * The gossipsub service factory for Waku relay: `/vac/waku/relay/2.0.0`, unsigned messages (StrictNoSign),
 * message id = Waku message hash, publishing allowed with no peers (the node may be alone).
 */
export function relayPubSub() {
  return gossipsub({
    multicodecs: [RELAY_CODEC],
    globalSignaturePolicy: StrictNoSign,
    allowPublishToZeroTopicPeers: true,
    ignoreDuplicatePublishError: true,
    emitSelf: false,
    fallbackToFloodsub: false,
    msgIdFn: messageId,
  });
}

/**
 * Joins every served shard and wires relay both ways: messages from relay peers go through the pipeline
 * (archive, filter subscribers); messages accepted from light push are published to relay peers.
 *
 * @returns the sink that publishes light-pushed messages to relay peers.
 */
export function createRelaySink(context: ServiceContext, pubsub: RelayPubSub): MessageSink {
  return {
    forward(event) {
      if (event.via === "relay") return 0;
      const peers = pubsub.getSubscribers(event.pubsubTopic).length;
      context.track(pubsub.publish(event.pubsubTopic, proto_message.WakuMessage.encode(event.message)));
      return peers;
    },
  };
}

/** Subscribes to the served shards and feeds valid relay messages into `pipeline`. */
export function joinRelay(context: ServiceContext, pubsub: RelayPubSub, pipeline: MessagePipeline): void {
  for (const topic of servedPubsubTopics(context.config)) {
    pubsub.topicValidators.set(topic, (_peer, message) => {
      const decoded = decode(message.data);
      return decoded !== undefined && checkMessage(context.config, decoded) === undefined
        ? TopicValidatorResult.Accept
        : TopicValidatorResult.Reject;
    });
    pubsub.subscribe(topic);
  }
  pubsub.addEventListener("message", (event) => {
    const decoded = decode(event.detail.data);
    if (decoded === undefined) return;
    context.stats.relayMessagesReceived++;
    pipeline.accept(event.detail.topic, decoded, "relay");
  });
}
