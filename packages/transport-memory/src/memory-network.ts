import {
  type Cancel,
  InvalidArgumentError,
  PermanentTransportError,
  type RetrievedPayload,
  TransientTransportError,
  type TypedEmitter,
} from "@reliable-channel/interfaces";
import {
  DEFAULT_DUPLICATION,
  DEFAULT_ECHO,
  DEFAULT_LATENCY,
  DEFAULT_LOSS,
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_REORDER,
  DEFAULT_REORDER_DELAY_MS,
  DEFAULT_RETENTION_MS,
} from "./defaults.js";
import { type Latency, sampleLatency, validateLatency } from "./latency.js";
import { createMemoryStore, type MemoryStore } from "./memory-store.js";
import { createMemoryTransport, type Deliverable, type MemoryTransport } from "./memory-transport.js";
import {
  type DropReason,
  type MemoryNetworkEvents,
  type MemoryNetworkStats,
  NetworkEventEmitter,
} from "./network-events.js";
import { Partitions } from "./partitions.js";
import { retrievalHintOf, toHex } from "./retrieval-hint.js";
import { createSeededRandom, type SeededRandom } from "./seeded-random.js";
import { createVirtualClock, type RunUntilIdleOptions, type VirtualClock } from "./virtual-clock.js";

/** Options of {@link createMemoryNetwork}. Rates are probabilities in [0, 1], drawn per delivery. */
export interface MemoryNetworkInit {
  /** Seeds every random choice of the network (faults, latency): same seed and calls, same run. */
  readonly seed: number;
  /** The clock that drives deliveries and store expiry. @default a new `createVirtualClock()` */
  readonly clock?: VirtualClock;
  /** How long the store keeps a payload. @default DEFAULT_RETENTION_MS (ms) */
  readonly retentionMs?: number;
  /** Delivery latency. @default DEFAULT_LATENCY (ms) */
  readonly latency?: Latency;
  /** Probability that a delivery is lost. @default DEFAULT_LOSS */
  readonly loss?: number;
  /** Probability that a delivery arrives twice. @default DEFAULT_DUPLICATION */
  readonly duplication?: number;
  /** Probability that a delivery is held back so later ones overtake it. @default DEFAULT_REORDER */
  readonly reorder?: number;
  /** A held-back delivery waits an extra delay drawn from [0, this). @default DEFAULT_REORDER_DELAY_MS (ms) */
  readonly reorderDelayMs?: number;
  /** The largest payload `publish` accepts. @default DEFAULT_MAX_PAYLOAD_BYTES (bytes) */
  readonly maxPayloadBytes?: number;
  /** Whether publishers receive their own messages (per peer: `join(id, { echo })`). @default DEFAULT_ECHO */
  readonly echo?: boolean;
}

/** Options of {@link MemoryNetwork.join}. */
export interface JoinOptions {
  /** Whether this peer receives its own messages. @default the network's `echo` */
  readonly echo?: boolean;
}

/** Which kind of `TransportError` an injected failure raises. */
export type FailureKind = "transient" | "permanent";

/**
 * A deterministic in-memory network: peers join it and publish to all; the virtual clock delivers.
 * Faults can be changed at any time and apply to deliveries sent from then on.
 *
 * Semantics: each publish is stored first (even if every delivery is then lost), then sent to every started,
 * online peer (the publisher too when echo is on). Loss, duplication, latency, reordering and partitions are
 * decided when a delivery is sent; a peer that is stopped or offline when a delivery arrives does not get it.
 * The store is reachable from every online peer, whatever the partitions.
 */
export interface MemoryNetwork {
  /** The seed the network was created with (print it when a test fails). */
  readonly seed: number;
  /** The clock that drives the network; advance it (or `settle()`) to deliver. */
  readonly clock: VirtualClock;
  /** The store: every payload published within the retention window. */
  readonly store: MemoryStore;
  /** Tracing events; see {@link MemoryNetworkEvents}. */
  readonly events: Pick<TypedEmitter<MemoryNetworkEvents>, "on" | "off" | "once" | "listenerCount">;
  /** The ids of the peers that joined, in join order. */
  readonly peers: readonly string[];
  /** Adds a peer and returns its transport (not started). @throws InvalidArgumentError on a duplicate id. */
  join(peerId: string, options?: JoinOptions): MemoryTransport;
  /** The transport of `peerId`, if it joined. */
  transport(peerId: string): MemoryTransport | undefined;
  /** Sets the loss probability. @throws InvalidArgumentError outside [0, 1]. */
  setLoss(rate: number): void;
  /** Sets the duplication probability. @throws InvalidArgumentError outside [0, 1]. */
  setDuplication(rate: number): void;
  /** Sets the reordering probability. @throws InvalidArgumentError outside [0, 1]. */
  setReorder(rate: number): void;
  /** Sets the latency distribution. @throws InvalidArgumentError on bad bounds. */
  setLatency(latency: Latency): void;
  /** Cuts every link between `groupA` and `groupB` (both ways) until {@link MemoryNetwork.heal}. */
  partition(groupA: readonly string[], groupB: readonly string[]): void;
  /** Removes every partition. */
  heal(): void;
  /**
   * Takes `peerId` off the network (`true`) or brings it back (`false`). While offline its publishes and
   * retrievals fail with a transient error and everything sent to it is dropped; back online, it receives
   * only what is sent from then on (it must `retrieve` from the store to catch up).
   */
  setOffline(peerId: string, offline: boolean): void;
  /** Whether `peerId` is offline. */
  isOffline(peerId: string): boolean;
  /** Makes the next `count` publishes of `peerId` fail with a `kind` error, without publishing. */
  failNextPublish(peerId: string, kind: FailureKind, count?: number): void;
  /** Makes the next `count` retrievals of `peerId` fail with a `kind` error. */
  failNextRetrieve(peerId: string, kind: FailureKind, count?: number): void;
  /** Counters since creation. */
  stats(): MemoryNetworkStats;
  /**
   * Runs the clock until no delivery (or other timer) is pending, letting promise continuations run between
   * timers; resolves with the number of timers run. Same limits as `VirtualClock.runUntilIdle`.
   */
  settle(options?: RunUntilIdleOptions): Promise<number>;
}

interface Peer {
  readonly id: string;
  readonly transport: MemoryTransport & Deliverable;
  readonly echo: boolean;
  offline: boolean;
  readonly failPublish: FailureKind[];
  readonly failRetrieve: FailureKind[];
  /** Cancels of deliveries in flight to this peer. */
  readonly inbound: Set<{ cancel: Cancel }>;
}

interface Faults {
  loss: number;
  duplication: number;
  reorder: number;
  latency: Latency;
}

function rate(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new InvalidArgumentError(`${name} must be in [0, 1], got ${value}`);
  return value;
}

function nonNegative(value: number, name: string): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new InvalidArgumentError(`${name} must be a finite number >= 0, got ${value}`);
  }
  return value;
}

function injectedError(kind: FailureKind, what: string): Error {
  return kind === "permanent"
    ? new PermanentTransportError(`injected permanent ${what} failure`)
    : new TransientTransportError(`injected transient ${what} failure`);
}

/**
 * Creates a {@link MemoryNetwork}. Create one per test: a network shares nothing with any other.
 *
 * @throws InvalidArgumentError on an option out of range.
 * @example
 * ```ts
 * const network = createMemoryNetwork({ seed: 1, loss: 0.3 });
 * const alice = network.join("alice");
 * const bob = network.join("bob");
 * bob.subscribe((bytes) => console.log("bob got", bytes));
 * await Promise.all([alice.start(), bob.start()]);
 * await alice.publish(new TextEncoder().encode("hi"));
 * await network.settle();
 * ```
 */
export function createMemoryNetwork(init: MemoryNetworkInit): MemoryNetwork {
  const random: SeededRandom = createSeededRandom(init.seed);
  const clock = init.clock ?? createVirtualClock();
  const retentionMs = nonNegative(init.retentionMs ?? DEFAULT_RETENTION_MS, "retentionMs");
  const maxPayloadBytes = nonNegative(init.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES, "maxPayloadBytes");
  const reorderDelayMs = nonNegative(init.reorderDelayMs ?? DEFAULT_REORDER_DELAY_MS, "reorderDelayMs");
  const defaultEcho = init.echo ?? DEFAULT_ECHO;
  const faults: Faults = {
    loss: rate(init.loss ?? DEFAULT_LOSS, "loss"),
    duplication: rate(init.duplication ?? DEFAULT_DUPLICATION, "duplication"),
    reorder: rate(init.reorder ?? DEFAULT_REORDER, "reorder"),
    latency: validateLatency(init.latency ?? DEFAULT_LATENCY),
  };
  const store = createMemoryStore(clock, retentionMs);
  const events = new NetworkEventEmitter();
  const partitions = new Partitions();
  const peers = new Map<string, Peer>();
  const counters = {
    published: 0,
    publishFailed: 0,
    delivered: 0,
    duplicated: 0,
    retrieved: 0,
    dropped: { loss: 0, partition: 0, offline: 0, stopped: 0 },
  };

  const peerOf = (peerId: string): Peer => {
    const peer = peers.get(peerId);
    if (peer === undefined) throw new InvalidArgumentError(`unknown peer "${peerId}"`);
    return peer;
  };

  const drop = (from: string, to: string, hint: Uint8Array, reason: DropReason): void => {
    counters.dropped[reason]++;
    events.dispatch("dropped", () => ({ at: clock.now(), from, to, retrievalHint: hint, reason }));
  };

  const unreachable = (peer: Peer): DropReason | undefined => {
    if (!peer.transport.started) return "stopped";
    return peer.offline ? "offline" : undefined;
  };

  const dropInbound = (peer: Peer): void => {
    for (const delivery of peer.inbound) delivery.cancel();
    peer.inbound.clear();
  };

  const schedule = (
    to: Peer,
    from: string,
    bytes: Uint8Array,
    hint: Uint8Array,
    duplicate: boolean,
  ): void => {
    let delay = sampleLatency(faults.latency, random);
    if (faults.reorder > 0 && random.next() < faults.reorder) delay += random.next() * reorderDelayMs;
    const delivery = { cancel: (() => undefined) as Cancel };
    delivery.cancel = clock.setTimeout(() => {
      to.inbound.delete(delivery);
      const reason = unreachable(to);
      if (reason !== undefined) {
        drop(from, to.id, hint, reason);
        return;
      }
      counters.delivered++;
      events.dispatch("delivered", () => ({
        at: clock.now(),
        from,
        to: to.id,
        retrievalHint: hint,
        duplicate,
      }));
      to.transport.deliver(bytes, { retrievalHint: hint });
    }, delay);
    const cancel = delivery.cancel;
    delivery.cancel = () => {
      cancel();
      drop(from, to.id, hint, to.transport.started ? "offline" : "stopped");
    };
    to.inbound.add(delivery);
  };

  const send = (from: string, to: Peer, bytes: Uint8Array, hint: Uint8Array): void => {
    let reason = unreachable(to);
    if (reason === undefined && to.id !== from && partitions.separated(from, to.id)) reason = "partition";
    if (reason === undefined && faults.loss > 0 && random.next() < faults.loss) reason = "loss";
    if (reason !== undefined) {
      drop(from, to.id, hint, reason);
      return;
    }
    schedule(to, from, bytes, hint, false);
    if (faults.duplication > 0 && random.next() < faults.duplication) {
      counters.duplicated++;
      schedule(to, from, bytes, hint, true);
    }
  };

  const publishFailure = (from: string, kind: FailureKind, error: Error): Error => {
    counters.publishFailed++;
    const permanent = kind === "permanent";
    events.dispatch("publish-failed", () => ({ at: clock.now(), from, permanent, reason: error.message }));
    return error;
  };

  const port = {
    retention: retentionMs,
    maxPayloadBytes,
    publish(from: string, bytes: Uint8Array): Uint8Array {
      const sender = peerOf(from);
      if (sender.offline) {
        throw publishFailure(from, "transient", new TransientTransportError(`peer "${from}" is offline`));
      }
      const injected = sender.failPublish.shift();
      if (injected !== undefined) throw publishFailure(from, injected, injectedError(injected, "publish"));
      const copy = bytes.slice();
      const hint = retrievalHintOf(copy);
      store.put({ retrievalHint: hint, bytes: copy, storedAt: clock.now(), publisher: from });
      counters.published++;
      events.dispatch("published", () => ({ at: clock.now(), from, retrievalHint: hint, size: copy.length }));
      for (const to of peers.values()) {
        if (to.id !== from || sender.echo) send(from, to, copy, hint);
      }
      return hint.slice();
    },
    retrieve(from: string, hints: readonly Uint8Array[]): RetrievedPayload[] {
      const peer = peerOf(from);
      if (peer.offline) throw new TransientTransportError(`peer "${from}" is offline`);
      const injected = peer.failRetrieve.shift();
      if (injected !== undefined) throw injectedError(injected, "retrieve");
      const seen = new Set<string>();
      const found: RetrievedPayload[] = [];
      for (const hint of hints) {
        const stored = store.get(hint);
        if (stored === undefined || seen.has(toHex(hint))) continue;
        seen.add(toHex(hint));
        found.push({ retrievalHint: stored.retrievalHint.slice(), bytes: stored.bytes.slice() });
      }
      counters.retrieved += found.length;
      return found;
    },
    stopped(peerId: string): void {
      dropInbound(peerOf(peerId));
    },
  };

  const queueFailures = (queue: FailureKind[], kind: FailureKind, count: number): void => {
    if (!Number.isInteger(count) || count < 0) {
      throw new InvalidArgumentError(`count must be a non-negative integer, got ${count}`);
    }
    for (let i = 0; i < count; i++) queue.push(kind);
  };

  return {
    seed: init.seed,
    clock,
    store,
    events,
    get peers() {
      return [...peers.keys()];
    },
    join(peerId: string, options: JoinOptions = {}): MemoryTransport {
      if (peers.has(peerId)) throw new InvalidArgumentError(`peer "${peerId}" already joined`);
      const transport = createMemoryTransport(peerId, port);
      peers.set(peerId, {
        id: peerId,
        transport,
        echo: options.echo ?? defaultEcho,
        offline: false,
        failPublish: [],
        failRetrieve: [],
        inbound: new Set(),
      });
      return transport;
    },
    transport: (peerId) => peers.get(peerId)?.transport,
    setLoss(value) {
      faults.loss = rate(value, "loss");
    },
    setDuplication(value) {
      faults.duplication = rate(value, "duplication");
    },
    setReorder(value) {
      faults.reorder = rate(value, "reorder");
    },
    setLatency(latency) {
      faults.latency = validateLatency(latency);
    },
    partition: (groupA, groupB) => partitions.add(groupA, groupB),
    heal: () => partitions.clear(),
    setOffline(peerId, offline) {
      const peer = peerOf(peerId);
      peer.offline = offline;
      if (offline) dropInbound(peer);
    },
    isOffline: (peerId) => peerOf(peerId).offline,
    failNextPublish: (peerId, kind, count = 1) => queueFailures(peerOf(peerId).failPublish, kind, count),
    failNextRetrieve: (peerId, kind, count = 1) => queueFailures(peerOf(peerId).failRetrieve, kind, count),
    stats: () => ({ ...counters, dropped: { ...counters.dropped } }),
    settle: (options) => clock.runUntilIdleAsync(options),
  };
}
