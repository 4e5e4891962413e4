/**
 * A deterministic in-memory network for tests and simulations: a virtual clock, a seeded random source,
 * seeded faults (loss, duplication, reordering, latency, partitions, offline peers, publish failures) and a
 * store with retention that answers retrieval-hint lookups and time-range queries.
 * @packageDocumentation
 */

// The memory network's seeded Random lives in @reliable-channel/interfaces (the one PRNG); re-exported here.
export { createSeededRandom, type SeededRandom } from "@reliable-channel/interfaces";
export {
  DEFAULT_DUPLICATION,
  DEFAULT_ECHO,
  DEFAULT_LATENCY,
  DEFAULT_LOSS,
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_PUBLISH_DELAY_MS,
  DEFAULT_QUERY_PAGE_SIZE,
  DEFAULT_REORDER,
  DEFAULT_REORDER_DELAY_MS,
  DEFAULT_RETENTION_MS,
  DEFAULT_RETRIEVE_DELAY_MS,
  DEFAULT_STORE_LOOKUP_WINDOW_MS,
} from "./defaults.js";
export { exponentialLatency, type Latency, type UniformLatency } from "./latency.js";
export { createMemoryNetwork } from "./memory-network.js";
export type { FailureKind, JoinOptions, MemoryNetwork, MemoryNetworkInit } from "./memory-network-api.js";
export type { MemoryStore, StoredMessage } from "./memory-store.js";
export type { MemoryTransport } from "./memory-transport.js";
export type { DropReason, MemoryNetworkEvents, MemoryNetworkStats } from "./network-events.js";
export { RETRIEVAL_HINT_BYTES, retrievalHintOf } from "./retrieval-hint.js";
export {
  createVirtualClock,
  DEFAULT_RUN_UNTIL_IDLE_MAX_STEPS,
  DEFAULT_VIRTUAL_CLOCK_START,
  type RunUntilIdleOptions,
  type VirtualClock,
  type VirtualClockInit,
} from "./virtual-clock.js";
