/**
 * A deterministic, virtual-time simulation of SDS-R over `createSdsCore` (used by this package's tests and
 * by `apps/bench`). It is a test harness, so it lives here and not in the published `sds-repair`.
 * @packageDocumentation
 */
export { type Delivery, DeliveryQueue } from "./delivery-queue.js";
export { type RepairSimulationInit, type RepairSimulationReport, simulateRepair } from "./simulate-repair.js";
