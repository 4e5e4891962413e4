/** Light push v3, the protocol @waku/sdk 0.0.36 prefers. */
export const LIGHT_PUSH_V3_CODEC = "/vac/waku/lightpush/3.0.0";

/** Light push v2 (legacy), still dialled by @waku/sdk 0.0.36 when `useLegacy` is set. */
export const LIGHT_PUSH_V2_CODEC = "/vac/waku/lightpush/2.0.0-beta1";

/** Filter v2 subscription management (subscribe, ping, unsubscribe, unsubscribe-all). */
export const FILTER_SUBSCRIBE_CODEC = "/vac/waku/filter-subscribe/2.0.0-beta1";

/** Filter v2 push: the service node opens a stream to the subscriber for each message. */
export const FILTER_PUSH_CODEC = "/vac/waku/filter-push/2.0.0-beta1";

/** Store v3 queries (content filter + time range with cursors, or message-hash lookups). */
export const STORE_V3_CODEC = "/vac/waku/store-query/3.0.0";

/** Waku metadata: cluster id and shards, exchanged so clients accept the peer. */
export const METADATA_CODEC = "/vac/waku/metadata/1.0.0";

/** Waku relay: gossipsub under its Waku protocol id. */
export const RELAY_CODEC = "/vac/waku/relay/2.0.0";
