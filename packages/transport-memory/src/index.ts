/**
 * A deterministic in-memory network for tests and simulations: a virtual clock, a seeded random source,
 * seeded faults (loss, duplication, reordering, latency, partitions, offline peers, publish failures) and a
 * store with retention that answers retrieval-hint lookups.
 * @packageDocumentation
 */
export {
  createSeededRandom,
  type SeededRandom,
} from "./seeded-random.js";
export {
  createVirtualClock,
  DEFAULT_RUN_UNTIL_IDLE_MAX_STEPS,
  DEFAULT_VIRTUAL_CLOCK_START,
  type RunUntilIdleOptions,
  type VirtualClock,
  type VirtualClockInit,
} from "./virtual-clock.js";
