import type { PeerId } from "@libp2p/interface";

/** Most content topics in one subscribe request: nwaku's limit. @default 100 (topics) */
export const MAX_CONTENT_TOPICS_PER_REQUEST = 100;

/** Most (pubsub topic, content topic) criteria one peer may hold: nwaku's limit. @default 1_000 */
export const MAX_CRITERIA_PER_PEER = 1_000;

/** Most subscribed peers: nwaku's limit. @default 1_000 (peers) */
export const MAX_SUBSCRIBED_PEERS = 1_000;

interface PeerSubscription {
  readonly peerId: PeerId;
  /** Criteria as `pubsubTopic + "\n" + contentTopic`. */
  readonly criteria: Set<string>;
}

const key = (pubsubTopic: string, contentTopic: string): string => `${pubsubTopic}\n${contentTopic}`;

/** Who is subscribed to what, per peer (filter v2 semantics). */
export interface FilterSubscriptions {
  /** Adds criteria; `false` when a limit would be exceeded (nothing is added then). */
  subscribe(peerId: PeerId, pubsubTopic: string, contentTopics: readonly string[]): boolean;
  /** Removes criteria; `false` when the peer had none of them. */
  unsubscribe(peerId: PeerId, pubsubTopic: string, contentTopics: readonly string[]): boolean;
  /** Removes every criterion of the peer; `false` when it had none. */
  unsubscribeAll(peerId: PeerId): boolean;
  /** Whether the peer has any subscription. */
  has(peerId: PeerId): boolean;
  /** The peers subscribed to this (pubsub topic, content topic). */
  subscribers(pubsubTopic: string, contentTopic: string): readonly PeerId[];
  /** The number of subscribed peers. */
  readonly size: number;
}

/** Creates an empty subscription registry. */
export function createFilterSubscriptions(): FilterSubscriptions {
  const peers = new Map<string, PeerSubscription>();
  return {
    get size() {
      return peers.size;
    },
    subscribe(peerId, pubsubTopic, contentTopics) {
      const existing = peers.get(peerId.toString());
      if (existing === undefined && peers.size >= MAX_SUBSCRIBED_PEERS) return false;
      const criteria = new Set(existing?.criteria);
      for (const contentTopic of contentTopics) criteria.add(key(pubsubTopic, contentTopic));
      if (criteria.size > MAX_CRITERIA_PER_PEER) return false;
      peers.set(peerId.toString(), { peerId, criteria });
      return true;
    },
    unsubscribe(peerId, pubsubTopic, contentTopics) {
      const existing = peers.get(peerId.toString());
      if (existing === undefined) return false;
      let removed = false;
      for (const contentTopic of contentTopics)
        removed = existing.criteria.delete(key(pubsubTopic, contentTopic)) || removed;
      if (existing.criteria.size === 0) peers.delete(peerId.toString());
      return removed;
    },
    unsubscribeAll: (peerId) => peers.delete(peerId.toString()),
    has: (peerId) => peers.has(peerId.toString()),
    subscribers(pubsubTopic, contentTopic) {
      const wanted = key(pubsubTopic, contentTopic);
      return [...peers.values()].filter((peer) => peer.criteria.has(wanted)).map((peer) => peer.peerId);
    },
  };
}
