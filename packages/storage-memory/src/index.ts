/**
 * The in-memory Storage port implementation (the reliable channel's default; not durable), plus the op
 * validation, ordering and integrity helpers every storage adapter of this project shares (also alone at
 * `@reliable-channel/storage-memory/helpers`).
 * @packageDocumentation
 */
export * from "./helpers.js";
export { type MemoryStorageInit, memoryStorage } from "./memory-storage.js";
export { createMemoryVolume, type MemoryVolume } from "./volume.js";
