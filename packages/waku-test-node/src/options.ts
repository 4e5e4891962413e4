import type { PrivateKey } from "@libp2p/interface";
import { InvalidArgumentError } from "@reliable-channel/interfaces";
import type { WakuArchive } from "./archive.js";
import type { LightPushQuota } from "./light-push-quota.js";

/** The Waku Network's cluster, @waku/sdk's default. @default 1 */
export const DEFAULT_CLUSTER_ID = 1;

/** Autosharding shards in the cluster, @waku/sdk's default. @default 8 */
export const DEFAULT_NUM_SHARDS_IN_CLUSTER = 8;

/** How long the archive keeps a message, by its timestamp. @default 86_400_000 (ms, 24 h) */
export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Largest accepted Waku message, encoded: nwaku's default. @default 153_600 (bytes, 150 KiB) */
export const DEFAULT_MAX_MESSAGE_BYTES = 150 * 1024;

/**
 * The archive refuses messages whose timestamp is further than this from the node's clock, as nwaku
 * does (they are still pushed to filter subscribers). @default 20_000 (ms)
 */
export const DEFAULT_MAX_TIMESTAMP_DRIFT_MS = 20_000;

/** How long a peer has to send its request on a new stream. @default 10_000 (ms) */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** How long a filter push may take before it counts as failed. @default 5_000 (ms) */
export const DEFAULT_PUSH_TIMEOUT_MS = 5_000;

/** Seed of the PRNG behind rate-based faults. @default 1 */
export const DEFAULT_FAULT_SEED = 1;

/** Options of `startWakuTestNode`; all optional. */
export interface WakuTestNodeInit {
  /** TCP port of the websocket listener on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Cluster id announced in metadata and served by light push, filter and relay. @default 1 */
  readonly clusterId?: number;
  /** Shards in the cluster for autosharding. @default 8 */
  readonly numShardsInCluster?: number;
  /** Shards served (announced in metadata). @default every shard, 0 to numShardsInCluster - 1 */
  readonly shards?: readonly number[];
  /** Archive retention by message timestamp. @default 86_400_000 (ms) */
  readonly retentionMs?: number;
  /** An archive to start from (restart with kept history). @default a new empty archive */
  readonly archive?: WakuArchive;
  /** Largest accepted encoded message. @default 153_600 (bytes) */
  readonly maxMessageBytes?: number;
  /** Allowed distance between a message's timestamp and the node's clock for archiving. @default 20_000 (ms) */
  readonly maxTimestampDriftMs?: number;
  /** Seed of rate-based faults. @default 1 */
  readonly seed?: number;
  /** The node's clock (ms since the epoch), for retention and timestamp checks. @default Date.now */
  readonly now?: () => number;
  /** The libp2p identity; pass a previous node's `privateKey` to keep its peer id. @default a new Ed25519 key */
  readonly privateKey?: PrivateKey;
  /** Whether to mount relay (gossipsub on /vac/waku/relay/2.0.0). @default true */
  readonly relay?: boolean;
  /** Per-stream request timeout. @default 10_000 (ms) */
  readonly requestTimeoutMs?: number;
  /** Per-push timeout. @default 5_000 (ms) */
  readonly pushTimeoutMs?: number;
  /**
   * Light pushes each publishing peer may make per epoch of the node's clock; past it a request is answered
   * as nwaku's request rate limiter does (v3: status 429 `TOO_MANY_REQUESTS`, request id `N/A`; v2: not
   * successful, info `TOO_MANY_REQUESTS`). @default no limit
   */
  readonly lightPushQuota?: LightPushQuota;
  /**
   * Whether a Store v3 message hash lookup may carry a pubsub topic. The store spec forbids content-filter
   * fields in a hash lookup and an nwaku that enforces it answers 400; so does this node unless told.
   * @default false (a hash lookup with a pubsub topic is a 400)
   */
  readonly allowTopicInHashQueries?: boolean;
}

/** Every option resolved. */
export interface NodeConfig {
  readonly port: number;
  readonly clusterId: number;
  readonly numShardsInCluster: number;
  readonly shards: readonly number[];
  readonly retentionMs: number;
  readonly maxMessageBytes: number;
  readonly maxTimestampDriftMs: number;
  readonly seed: number;
  readonly now: () => number;
  readonly relay: boolean;
  readonly requestTimeoutMs: number;
  readonly pushTimeoutMs: number;
  readonly lightPushQuota: LightPushQuota | undefined;
  readonly allowTopicInHashQueries: boolean;
}

function check(name: string, value: number, valid: boolean): number {
  if (!valid) throw new InvalidArgumentError(`${name} is invalid: ${value}`);
  return value;
}

const isCount = (value: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  Number.isInteger(value) && value >= 0 && value <= max;

function checkQuota(quota: LightPushQuota | undefined): LightPushQuota | undefined {
  if (quota === undefined) return undefined;
  check(
    "lightPushQuota.messagesPerEpoch",
    quota.messagesPerEpoch,
    isCount(quota.messagesPerEpoch) && quota.messagesPerEpoch > 0,
  );
  check("lightPushQuota.epochMs", quota.epochMs, Number.isFinite(quota.epochMs) && quota.epochMs > 0);
  return quota;
}

/** Resolves defaults and validates; throws `InvalidArgumentError` on a bad value. */
export function resolveConfig(init: WakuTestNodeInit): NodeConfig {
  const numShardsInCluster = init.numShardsInCluster ?? DEFAULT_NUM_SHARDS_IN_CLUSTER;
  check(
    "numShardsInCluster",
    numShardsInCluster,
    isCount(numShardsInCluster, 1023) && numShardsInCluster > 0,
  );
  const shards = init.shards ?? Array.from({ length: numShardsInCluster }, (_, shard) => shard);
  for (const shard of shards) check("shard", shard, isCount(shard, 1023));
  const port = init.port ?? 0;
  const clusterId = init.clusterId ?? DEFAULT_CLUSTER_ID;
  const retentionMs = init.retentionMs ?? DEFAULT_RETENTION_MS;
  const maxMessageBytes = init.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const maxTimestampDriftMs = init.maxTimestampDriftMs ?? DEFAULT_MAX_TIMESTAMP_DRIFT_MS;
  const requestTimeoutMs = init.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const pushTimeoutMs = init.pushTimeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS;
  return {
    port: check("port", port, isCount(port, 65_535)),
    clusterId: check("clusterId", clusterId, isCount(clusterId, 65_535)),
    numShardsInCluster,
    shards: [...new Set(shards)].sort((a, b) => a - b),
    retentionMs: check("retentionMs", retentionMs, retentionMs > 0),
    maxMessageBytes: check(
      "maxMessageBytes",
      maxMessageBytes,
      isCount(maxMessageBytes) && maxMessageBytes > 0,
    ),
    maxTimestampDriftMs: check("maxTimestampDriftMs", maxTimestampDriftMs, maxTimestampDriftMs >= 0),
    seed: init.seed ?? DEFAULT_FAULT_SEED,
    now: init.now ?? Date.now,
    relay: init.relay ?? true,
    requestTimeoutMs: check("requestTimeoutMs", requestTimeoutMs, requestTimeoutMs > 0),
    pushTimeoutMs: check("pushTimeoutMs", pushTimeoutMs, pushTimeoutMs > 0),
    lightPushQuota: checkQuota(init.lightPushQuota),
    allowTopicInHashQueries: init.allowTopicInHashQueries ?? false,
  };
}
