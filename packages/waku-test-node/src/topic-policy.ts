import { proto_message } from "@waku/proto";
import type { NodeConfig } from "./options.js";
import { contentTopicShard, parseShardPubsubTopic, shardPubsubTopic } from "./sharding.js";
import type { WakuMessage } from "./waku-message.js";

/** Light push v3 status codes (as @waku/interfaces' `LightPushStatusCode` and nwaku). */
export const LightPushStatus = {
  SUCCESS: 200,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_MESSAGE: 420,
  UNSUPPORTED_PUBSUB_TOPIC: 421,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

/** A refusal: status code and description. */
export interface Refusal {
  readonly statusCode: number;
  readonly statusDesc: string;
}

/** The pubsub topics served: one per configured shard of the cluster. */
export function servedPubsubTopics(config: NodeConfig): readonly string[] {
  return config.shards.map((shard) => shardPubsubTopic(config.clusterId, shard));
}

/** Whether the node serves this pubsub topic (a shard of its cluster that it announced). */
export function servesPubsubTopic(config: NodeConfig, pubsubTopic: string): boolean {
  const address = parseShardPubsubTopic(pubsubTopic);
  return (
    address !== undefined && address.clusterId === config.clusterId && config.shards.includes(address.shard)
  );
}

/**
 * The pubsub topic a message goes to: the given one if served, or the content topic's autoshard when
 * none is given (as nwaku does for light push and filter without a pubsub topic).
 */
export function resolvePubsubTopic(
  config: NodeConfig,
  pubsubTopic: string | undefined,
  contentTopic: string,
): string | Refusal {
  if (pubsubTopic !== undefined && pubsubTopic !== "") {
    if (servesPubsubTopic(config, pubsubTopic)) return pubsubTopic;
    return {
      statusCode: LightPushStatus.UNSUPPORTED_PUBSUB_TOPIC,
      statusDesc: `pubsub topic not served: ${pubsubTopic}`,
    };
  }
  const shard = contentTopicShard(contentTopic, config.numShardsInCluster);
  if (shard === undefined) {
    return {
      statusCode: LightPushStatus.BAD_REQUEST,
      statusDesc: `content topic cannot be autosharded: ${contentTopic}`,
    };
  }
  const derived = shardPubsubTopic(config.clusterId, shard);
  if (servesPubsubTopic(config, derived)) return derived;
  return { statusCode: LightPushStatus.UNSUPPORTED_PUBSUB_TOPIC, statusDesc: `shard not served: ${derived}` };
}

/** Why a message is refused (empty content topic, too large), or `undefined` if it is acceptable. */
export function checkMessage(config: NodeConfig, message: WakuMessage): Refusal | undefined {
  if (message.contentTopic === "")
    return { statusCode: LightPushStatus.INVALID_MESSAGE, statusDesc: "content topic is empty" };
  const size = proto_message.WakuMessage.encode(message).byteLength;
  if (size > config.maxMessageBytes) {
    return {
      statusCode: LightPushStatus.PAYLOAD_TOO_LARGE,
      statusDesc: `message of ${size} bytes exceeds ${config.maxMessageBytes}`,
    };
  }
  return undefined;
}
