/**
 * A deterministic, virtual-time simulation of SDS-R over `createSdsCore` (used by this package's tests and
 * by `apps/bench`). Subpath export: `@reliable-channel/sds-repair/simulation`.
 * @packageDocumentation
 */
export { type Delivery, DeliveryQueue } from "./delivery-queue.js";
export { createPrng, type Prng, sample, uniformInt } from "./prng.js";
export { type RepairSimulationInit, type RepairSimulationReport, simulateRepair } from "./simulate-repair.js";
