import {
  InvalidArgumentError,
  PermanentTransportError,
  type RetrievedPayload,
  TransientTransportError,
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
import { DeliverySchedule } from "./delivery-schedule.js";
import { type Latency, sampleLatency, validateLatency } from "./latency.js";
import type { FailureKind, JoinOptions, MemoryNetwork, MemoryNetworkInit } from "./memory-network-api.js";
import { createMemoryStore } from "./memory-store.js";
import { createMemoryTransport, type Deliverable, type MemoryTransport } from "./memory-transport.js";
import { type DropReason, NetworkEventEmitter } from "./network-events.js";
import { Partitions } from "./partitions.js";
import { retrievalHintOf, toHex } from "./retrieval-hint.js";
import { createSeededRandom, type SeededRandom } from "./seeded-random.js";
import { createVirtualClock } from "./virtual-clock.js";

interface Peer {
  readonly id: string;
  readonly transport: MemoryTransport & Deliverable;
  readonly echo: boolean;
  offline: boolean;
  readonly failPublish: FailureKind[];
  readonly failRetrieve: FailureKind[];
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
    if (events.listenerCount("dropped") > 0)
      events.dispatch("dropped", { at: clock.now(), from, to, retrievalHint: hint, reason });
  };

  const inFlight = new DeliverySchedule<Delivery>(clock, (delivery) => arrive(delivery));

  const unreachable = (peer: Peer): DropReason | undefined => {
    if (!peer.transport.started) return "stopped";
    return peer.offline ? "offline" : undefined;
  };

  const dropInbound = (peer: Peer): void => {
    const reason = unreachable(peer) ?? "offline";
    for (const delivery of inFlight.cancelWhere((d) => d.to === peer)) {
      drop(delivery.from, peer.id, delivery.hint, reason);
    }
  };

  const arrive = (delivery: Delivery): void => {
    const { to, from, hint } = delivery;
    const reason = unreachable(to);
    if (reason !== undefined) {
      drop(from, to.id, hint, reason);
      return;
    }
    counters.delivered++;
    const duplicate = delivery.duplicate;
    if (events.listenerCount("delivered") > 0)
      events.dispatch("delivered", {
        at: clock.now(),
        from,
        to: to.id,
        retrievalHint: hint,
        duplicate,
      });
    to.transport.deliver(delivery.bytes, hint);
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
    inFlight.add({ to, from, bytes, hint, duplicate, done: false }, delay);
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
    if (events.listenerCount("publish-failed") > 0)
      events.dispatch("publish-failed", { at: clock.now(), from, permanent, reason: error.message });
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
      if (events.listenerCount("published") > 0)
        events.dispatch("published", { at: clock.now(), from, retrievalHint: hint, size: copy.length });
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
        if (stored === undefined) continue;
        const key = toHex(hint);
        if (seen.has(key)) continue;
        seen.add(key);
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
