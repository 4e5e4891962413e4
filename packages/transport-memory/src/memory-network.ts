import { createSeededRandom, InvalidArgumentError } from "@reliable-channel/interfaces";
import {
  DEFAULT_DUPLICATION,
  DEFAULT_ECHO,
  DEFAULT_LATENCY,
  DEFAULT_LOSS,
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_PUBLISH_DELAY_MS,
  DEFAULT_REORDER,
  DEFAULT_REORDER_DELAY_MS,
  DEFAULT_RETENTION_MS,
  DEFAULT_RETRIEVE_DELAY_MS,
  DEFAULT_STORE_LOOKUP_WINDOW_MS,
} from "./defaults.js";
import { validateLatency } from "./latency.js";
import type { FailureKind, MemoryNetwork, MemoryNetworkInit } from "./memory-network-api.js";
import { createMemoryStore } from "./memory-store.js";
import { type Faults, NetworkFabric } from "./network-fabric.js";
import {
  createVirtualClock,
  DEFAULT_RUN_UNTIL_IDLE_MAX_STEPS,
  type RunUntilIdleOptions,
  type VirtualClock,
} from "./virtual-clock.js";
import { yieldToEventLoop } from "./yield.js";

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

function queueFailures(queue: FailureKind[], kind: FailureKind, count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidArgumentError(`count must be a non-negative integer, got ${count}`);
  }
  if (kind !== "transient" && kind !== "permanent") {
    throw new InvalidArgumentError(`kind must be "transient" or "permanent", got ${String(kind)}`);
  }
  for (let i = 0; i < count; i++) queue.push(kind);
}

/** Runs `clock` timer by timer, turning the event loop in between, while `busy()` and within the limits. */
async function settle(
  clock: VirtualClock,
  busy: () => boolean,
  options: RunUntilIdleOptions = {},
): Promise<number> {
  const maxSteps = options.maxSteps ?? DEFAULT_RUN_UNTIL_IDLE_MAX_STEPS;
  const limit = clock.now() + (options.maxTimeMs ?? Number.POSITIVE_INFINITY);
  let steps = 0;
  await yieldToEventLoop();
  while (busy() && steps < maxSteps) {
    const due = clock.nextDueAt();
    if (due === undefined || due > limit) break;
    clock.next();
    steps++;
    await yieldToEventLoop();
  }
  return steps;
}

function faultsOf(init: MemoryNetworkInit): Faults {
  return {
    loss: rate(init.loss ?? DEFAULT_LOSS, "loss"),
    duplication: rate(init.duplication ?? DEFAULT_DUPLICATION, "duplication"),
    reorder: rate(init.reorder ?? DEFAULT_REORDER, "reorder"),
    latency: validateLatency(init.latency ?? DEFAULT_LATENCY),
    reorderDelayMs: nonNegative(init.reorderDelayMs ?? DEFAULT_REORDER_DELAY_MS, "reorderDelayMs"),
  };
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
  const random = createSeededRandom(init.seed);
  const clock = init.clock ?? createVirtualClock();
  const faults = faultsOf(init);
  const store = createMemoryStore(
    clock,
    nonNegative(init.retentionMs ?? DEFAULT_RETENTION_MS, "retentionMs"),
  );
  const maxPayloadBytes = nonNegative(init.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES, "maxPayloadBytes");
  const defaultEcho = init.echo ?? DEFAULT_ECHO;
  const fabric = new NetworkFabric({
    clock,
    random,
    store,
    faults,
    maxPayloadBytes,
    publishDelayMs: nonNegative(init.publishDelayMs ?? DEFAULT_PUBLISH_DELAY_MS, "publishDelayMs"),
    retrieveDelayMs: nonNegative(init.retrieveDelayMs ?? DEFAULT_RETRIEVE_DELAY_MS, "retrieveDelayMs"),
    storeLookupWindowMs: nonNegative(
      init.storeLookupWindowMs ?? DEFAULT_STORE_LOOKUP_WINDOW_MS,
      "storeLookupWindowMs",
    ),
  });
  return {
    seed: init.seed,
    clock,
    store,
    events: fabric.events,
    get peers() {
      return [...fabric.peers.keys()];
    },
    join: (peerId, options = {}) => fabric.join(peerId, options.echo ?? defaultEcho),
    transport: (peerId) => fabric.peers.get(peerId)?.transport,
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
    partition: (groupA, groupB) => fabric.partitions.add(groupA, groupB),
    heal: () => fabric.partitions.clear(),
    setOffline: (peerId, offline) => fabric.setOffline(peerId, offline),
    isOffline: (peerId) => fabric.isOffline(peerId),
    failNextPublish: (peerId, kind, count = 1) => queueFailures(fabric.peer(peerId).failPublish, kind, count),
    failNextRetrieve: (peerId, kind, count = 1) =>
      queueFailures(fabric.peer(peerId).failRetrieve, kind, count),
    stats: () => fabric.stats(),
    settle: (options) => settle(clock, () => fabric.busy(), options),
  };
}
