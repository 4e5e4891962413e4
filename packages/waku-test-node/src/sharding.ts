import { createHash } from "node:crypto";

/** A cluster id and shard index, as in `/waku/2/rs/<clusterId>/<shard>`. */
export interface ShardAddress {
  readonly clusterId: number;
  readonly shard: number;
}

const RELAY_SHARD_PATTERN = /^\/waku\/2\/rs\/(\d{1,5})\/(\d{1,4})$/;

/** The pubsub topic of a shard: `/waku/2/rs/<clusterId>/<shard>`. */
export function shardPubsubTopic(clusterId: number, shard: number): string {
  return `/waku/2/rs/${clusterId}/${shard}`;
}

/** Parses a relay-shard pubsub topic; `undefined` for any other topic. */
export function parseShardPubsubTopic(pubsubTopic: string): ShardAddress | undefined {
  const match = RELAY_SHARD_PATTERN.exec(pubsubTopic);
  if (match === null) return undefined;
  return { clusterId: Number(match[1]), shard: Number(match[2]) };
}

/**
 * The autosharding shard of a content topic (51/WAKU2-RELAY-SHARDING): the last 8 bytes of
 * `sha256(application ‖ version)` as a big-endian integer, modulo the number of shards.
 *
 * @returns `undefined` when the content topic is not `/[generation/]application/version/name/encoding`.
 */
export function contentTopicShard(contentTopic: string, numShardsInCluster: number): number | undefined {
  const parts = contentTopic.split("/");
  if (parts[0] !== "" || parts.length < 5 || parts.length > 6) return undefined;
  const fields = parts.slice(-4);
  if (fields.some((field) => field.length === 0)) return undefined;
  const [application = "", version = ""] = fields;
  const digest = createHash("sha256").update(application).update(version).digest();
  return Number(digest.readBigUInt64BE(digest.length - 8) % BigInt(numShardsInCluster));
}
