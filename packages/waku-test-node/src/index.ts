/**
 * A loopback Waku service node (light push v3/v2, filter v2, Store v3, metadata, identify, ping) on
 * js-libp2p, so the real `@waku/sdk` can be tested with no nwaku and no internet.
 * @packageDocumentation
 */
export {
  type ArchivedMessage,
  type ArchiveInsertResult,
  createWakuArchive,
  type WakuArchive,
} from "./archive.js";
export {
  FILTER_PUSH_CODEC,
  FILTER_SUBSCRIBE_CODEC,
  LIGHT_PUSH_V2_CODEC,
  LIGHT_PUSH_V3_CODEC,
  METADATA_CODEC,
  RELAY_CODEC,
  STORE_V3_CODEC,
} from "./codecs.js";
export type {
  FilterPushEvent,
  FilterRequestEvent,
  LightPushEvent,
  MessageAcceptedEvent,
  StoreQueryEvent,
  StoreQuerySummary,
  WakuTestNodeEvents,
} from "./events.js";
export {
  DEFAULT_FAILED_LIGHT_PUSH_STATUS,
  type FilterPushContext,
  type LightPushContext,
  type LightPushFailure,
  type RemoveFault,
  type WakuTestNodeFaults,
} from "./faults.js";
export { FilterStatus } from "./filter-service.js";
export {
  MAX_CONTENT_TOPICS_PER_REQUEST,
  MAX_CRITERIA_PER_PEER,
  MAX_SUBSCRIBED_PEERS,
} from "./filter-subscriptions.js";
export type { LightPushQuota } from "./light-push-quota.js";
export { wakuMessageHash } from "./message-hash.js";
export { MAX_INBOUND_STREAMS } from "./mount-services.js";
export {
  DEFAULT_CLUSTER_ID,
  DEFAULT_FAULT_SEED,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_MAX_TIMESTAMP_DRIFT_MS,
  DEFAULT_NUM_SHARDS_IN_CLUSTER,
  DEFAULT_PUSH_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETENTION_MS,
  type WakuTestNodeInit,
} from "./options.js";
export { DEFAULT_RECENT_HASHES } from "./recent-hashes.js";
export { contentTopicShard, parseShardPubsubTopic, type ShardAddress, shardPubsubTopic } from "./sharding.js";
export type { WakuTestNodeStats } from "./stats.js";
export {
  answerStoreQuery,
  DEFAULT_STORE_PAGE_SIZE,
  MAX_STORE_PAGE_SIZE,
  type StoreQueryRules,
  StoreStatus,
} from "./store-query.js";
export { LightPushStatus } from "./topic-policy.js";
export type { WakuMessage } from "./waku-message.js";
export {
  startWakuTestNode,
  WAKU_TEST_NODE_AGENT,
  type WakuTestNode,
} from "./waku-test-node.js";
