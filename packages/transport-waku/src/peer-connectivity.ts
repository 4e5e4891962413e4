import type { ConnectivityListener, Logger, TransportConnectivity } from "@reliable-channel/interfaces";
import { waku } from "@waku/sdk";
import type {
  WakuTransportMode,
  WakuTransportNode,
  WakuTransportPeer,
  WakuTransportPeerEvent,
  WakuTransportPeerEvents,
} from "./options.js";

/** Waku relay's gossipsub protocol (`@waku/relay`'s `RelayCodecs`; `@waku/sdk` 0.0.36 does not export it). */
export const WAKU_RELAY_CODEC = "/vac/waku/relay/2.0.0";

/**
 * The protocols a mode needs a connected peer for, one peer each: light push v3 (the one the sdk's
 * `lightPush.send` uses) and filter subscribe, or relay.
 */
export function requiredCodecs(mode: WakuTransportMode): readonly string[] {
  return mode === "light" ? [waku.LightPushCodec, waku.FilterCodecs.SUBSCRIBE] : [WAKU_RELAY_CODEC];
}

const PEER_EVENTS: readonly WakuTransportPeerEvent[] = ["peer:identify", "peer:disconnect"];

interface PeerSource {
  readonly events: WakuTransportPeerEvents;
  readonly peers: () => Promise<readonly WakuTransportPeer[]>;
}

/**
 * The transport's {@link TransportConnectivity} (internal): offline until {@link PeerConnectivity.start}
 * and after {@link PeerConnectivity.stop}; in between, online while the node is connected to a peer for
 * each of `codecs`, re-read from `getConnectedPeers()` after every `peer:identify` and `peer:disconnect`
 * of the node's libp2p. A node without those two is taken as online while started.
 *
 * Only the newest reading is applied (an older one that answers late is dropped), and listeners hear only
 * changes.
 */
export class PeerConnectivity implements TransportConnectivity {
  readonly #source: PeerSource | undefined;
  readonly #codecs: readonly string[];
  readonly #logger: Logger;
  readonly #listeners = new Set<ConnectivityListener>();
  readonly #onPeerEvent = (): void => {
    void this.#assess();
  };
  #online = false;
  #started = false;
  /** Counts readings; a reading applies only if none started after it. */
  #reading = 0;

  constructor(node: WakuTransportNode, codecs: readonly string[], logger: Logger) {
    const { libp2p } = node;
    this.#source =
      libp2p === undefined || node.getConnectedPeers === undefined
        ? undefined
        : { events: libp2p, peers: () => node.getConnectedPeers?.() ?? Promise.resolve([]) };
    this.#codecs = codecs;
    this.#logger = logger;
  }

  /** Whether the transport is started and the node has a peer for each required protocol. */
  get online(): boolean {
    return this.#online;
  }

  /** Calls `listener` on every change of `online`; returns the function that unsubscribes it. */
  onChange(listener: ConnectivityListener): () => void {
    // A wrapper per call, so that the same function subscribed twice is called twice and removed once each.
    const entry: ConnectivityListener = (online) => listener(online);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Starts following the peers; resolves once the first reading is applied. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const source = this.#source;
    if (source === undefined) {
      this.#set(true);
      return;
    }
    for (const type of PEER_EVENTS) source.events.addEventListener(type, this.#onPeerEvent);
    await this.#assess();
  }

  /** Stops following the peers (removes every listener added to the node) and goes offline. */
  stop(): void {
    if (!this.#started) return;
    this.#started = false;
    this.#reading += 1;
    const source = this.#source;
    if (source !== undefined) {
      for (const type of PEER_EVENTS) source.events.removeEventListener(type, this.#onPeerEvent);
    }
    this.#set(false);
  }

  async #assess(): Promise<void> {
    const source = this.#source;
    if (source === undefined) return;
    this.#reading += 1;
    const reading = this.#reading;
    let online: boolean;
    try {
      const peers = await source.peers();
      online = this.#codecs.every((codec) => peers.some((peer) => peer.protocols.includes(codec)));
    } catch (error) {
      this.#logger.warn("cannot list the Waku node's connected peers; taken as offline", { error });
      online = false;
    }
    if (reading === this.#reading && this.#started) this.#set(online);
  }

  #set(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    for (const listener of [...this.#listeners]) {
      try {
        listener(online);
      } catch (error) {
        this.#logger.error("a connectivity listener threw", { error });
      }
    }
  }
}
