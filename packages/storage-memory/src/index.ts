/**
 * The in-memory Storage port implementation (the reliable channel's default; not durable), plus the op
 * validation and ordering helpers every storage adapter of this project shares.
 * @packageDocumentation
 */
export { compareBigints, compareMessageIds } from "./compare.js";
export { type MemoryStorageInit, memoryStorage } from "./memory-storage.js";
export { MAX_STORED_BIGINT, validateStorageOps } from "./validate.js";
export { createMemoryVolume, type MemoryVolume } from "./volume.js";
