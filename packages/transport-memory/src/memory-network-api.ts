import type { TypedEmitter } from "@reliable-channel/interfaces";
import type { Latency } from "./latency.js";
import type { MemoryStore } from "./memory-store.js";
import type { MemoryTransport } from "./memory-transport.js";
import type { MemoryNetworkEvents, MemoryNetworkStats } from "./network-events.js";
import type { RunUntilIdleOptions, VirtualClock } from "./virtual-clock.js";

/** Options of {@link createMemoryNetwork}. Rates are probabilities in [0, 1], drawn per delivery. */
export interface MemoryNetworkInit {
  /** Seeds every random choice of the network (faults, latency): same seed and calls, same run. */
  readonly seed: number;
  /** The clock that drives deliveries and store expiry. @default a new `createVirtualClock()` */
  readonly clock?: VirtualClock;
  /** How long the store keeps a payload. @default DEFAULT_RETENTION_MS (ms) */
  readonly retentionMs?: number;
  /** Delivery latency, rounded to whole milliseconds. @default DEFAULT_LATENCY (ms) */
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
  /**
   * How long (virtual ms) a publish takes before it is stored and sent; meanwhile it can be aborted and
   * `stop()` rejects it. Above 0, drive the clock while awaiting `publish`. @default DEFAULT_PUBLISH_DELAY_MS (ms)
   */
  readonly publishDelayMs?: number;
  /**
   * How long (virtual ms) a retrieval, or one page of a range query, takes; it can be aborted meanwhile.
   * @default DEFAULT_RETRIEVE_DELAY_MS (ms)
   */
  readonly retrieveDelayMs?: number;
  /**
   * How long (virtual ms) a transport's `retrieve` waits for other lookups on the same transport to share one
   * store request with (each caller gets what it asked for); 0: every lookup is its own request.
   * @default DEFAULT_STORE_LOOKUP_WINDOW_MS (ms)
   */
  readonly storeLookupWindowMs?: number;
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
 * The store is reachable from every online peer, whatever the partitions. Delays are rounded to whole
 * milliseconds; deliveries due at the same millisecond arrive in the order they were sent.
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
   * Takes `peerId` off the network (`true`) or brings it back (`false`). While offline its publishes,
   * retrievals and range queries fail with a transient error and everything sent to it is dropped; back
   * online, it receives only what is sent from then on (it must `retrieve` or `queryRange` the store to catch
   * up). Its transport's `connectivity` follows (offline while started is `online: false`), and its
   * listeners hear of the change synchronously. A partition does not take a peer offline.
   */
  setOffline(peerId: string, offline: boolean): void;
  /** Whether `peerId` is offline. */
  isOffline(peerId: string): boolean;
  /** Makes the next `count` publishes of `peerId` fail with a `kind` error, without publishing. */
  failNextPublish(peerId: string, kind: FailureKind, count?: number): void;
  /** Makes the next `count` store requests of `peerId` (retrievals, range query pages) fail with a `kind` error. */
  failNextRetrieve(peerId: string, kind: FailureKind, count?: number): void;
  /** Counters since creation. */
  stats(): MemoryNetworkStats;
  /**
   * Runs the clock, timer by timer, until nothing is under way on the network — no delivery in flight, no
   * publish or retrieval taking time — letting promise continuations run between timers, so replies sent by
   * async code are settled too. Other timers on the clock run as they fall due on the way; later ones are left
   * alone (so a periodic timer of the code under test cannot keep it spinning). Resolves with the number of
   * timers run; same limits as `VirtualClock.runUntilIdle`.
   */
  settle(options?: RunUntilIdleOptions): Promise<number>;
}
