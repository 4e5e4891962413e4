import type { Logger } from "@reliable-channel/interfaces";
import type {
  IDecodedMessage,
  IDecoder,
  IEncoder,
  IFilter,
  ILightPush,
  IRelay,
  IRoutingInfo,
  IStore,
  IWaku,
  QueryRequestParams,
} from "@waku/sdk";
import type { WakuWireProfile } from "./spec-marker.js";

/**
 * The part of a `@waku/sdk` node the transport uses. Both `LightNode` (light push + filter + store)
 * and `RelayNode` (relay) satisfy it; the transport never reaches into the node beyond these members.
 */
export interface WakuTransportNode {
  readonly lightPush?: Pick<ILightPush, "send"> | undefined;
  readonly filter?: Pick<IFilter, "subscribe" | "unsubscribe"> | undefined;
  /** With it, the transport has `retrieve` and `queryRange`. */
  readonly store?: WakuTransportStore | undefined;
  readonly relay?: Pick<IRelay, "send" | "subscribeWithUnsubscribe"> | undefined;
  /**
   * libp2p's peer events; with `getConnectedPeers`, the transport's `connectivity` follows the peers.
   * Without either, `connectivity.online` is simply whether the transport is started.
   */
  readonly libp2p?: WakuTransportPeerEvents | undefined;
  /** The peers the node is connected to, with the protocols each announced (the sdk's `getConnectedPeers`). */
  getConnectedPeers?(): Promise<readonly WakuTransportPeer[]>;
  createEncoder: IWaku["createEncoder"];
  createDecoder: IWaku["createDecoder"];
}

/** The part of the sdk's Store the transport uses: paged queries (by message hash, and by time range). */
export type WakuTransportStore = Pick<IStore, "queryGenerator">;

/**
 * The libp2p events after which the transport re-reads the connected peers: `peer:identify` (a peer's
 * protocols are known) and `peer:disconnect` (its last connection closed).
 */
export type WakuTransportPeerEvent = "peer:identify" | "peer:disconnect";

/** The part of the node's `libp2p` the transport's connectivity listens to. */
export interface WakuTransportPeerEvents {
  addEventListener(type: WakuTransportPeerEvent, listener: () => void): void;
  removeEventListener(type: WakuTransportPeerEvent, listener: () => void): void;
}

/** A connected peer as the transport sees it: the protocols (multicodecs) it announced, and its id. */
export interface WakuTransportPeer {
  readonly protocols: readonly string[];
  /** Its libp2p peer id (hash lookups go to a store peer by id; see `store-lookup.ts`). */
  readonly id?: QueryRequestParams["peerId"];
}

/** How the transport sends and receives: light push + filter, or relay (gossipsub). */
export type WakuTransportMode = "light" | "relay";

/** Options of {@link wakuTransport}. Only `node` and `contentTopic` are required. */
export interface WakuTransportInit {
  /** A started `@waku/sdk` node, owned by the caller (the transport never starts or stops it). */
  readonly node: WakuTransportNode;
  /** The Waku content topic of the channel, e.g. `/my-app/1/chat/proto`. */
  readonly contentTopic: string;
  /**
   * Light push + filter, or relay.
   * @default "light" when the node has light push and filter, else "relay" when it has relay
   */
  readonly mode?: WakuTransportMode;
  /**
   * Cluster, shard and pubsub topic to route on (see `utils.createRoutingInfo` of `@waku/sdk`).
   * Ignored when `encoder`/`decoder` are given (they carry their own routing).
   * @default the node's own network config, via `node.createEncoder({ contentTopic })`
   */
  readonly routing?: IRoutingInfo;
  /**
   * A Waku encoder to wrap outgoing payloads with, e.g. from `@waku/message-encryption`, for interop
   * with js-waku channels that use Waku-level encryption. Give it together with `decoder`.
   * @default a plain version-0 encoder
   */
  readonly encoder?: IEncoder;
  /** The decoder matching `encoder` (same content topic and pubsub topic). @default a plain version-0 decoder */
  readonly decoder?: IDecoder<IDecodedMessage>;
  /**
   * The Waku network's limit on a whole encoded Waku message (envelope included).
   * @default {@link DEFAULT_MAX_MESSAGE_BYTES} (bytes)
   */
  readonly maxMessageBytes?: number;
  /**
   * Room kept for the envelope (content topic, timestamp, meta, encryption overhead) when advertising
   * `maxPayloadBytes = maxMessageBytes - envelopeReserveBytes`.
   * @default {@link DEFAULT_ENVELOPE_RESERVE_BYTES} (bytes)
   */
  readonly envelopeReserveBytes?: number;
  /** How long one publish may take before it fails as transient. @default {@link DEFAULT_PUBLISH_TIMEOUT_MS} (ms) */
  readonly publishTimeoutMs?: number;
  /**
   * How long one store lookup, or one page of `queryRange`, may take before it fails as transient.
   * @default {@link DEFAULT_RETRIEVE_TIMEOUT_MS} (ms)
   */
  readonly retrieveTimeoutMs?: number;
  /**
   * How long a hash lookup waits for others on the same node to share its Store v3 query: the lookups of
   * every transport on the node made within this window of the first go out as one query per pubsub topic
   * (see `shared-lookups.ts`). `0`: every lookup is its own query, shared with none.
   * @default {@link DEFAULT_STORE_LOOKUP_WINDOW_MS} (ms)
   */
  readonly storeLookupWindowMs?: number;
  /** How long `stop()` waits for the filter unsubscribe round trip. @default {@link DEFAULT_STOP_TIMEOUT_MS} (ms) */
  readonly stopTimeoutMs?: number;
  /**
   * The store's retention (ms), advertised as `Transport.retention` so the channel can reason about TTL.
   * Waku does not announce it; nwaku's default is two days.
   * @default undefined (unknown)
   */
  readonly retention?: number;
  /**
   * The wire profile of the channel it carries (use the channel's `wireProfile`). `"nim-sds"`: every
   * published envelope carries the spec marker `meta` = ASCII `RELIABLE-CHANNEL-API/1`, as logos-delivery's
   * do, and every message without it — live, looked up or queried — is dropped without a word.
   * `"js-waku"`: no `meta` is set and none is required (js-waku's ReliableChannel sets none).
   * @default "js-waku"
   */
  readonly wireProfile?: WakuWireProfile;
  /** Milliseconds since the Unix epoch, used to stamp each published envelope. @default Date.now */
  readonly now?: () => number;
  /** Where diagnostics go. @default a silent logger */
  readonly logger?: Logger;
}

/** The Waku network's message size limit, envelope included: 150 KiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 150 * 1024;
/** Room kept for the envelope and Waku-level encryption overhead: 1 KiB. */
export const DEFAULT_ENVELOPE_RESERVE_BYTES = 1024;
/** Default bound on one publish (ms). */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;
/** Default bound on one store lookup, or one page of a range query (ms). */
export const DEFAULT_RETRIEVE_TIMEOUT_MS = 10_000;
/** How long a hash lookup waits for others on its node to share one store query. @default 50 (ms) */
export const DEFAULT_STORE_LOOKUP_WINDOW_MS = 50;
/** Default bound on the unsubscribe round trip in `stop()` (ms). */
export const DEFAULT_STOP_TIMEOUT_MS = 5_000;
/**
 * The largest Store v3 response `@waku/sdk` reads: its store client decodes each response as one
 * length-prefixed frame of at most 4 MiB (`it-length-prefixed`'s default) and fails the whole query beyond
 * it. A page must fit, whatever its messages' sizes.
 */
export const STORE_RESPONSE_MAX_BYTES = 4 * 1024 * 1024;
/**
 * Messages per Store v3 page that fit {@link STORE_RESPONSE_MAX_BYTES} when each is as large as the
 * network allows ({@link DEFAULT_MAX_MESSAGE_BYTES}, plus 4 KiB for its hash, topics and framing): 26.
 * nwaku serves at most 100 per page, but 100 messages of 100 KB (the segments of a large payload) are a
 * 10 MB response the sdk cannot read.
 */
const MESSAGES_PER_STORE_PAGE = Math.floor(STORE_RESPONSE_MAX_BYTES / (DEFAULT_MAX_MESSAGE_BYTES + 4096));
/** Hashes per Store v3 query: as many as one page of the largest messages holds (see {@link STORE_RESPONSE_MAX_BYTES}). @default 26 (hashes) */
export const STORE_HASHES_PER_QUERY = MESSAGES_PER_STORE_PAGE;
/** Payloads per page of `queryRange` when the caller gives no `pageSize`: as many as fit one response (see {@link STORE_RESPONSE_MAX_BYTES}). @default 26 (payloads) */
export const DEFAULT_QUERY_PAGE_SIZE = MESSAGES_PER_STORE_PAGE;
/**
 * The longest time range one Store v3 query asks for: `@waku/core` 0.0.40 refuses longer ones (and some nwaku
 * versions did); `queryRange` asks a longer range in windows of at most this. @default 86_400_000 (ms, 24 h)
 */
export const MAX_STORE_QUERY_SPAN_MS = 24 * 60 * 60 * 1000;
