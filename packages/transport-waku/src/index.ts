/**
 * The reliable channel's transport port over the real `@waku/sdk`: light push + filter or relay,
 * Store v3 hash lookups and time-range queries, connectivity from the node's peers, retrieval hint = Waku
 * message hash of the exact envelope published.
 * @packageDocumentation
 */
export { lightNodeAsWaku } from "./light-node-as-waku.js";
export { type HashableWakuMessage, wakuMessageHash } from "./message-hash.js";
export {
  DEFAULT_ENVELOPE_RESERVE_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PUBLISH_TIMEOUT_MS,
  DEFAULT_QUERY_PAGE_SIZE,
  DEFAULT_RETRIEVE_TIMEOUT_MS,
  DEFAULT_STOP_TIMEOUT_MS,
  DEFAULT_STORE_LOOKUP_WINDOW_MS,
  MAX_STORE_QUERY_SPAN_MS,
  STORE_HASHES_PER_QUERY,
  STORE_RESPONSE_MAX_BYTES,
  type WakuTransportInit,
  type WakuTransportMode,
  type WakuTransportNode,
  type WakuTransportPeer,
  type WakuTransportPeerEvent,
  type WakuTransportPeerEvents,
  type WakuTransportStore,
} from "./options.js";
export {
  RELIABLE_CHANNEL_API_META,
  WAKU_WIRE_PROFILES,
  type WakuWireProfile,
} from "./spec-marker.js";
export { hashQueryOptions, WAKU_MESSAGE_HASH_BYTES } from "./store-lookup.js";
export { type WakuTransport, wakuTransport } from "./waku-transport.js";
