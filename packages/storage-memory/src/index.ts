/**
 * The in-memory Storage port implementation (the reliable channel's default; not durable), plus the op
 * validation, ordering and integrity helpers every storage adapter of this project shares.
 * @packageDocumentation
 */
export { compareBigints, compareMessageIds } from "./compare.js";
export { type MemoryStorageInit, memoryStorage } from "./memory-storage.js";
export {
  CHECKSUM_BYTES,
  manifestChecksum,
  rowChecksum,
  type StoredRow,
  type StoreManifest,
  sameBytes,
} from "./row-checksum.js";
export { checkRowChecksum, RowTally } from "./row-tally.js";
export { MAX_STORED_BIGINT, validateStorageOps } from "./validate.js";
export { createMemoryVolume, type MemoryVolume } from "./volume.js";
