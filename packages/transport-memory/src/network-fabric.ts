import { toHex } from "@reliable-channel/hash";
import type { SeededRandom } from "@reliable-channel/interfaces";
import {
  InvalidArgumentError,
  PermanentTransportError,
  type RetrievedPayload,
  type StoredPayload,
  type TimeRange,
  TransientTransportError,
} from "@reliable-channel/interfaces";
import { DeliverySchedule } from "./delivery-schedule.js";
import { type Latency, sampleLatency } from "./latency.js";
import type { FailureKind } from "./memory-network-api.js";
import type { WritableMemoryStore } from "./memory-store.js";
import {
  createMemoryTransport,
  type Deliverable,
  type MemoryTransport,
  type NetworkPort,
} from "./memory-transport.js";
import { type DropReason, type MemoryNetworkStats, NetworkEventEmitter } from "./network-events.js";
import { Partitions } from "./partitions.js";
import { retrievalHintOf } from "./retrieval-hint.js";
import type { VirtualClock } from "./virtual-clock.js";

/** A peer of the network. */
export interface Peer {
  readonly id: string;
  readonly transport: MemoryTransport & Deliverable;
  readonly echo: boolean;
  offline: boolean;
  readonly failPublish: FailureKind[];
  readonly failRetrieve: FailureKind[];
}

/** The fault settings deliveries are drawn from; changed in place by the network's setters. */
export interface Faults {
  loss: number;
  duplication: number;
  reorder: number;
  latency: Latency;
  readonly reorderDelayMs: number;
}

/** One publish on its way to one peer. */
interface Delivery {
  readonly to: Peer;
  readonly from: string;
  readonly bytes: Uint8Array;
  readonly hint: Uint8Array;
  /** Whether this is the extra copy made by the duplication fault. */
  readonly duplicate: boolean;
  /** Set once it arrived or was cancelled. */
  done: boolean;
}

/** What the fabric is built from (validated by `createMemoryNetwork`). */
export interface FabricInit {
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly store: WritableMemoryStore;
  readonly faults: Faults;
  readonly maxPayloadBytes: number;
  readonly publishDelayMs: number;
  readonly retrieveDelayMs: number;
  readonly storeLookupWindowMs: number;
}

function injectedError(kind: FailureKind, what: string): Error {
  return kind === "permanent"
    ? new PermanentTransportError(`injected permanent ${what} failure`)
    : new TransientTransportError(`injected transient ${what} failure`);
}

/**
 * The moving parts of a memory network: peers, fan-out with faults, deliveries in flight, the store, counters
 * and events (internal; `createMemoryNetwork` wraps it). It is the port every peer's transport talks to.
 */
export class NetworkFabric implements NetworkPort {
  readonly retention: number;
  readonly maxPayloadBytes: number;
  readonly publishDelayMs: number;
  readonly retrieveDelayMs: number;
  readonly storeLookupWindowMs: number;
  readonly clock: VirtualClock;
  readonly events = new NetworkEventEmitter();
  readonly partitions = new Partitions();
  readonly peers = new Map<string, Peer>();
  readonly #clock: VirtualClock;
  readonly #random: SeededRandom;
  readonly #store: WritableMemoryStore;
  readonly #faults: Faults;
  readonly #inFlight: DeliverySchedule<Delivery>;
  readonly #counters = {
    published: 0,
    publishFailed: 0,
    delivered: 0,
    duplicated: 0,
    retrieved: 0,
    storeRequests: 0,
    dropped: { loss: 0, partition: 0, offline: 0, stopped: 0 },
  };

  constructor(init: FabricInit) {
    this.#clock = init.clock;
    this.#random = init.random;
    this.#store = init.store;
    this.#faults = init.faults;
    this.retention = init.store.retentionMs;
    this.maxPayloadBytes = init.maxPayloadBytes;
    this.publishDelayMs = init.publishDelayMs;
    this.retrieveDelayMs = init.retrieveDelayMs;
    this.storeLookupWindowMs = init.storeLookupWindowMs;
    this.clock = init.clock;
    this.#inFlight = new DeliverySchedule(init.clock, (delivery) => this.#arrive(delivery));
  }

  /** Adds a peer. @throws InvalidArgumentError on a duplicate id. */
  join(peerId: string, echo: boolean): MemoryTransport {
    if (this.peers.has(peerId)) throw new InvalidArgumentError(`peer "${peerId}" already joined`);
    const transport = createMemoryTransport(peerId, this);
    this.peers.set(peerId, {
      id: peerId,
      transport,
      echo,
      offline: false,
      failPublish: [],
      failRetrieve: [],
    });
    return transport;
  }

  /** The peer `peerId`. @throws InvalidArgumentError when it never joined. */
  peer(peerId: string): Peer {
    const peer = this.peers.get(peerId);
    if (peer === undefined) throw new InvalidArgumentError(`unknown peer "${peerId}"`);
    return peer;
  }

  /**
   * Takes a peer off the network or brings it back; going offline drops what is in flight to it. Then its
   * transport tells its connectivity listeners, if that changed its `online`.
   */
  setOffline(peerId: string, offline: boolean): void {
    const peer = this.peer(peerId);
    peer.offline = offline;
    if (offline) this.#dropInFlight(peer);
    peer.transport.offlineChanged();
  }

  isOffline(peerId: string): boolean {
    return this.peer(peerId).offline;
  }

  /** Whether anything is under way: deliveries in flight, publishes or retrievals taking time. */
  busy(): boolean {
    if (this.#inFlight.busy) return true;
    for (const peer of this.peers.values()) if (peer.transport.requestsUnderWay > 0) return true;
    return false;
  }

  /** A snapshot of the counters. */
  stats(): MemoryNetworkStats {
    return { ...this.#counters, dropped: { ...this.#counters.dropped } };
  }

  publish(from: string, bytes: Uint8Array): Uint8Array {
    const sender = this.peer(from);
    if (sender.offline) {
      throw this.#publishFailure(from, false, new TransientTransportError(`peer "${from}" is offline`));
    }
    const injected = sender.failPublish.shift();
    if (injected !== undefined) {
      throw this.#publishFailure(from, injected === "permanent", injectedError(injected, "publish"));
    }
    const copy = bytes.slice();
    const hint = retrievalHintOf(copy);
    const at = this.#clock.now();
    this.#store.put({ retrievalHint: hint, bytes: copy, storedAt: at, publisher: from });
    this.#counters.published++;
    if (this.events.listenerCount("published") > 0) {
      this.events.dispatch("published", { at, from, retrievalHint: hint, size: copy.length });
    }
    for (const to of this.peers.values()) {
      if (to !== sender || sender.echo) this.#send(from, to, copy, hint);
    }
    return hint.slice();
  }

  reachStore(from: string): void {
    this.#counters.storeRequests++;
    const peer = this.peer(from);
    if (peer.offline) throw new TransientTransportError(`peer "${from}" is offline`);
    const injected = peer.failRetrieve.shift();
    if (injected !== undefined) throw injectedError(injected, "retrieve");
  }

  storedIn(range: TimeRange): readonly StoredPayload[] {
    return this.#store.storedIn(range);
  }

  retrieve(from: string, hints: readonly Uint8Array[]): RetrievedPayload[] {
    this.reachStore(from);
    const seen = new Set<string>();
    const found: RetrievedPayload[] = [];
    for (const hint of hints) {
      const stored = this.#store.get(hint);
      const key = stored === undefined ? "" : toHex(hint);
      if (stored === undefined || seen.has(key)) continue;
      seen.add(key);
      found.push({ retrievalHint: stored.retrievalHint.slice(), bytes: stored.bytes.slice() });
    }
    this.#counters.retrieved += found.length;
    return found;
  }

  stopped(peerId: string): void {
    this.#dropInFlight(this.peer(peerId));
  }

  #unreachable(peer: Peer): DropReason | undefined {
    if (!peer.transport.started) return "stopped";
    return peer.offline ? "offline" : undefined;
  }

  #send(from: string, to: Peer, bytes: Uint8Array, hint: Uint8Array): void {
    let reason = this.#unreachable(to);
    if (reason === undefined && to.id !== from && this.partitions.separated(from, to.id))
      reason = "partition";
    if (reason === undefined && this.#chance(this.#faults.loss)) reason = "loss";
    if (reason !== undefined) {
      this.#drop(from, to.id, hint, reason);
      return;
    }
    this.#schedule({ to, from, bytes, hint, duplicate: false, done: false });
    if (this.#chance(this.#faults.duplication)) {
      this.#counters.duplicated++;
      this.#schedule({ to, from, bytes, hint, duplicate: true, done: false });
    }
  }

  /** Draws `true` with probability `p`, consuming no randomness when `p` is 0. */
  #chance(p: number): boolean {
    return p > 0 && this.#random.next() < p;
  }

  #schedule(delivery: Delivery): void {
    let delay = sampleLatency(this.#faults.latency, this.#random);
    if (this.#chance(this.#faults.reorder)) delay += this.#random.next() * this.#faults.reorderDelayMs;
    this.#inFlight.add(delivery, delay);
  }

  #arrive(delivery: Delivery): void {
    const { to, from, hint, duplicate } = delivery;
    const reason = this.#unreachable(to);
    if (reason !== undefined) {
      this.#drop(from, to.id, hint, reason);
      return;
    }
    this.#counters.delivered++;
    if (this.events.listenerCount("delivered") > 0) {
      this.events.dispatch("delivered", {
        at: this.#clock.now(),
        from,
        to: to.id,
        retrievalHint: hint,
        duplicate,
      });
    }
    to.transport.deliver(delivery.bytes, hint);
  }

  #dropInFlight(peer: Peer): void {
    const reason = this.#unreachable(peer) ?? "offline";
    for (const delivery of this.#inFlight.cancelWhere((d) => d.to === peer)) {
      this.#drop(delivery.from, peer.id, delivery.hint, reason);
    }
  }

  #drop(from: string, to: string, hint: Uint8Array, reason: DropReason): void {
    this.#counters.dropped[reason]++;
    if (this.events.listenerCount("dropped") > 0) {
      this.events.dispatch("dropped", { at: this.#clock.now(), from, to, retrievalHint: hint, reason });
    }
  }

  #publishFailure(from: string, permanent: boolean, error: Error): Error {
    this.#counters.publishFailed++;
    if (this.events.listenerCount("publish-failed") > 0) {
      this.events.dispatch("publish-failed", {
        at: this.#clock.now(),
        from,
        permanent,
        reason: error.message,
      });
    }
    return error;
  }
}
